// Runs a real program for end-to-end tests and captures what it printed.
// Not thread-safe; meant for test code only.
#pragma once

#include <string>
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
