// Runs a real program for end-to-end tests and captures what it printed.
// Not thread-safe; meant for test code only.
#pragma once

#include <string>
#include <sys/types.h>
#include <vector>

namespace kf::test {

struct ProcessResult {
  int exit_code = -1;  // 128+N when killed by signal N
  std::string out;
  std::string err;
};

// Runs `argv` (argv[0] is a path) with `cwd` as working directory (empty:
// inherit), stdin from /dev/null, and waits for it to exit.
ProcessResult run_process(const std::vector<std::string>& argv, const std::string& cwd = "");

// A program running in the background (a daemon under test): stdout and
// stderr go to files in `log_dir`, so a test can read them while it runs.
// The destructor kills (SIGKILL) and reaps a process still running.
class BackgroundProcess {
 public:
  BackgroundProcess(const std::vector<std::string>& argv, const std::string& cwd,
                    const std::string& log_dir);
  ~BackgroundProcess();
  BackgroundProcess(const BackgroundProcess&) = delete;
  BackgroundProcess& operator=(const BackgroundProcess&) = delete;

  int pid() const { return pid_; }
  void signal(int sig) const;
  // Waits up to `timeout_ms` for the exit; returns the exit code (128+N when
  // killed by signal N) or -1 when still running.
  int wait(int timeout_ms);
  bool running();
  // Everything the program wrote to stderr / stdout so far.
  std::string err() const;
  std::string out() const;
  // Polls err() every 20 ms until it contains `needle`; false on timeout.
  bool wait_for_log(const std::string& needle, int timeout_ms) const;

 private:
  int pid_ = -1;
  int exit_code_ = -1;
  std::string out_path_, err_path_;
};

// A fresh empty directory under the system temp dir, removed on destruction.
class TempDir {
 public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::string& path() const { return path_; }
  // Writes `content` to path()/name and returns the full path.
  std::string write(const std::string& name, const std::string& content) const;

 private:
  std::string path_;
};

}  // namespace kf::test
