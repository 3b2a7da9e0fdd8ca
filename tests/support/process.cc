#include "support/process.h"

#include <fcntl.h>
#include <poll.h>
#include <sys/wait.h>
#include <unistd.h>

#include <csignal>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <stdexcept>

namespace kf::test {
namespace {

// In the forked child: stdin from /dev/null, stdout/stderr to `out`/`err`,
// then exec; never returns.
[[noreturn]] void exec_child(const std::vector<std::string>& argv, const std::string& cwd, int out,
                             int err) {
  int devnull = open("/dev/null", O_RDONLY);
  dup2(devnull, 0);
  dup2(out, 1);
  dup2(err, 2);
  if (!cwd.empty() && chdir(cwd.c_str()) != 0) _exit(127);
  std::vector<char*> args;
  for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
  args.push_back(nullptr);
  execv(args[0], args.data());
  _exit(127);
}

}  // namespace

ProcessResult run_process(const std::vector<std::string>& argv, const std::string& cwd) {
  int out_pipe[2], err_pipe[2];
  if (pipe(out_pipe) != 0 || pipe(err_pipe) != 0) throw std::runtime_error("pipe failed");
  pid_t pid = fork();
  if (pid < 0) throw std::runtime_error("fork failed");
  if (pid == 0) {
    close(out_pipe[0]);
    close(err_pipe[0]);
    exec_child(argv, cwd, out_pipe[1], err_pipe[1]);
  }
  close(out_pipe[1]);
  close(err_pipe[1]);
  ProcessResult result;
  pollfd fds[2] = {{out_pipe[0], POLLIN, 0}, {err_pipe[0], POLLIN, 0}};
  std::string* sinks[2] = {&result.out, &result.err};
  int open_fds = 2;
  char buf[4096];
  while (open_fds > 0) {
    if (poll(fds, 2, -1) < 0) break;
    for (int i = 0; i < 2; ++i) {
      if (fds[i].fd < 0 || !(fds[i].revents & (POLLIN | POLLHUP))) continue;
      ssize_t n = read(fds[i].fd, buf, sizeof buf);
      if (n > 0) {
        sinks[i]->append(buf, static_cast<std::size_t>(n));
      } else {
        close(fds[i].fd);
        fds[i].fd = -1;
        --open_fds;
      }
    }
  }
  int status = 0;
  waitpid(pid, &status, 0);
  result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  return result;
}

namespace {

std::string read_all(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

}  // namespace

BackgroundProcess::BackgroundProcess(const std::vector<std::string>& argv, const std::string& cwd,
                                     const std::string& log_dir)
    : out_path_(log_dir + "/stdout." + std::to_string(::getpid()) + "." +
                std::to_string(reinterpret_cast<std::uintptr_t>(this))),
      err_path_(log_dir + "/stderr." + std::to_string(::getpid()) + "." +
                std::to_string(reinterpret_cast<std::uintptr_t>(this))) {
  pid_ = fork();
  if (pid_ < 0) throw std::runtime_error("fork failed");
  if (pid_ == 0) {
    exec_child(argv, cwd, open(out_path_.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644),
               open(err_path_.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644));
  }
}

BackgroundProcess::~BackgroundProcess() {
  if (running()) {
    ::kill(pid_, SIGKILL);
    wait(10'000);
  }
  std::error_code ignored;
  std::filesystem::remove(out_path_, ignored);
  std::filesystem::remove(err_path_, ignored);
}

void BackgroundProcess::signal(int sig) const {
  if (pid_ > 0) ::kill(pid_, sig);
}

int BackgroundProcess::wait(int timeout_ms) {
  if (exit_code_ >= 0) return exit_code_;
  for (int waited = 0;; waited += 10) {
    int status = 0;
    pid_t r = waitpid(pid_, &status, WNOHANG);
    if (r == pid_) {
      exit_code_ = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
      return exit_code_;
    }
    if (r < 0 || waited >= timeout_ms) return -1;
    usleep(10'000);
  }
}

bool BackgroundProcess::running() { return pid_ > 0 && wait(0) < 0; }

std::string BackgroundProcess::err() const { return read_all(err_path_); }
std::string BackgroundProcess::out() const { return read_all(out_path_); }

bool BackgroundProcess::wait_for_log(const std::string& needle, int timeout_ms) const {
  for (int waited = 0; waited <= timeout_ms; waited += 20) {
    if (err().find(needle) != std::string::npos) return true;
    usleep(20'000);
  }
  return false;
}

TempDir::TempDir() {
  std::string pattern = (std::filesystem::temp_directory_path() / "kf-test-XXXXXX").string();
  if (mkdtemp(pattern.data()) == nullptr) throw std::runtime_error("mkdtemp failed");
  path_ = pattern;
}

TempDir::~TempDir() {
  std::error_code ignored;
  std::filesystem::remove_all(path_, ignored);
}

std::string TempDir::write(const std::string& name, const std::string& content) const {
  std::string full = path_ + "/" + name;
  std::ofstream(full, std::ios::binary) << content;
  return full;
}

}  // namespace kf::test
