#include <sys/resource.h>

#include <catch2/catch.hpp>
#include <algorithm>
#include <chrono>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "serve/client.h"
#include "serve/test_server.h"

using namespace std::chrono_literals;
using kf::test::RawClient;
using kf::test::TestServer;

namespace {

// The server still serves a normal request, quickly.
void check_still_answers(std::uint16_t port) {
  auto start = std::chrono::steady_clock::now();
  auto response = kf::test::exchange(port, "GET / HTTP/1.1\r\nHost: x\r\n\r\n");
  REQUIRE(response);
  CHECK(response->status == 200);
  CHECK(std::chrono::steady_clock::now() - start < 1s);
}

std::optional<int> status_for(std::uint16_t port, const std::string& request) {
  auto response = kf::test::exchange(port, request);
  if (!response) return std::nullopt;
  return response->status;
}

}  // namespace

TEST_CASE("A 9 KiB header gets 431 and the server still answers others", "[serve]") {
  TestServer server;
  std::string request =
      "GET / HTTP/1.1\r\nHost: x\r\nX-Filler: " + std::string(9 * 1024, 'a') + "\r\n\r\n";
  CHECK(status_for(server.port(), request) == 431);
  CHECK(server.calls() == 0);
  check_still_answers(server.port());
}

TEST_CASE("A header just under the limit is accepted", "[serve]") {
  TestServer server;
  std::string request =
      "GET / HTTP/1.1\r\nHost: x\r\nX-Filler: " + std::string(7 * 1024, 'a') + "\r\n\r\n";
  CHECK(status_for(server.port(), request) == 200);
}

TEST_CASE("A body over the limit gets 413", "[serve]") {
  kf::serve::Server::Options options;
  options.max_body_bytes = 1024;
  TestServer server(options);
  std::string request =
      "GET / HTTP/1.1\r\nHost: x\r\nContent-Length: 2048\r\n\r\n" + std::string(2048, 'b');
  CHECK(status_for(server.port(), request) == 413);
  check_still_answers(server.port());
}

TEST_CASE("A slowloris client is dropped read_timeout after connecting", "[serve]") {
  kf::serve::Server::Options options;
  options.read_timeout = 2s;
  TestServer server(options);
  RawClient client(server.port());
  REQUIRE(client.connected());
  auto start = std::chrono::steady_clock::now();
  std::string header = "GET / HTTP/1.1\r\nHost: x\r\nX-Slow: " + std::string(100, 'z');
  bool closed = false;
  // One byte per second: each byte would reset a per-read timer; the
  // deadline for the whole request must not move.
  for (char byte : header) {
    if (!client.send(std::string(1, byte)) || client.closed_within(1s)) {
      closed = true;
      break;
    }
  }
  auto elapsed = std::chrono::steady_clock::now() - start;
  CHECK(closed);
  CHECK(elapsed >= 1900ms);
  CHECK(elapsed < 4s);
  CHECK(server.calls() == 0);
  check_still_answers(server.port());
}

TEST_CASE("An idle keep-alive connection is closed after idle_timeout", "[serve]") {
  kf::serve::Server::Options options;
  options.idle_timeout = 500ms;
  TestServer server(options);
  RawClient client(server.port());
  REQUIRE(client.send("GET / HTTP/1.1\r\nHost: x\r\n\r\n"));
  REQUIRE(client.read_response());
  auto start = std::chrono::steady_clock::now();
  CHECK(client.closed_within(3s));
  CHECK(std::chrono::steady_clock::now() - start >= 400ms);
}

TEST_CASE("Garbage bytes get 400 or a close, never a route call", "[serve]") {
  TestServer server;
  for (std::string garbage :
       {std::string("\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03", 11),
        std::string("HELLO\r\n\r\n"), std::string("GET\r\n\r\n"),
        std::string("GET / HTTP/9.9\r\n\r\n"), std::string("GET / HTTP/1.1\r\nNo colon\r\n\r\n"),
        std::string("GET /a b HTTP/1.1\r\nHost: x\r\n\r\n"), std::string(1000, '\0')}) {
    RawClient client(server.port());
    REQUIRE(client.send(garbage));
    auto response = client.read_response(false, 3s);
    if (response) CHECK(response->status == 400);
    CHECK(client.closed_within(3s));
  }
  CHECK(server.calls() == 0);
  check_still_answers(server.port());
}

