// The systemd protocol as the real daemon speaks it: a unix datagram socket
// stands in for systemd's NOTIFY_SOCKET, WATCHDOG_USEC asks for pings.
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <chrono>
#include <csignal>
#include <cstdlib>
#include <string>
#include <vector>

#include "support/process.h"

namespace {

class NotifySocket {
 public:
  explicit NotifySocket(const std::string& path) : path_(path) {
    fd_ = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    sockaddr_un addr{};
    addr.sun_family = AF_UNIX;
    path.copy(addr.sun_path, sizeof addr.sun_path - 1);
    REQUIRE(bind(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0);
    timeval tv{0, 100'000};
    setsockopt(fd_, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
  }
  ~NotifySocket() {
    close(fd_);
    unlink(path_.c_str());
  }
  // Every datagram received within `ms`.
  std::vector<std::string> receive_for(int ms) {
    std::vector<std::string> out;
    auto end = std::chrono::steady_clock::now() + std::chrono::milliseconds(ms);
    char buf[4096];
    while (std::chrono::steady_clock::now() < end) {
      ssize_t n = recv(fd_, buf, sizeof buf, 0);
      if (n > 0) out.emplace_back(buf, static_cast<std::size_t>(n));
    }
    return out;
  }

 private:
  std::string path_;
  int fd_ = -1;
};

// One source on a host that never resolves here: the daemon runs, idles.
void write_config(const kf::test::TempDir& dir) {
  dir.write("feeds.yaml", R"(daemon:
  listen: 127.0.0.1:0
  database: state.db
sources:
  - id: k21
    type: feed
    url: https://www.kommune21.de/k21-meldungen/feed/
)");
}

int count_prefix(const std::vector<std::string>& messages, const std::string& prefix) {
  int n = 0;
  for (const auto& m : messages) n += m.find(prefix) != std::string::npos;
  return n;
}

}  // namespace

TEST_CASE("run tells systemd READY, STATUS, WATCHDOG pings and STOPPING", "[app][daemon]") {
  kf::test::TempDir dir;
  write_config(dir);
  NotifySocket notify(dir.path() + "/notify.sock");
  setenv("NOTIFY_SOCKET", (dir.path() + "/notify.sock").c_str(), 1);
  setenv("WATCHDOG_USEC", "200000", 1);  // pings every 100 ms
  kf::test::BackgroundProcess daemon({KF_BINARY, "run"}, dir.path(), dir.path());
  unsetenv("NOTIFY_SOCKET");
  unsetenv("WATCHDOG_USEC");

  auto first = notify.receive_for(3000);
  CHECK(count_prefix(first, "READY=1") == 1);
  CHECK(count_prefix(first, "STATUS=1 sources;") >= 1);
  // 3 s at one ping per 100 ms: allow a slow start on a loaded machine.
  CHECK(count_prefix(first, "WATCHDOG=1") >= 5);

  daemon.signal(SIGTERM);
  auto last = notify.receive_for(500);
  CHECK(count_prefix(last, "STOPPING=1") == 1);
  CHECK(daemon.wait(15'000) == 0);
}

TEST_CASE("a reload is announced to systemd as RELOADING then READY", "[app][daemon]") {
  kf::test::TempDir dir;
  write_config(dir);
  NotifySocket notify(dir.path() + "/notify.sock");
  setenv("NOTIFY_SOCKET", (dir.path() + "/notify.sock").c_str(), 1);
  kf::test::BackgroundProcess daemon({KF_BINARY, "run"}, dir.path(), dir.path());
  unsetenv("NOTIFY_SOCKET");
  REQUIRE(count_prefix(notify.receive_for(3000), "READY=1") == 1);
  daemon.signal(SIGHUP);
  auto messages = notify.receive_for(1000);
  CHECK(count_prefix(messages, "RELOADING=1") == 1);
  CHECK(count_prefix(messages, "READY=1") == 1);
  daemon.signal(SIGTERM);
  CHECK(daemon.wait(15'000) == 0);
}