TEST_CASE("Content-Length with Transfer-Encoding gets 400", "[serve]") {
  TestServer server;
  CHECK(status_for(server.port(),
                   "GET / HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n"
                   "Transfer-Encoding: chunked\r\n\r\n0\r\n\r\n") == 400);
  CHECK(status_for(server.port(),
                   "GET / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n"
                   "Content-Length: 5\r\n\r\n0\r\n\r\n") == 400);
  CHECK(status_for(server.port(),
                   "GET / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: gzip\r\n"
                   "Content-Length: 0\r\n\r\n") == 400);
  CHECK(server.calls() == 0);
}

TEST_CASE("Two Content-Length headers get 400, equal or not", "[serve]") {
  TestServer server;
  CHECK(status_for(server.port(),
                   "GET / HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n"
                   "Content-Length: 0\r\n\r\n") == 400);
  CHECK(status_for(server.port(),
                   "GET / HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n"
                   "Content-Length: 3\r\n\r\nabc") == 400);
  CHECK(server.calls() == 0);
}

TEST_CASE("Path traversal variants over the wire get 400 and reach no route", "[serve]") {
  TestServer server;
  for (const char* target : {"/../etc/passwd", "/%2e%2e%2fetc%2fpasswd", "/..%5cwindows%5cwin.ini",
                             "/feed.atom%00", "/a/%2E%2E/%2E%2E/etc/passwd", "/%2e%2e/", "/a/..",
                             "/..%2f..%2f", "/%c0%ae%c0%ae/etc/passwd"}) {
    INFO(target);
    CHECK(status_for(server.port(),
                     std::string("GET ") + target + " HTTP/1.1\r\nHost: x\r\n\r\n") == 400);
  }
  CHECK(server.calls() == 0);
  check_still_answers(server.port());
}

TEST_CASE("Connections beyond max_connections are closed at once", "[serve]") {
  kf::serve::Server::Options options;
  options.max_connections = 3;
  TestServer server(options);
  std::vector<std::unique_ptr<RawClient>> held;
  for (int i = 0; i < 3; ++i) held.push_back(std::make_unique<RawClient>(server.port()));
  for (int i = 0; i < 50 && server.server().connections() < 3; ++i)
    std::this_thread::sleep_for(10ms);
  REQUIRE(server.server().connections() == 3);
  RawClient extra(server.port());
  CHECK(extra.closed_within(2s));
  held.clear();
  for (int i = 0; i < 100 && server.server().connections() > 0; ++i)
    std::this_thread::sleep_for(10ms);
  check_still_answers(server.port());
}

TEST_CASE("1,000 concurrent idle connections do not stop the server from answering", "[serve]") {
  rlimit limit{};
  REQUIRE(getrlimit(RLIMIT_NOFILE, &limit) == 0);
  // Both ends of every connection live in this process.
  if (limit.rlim_cur < 2200) {
    limit.rlim_cur = std::min<rlim_t>(limit.rlim_max, 4096);
    REQUIRE(setrlimit(RLIMIT_NOFILE, &limit) == 0);
  }
  REQUIRE(limit.rlim_cur >= 2200);

  TestServer server;
  std::vector<std::unique_ptr<RawClient>> idle;
  for (int i = 0; i < 1000; ++i) {
    idle.push_back(std::make_unique<RawClient>(server.port()));
    REQUIRE(idle.back()->connected());
  }
  for (int i = 0; i < 300 && server.server().connections() < 1000; ++i)
    std::this_thread::sleep_for(10ms);
  CHECK(server.server().connections() == 1000);
  check_still_answers(server.port());
  // Half of them now trickle a partial request; still no effect on others.
  for (std::size_t i = 0; i < idle.size(); i += 2) REQUIRE(idle[i]->send("GET / HT"));
  check_still_answers(server.port());
  idle.clear();
  check_still_answers(server.port());
}
