#include <atomic>
#include <mutex>
#include <utility>
#include <catch2/catch.hpp>
#include <string>
#include <thread>
#include <vector>

#include "serve/client.h"
#include "normalize/date.h"
#include "serve/test_server.h"

using kf::test::RawClient;
using kf::test::TestServer;

TEST_CASE("Server answers GET with the route's body and framing headers", "[serve]") {
  TestServer server;
  auto response = kf::test::exchange(server.port(), "GET /feed.atom HTTP/1.1\r\nHost: x\r\n\r\n");
  REQUIRE(response);
  CHECK(response->status == 200);
  CHECK(response->body == kf::test::feed_atom_body());
  CHECK(response->header("content-length") == std::to_string(kf::test::feed_atom_body().size()));
  CHECK(response->header("content-type") == "application/atom+xml; charset=utf-8");
  CHECK(response->header("cache-control") == "max-age=600");
  CHECK(response->header("last-modified") == kf::normalize::format_http_date(kf::test::kFeedModified));
  CHECK(response->header("x-content-type-options") == "nosniff");
  CHECK(response->header("server") == "kommunalfeed");
  CHECK(kf::normalize::parse_date(response->header("date"), {.default_zone = "UTC"}).has_value());
}

TEST_CASE("Server answers unknown paths with the route's 404", "[serve]") {
  TestServer server;
  auto response = kf::test::exchange(server.port(), "GET /nope HTTP/1.1\r\nHost: x\r\n\r\n");
  REQUIRE(response);
  CHECK(response->status == 404);
  CHECK(server.calls() == 1);
}

TEST_CASE("HEAD gets the GET headers including Content-Length and no body", "[serve]") {
  TestServer server;
  RawClient client(server.port());
  // HEAD then GET on one connection: if HEAD sent a body, the GET response
  // would not start where the client expects it.
  REQUIRE(client.send(
      "HEAD /feed.atom HTTP/1.1\r\nHost: x\r\n\r\nGET /feed.atom HTTP/1.1\r\nHost: x\r\n\r\n"));
  auto head = client.read_response(true);
  auto get = client.read_response();
  REQUIRE(head);
  REQUIRE(get);
  CHECK(head->status == 200);
  CHECK(head->body.empty());
  CHECK(head->header("content-length") == get->header("content-length"));
  CHECK(head->header("etag") == get->header("etag"));
  CHECK(get->body == kf::test::feed_atom_body());
}

TEST_CASE("Two requests on one keep-alive connection are both answered", "[serve]") {
  TestServer server;
  RawClient client(server.port());
  REQUIRE(client.send("GET / HTTP/1.1\r\nHost: x\r\n\r\n"));
  auto first = client.read_response();
  REQUIRE(client.send("GET /feed.atom HTTP/1.1\r\nHost: x\r\n\r\n"));
  auto second = client.read_response();
  REQUIRE(first);
  REQUIRE(second);
  CHECK(first->status == 200);
  CHECK(first->header("content-security-policy").starts_with("default-src 'none'"));
  CHECK(first->header("referrer-policy") == "no-referrer");
  CHECK(second->status == 200);
  CHECK(second->body == kf::test::feed_atom_body());
  CHECK(server.calls() == 2);
}

TEST_CASE("A request sent while a large reply is still being written is answered", "[serve]") {
  // The server reads the first request, then writes 8 MiB the client does
  // not read yet; the second request arrives during that write. The server
  // must not then wait for a readiness event that was already reported.
  TestServer server;
  RawClient client(server.port());
  REQUIRE(client.send("GET /big HTTP/1.1\r\nHost: x\r\n\r\n"));
  std::this_thread::sleep_for(std::chrono::milliseconds(100));
  REQUIRE(client.send("GET / HTTP/1.1\r\nHost: x\r\n\r\n"));
  std::this_thread::sleep_for(std::chrono::milliseconds(100));
  auto big = client.read_response();
  auto small = client.read_response(false, std::chrono::seconds(2));
  REQUIRE(big);
  CHECK(big->body.size() == kf::test::big_body().size());
  REQUIRE(small);
  CHECK(small->status == 200);
  CHECK(server.calls() == 2);
}

TEST_CASE("Keep-alive requests after pauses are each answered at once", "[serve]") {
  // Between requests the server defers its read past the loop's next poll;
  // every request must still be read as soon as it arrives.
  TestServer server;
  RawClient client(server.port());
  for (int i = 0; i < 5; ++i) {
    REQUIRE(client.send("GET / HTTP/1.1\r\nHost: x\r\n\r\n"));
    auto response = client.read_response(false, std::chrono::seconds(1));
    REQUIRE(response);
    CHECK(response->status == 200);
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
}

TEST_CASE("HTTP/1.0 without keep-alive gets one reply and a close", "[serve]") {
  TestServer server;
  RawClient client(server.port());
  REQUIRE(client.send("GET / HTTP/1.0\r\n\r\n"));
  auto response = client.read_response();
  REQUIRE(response);
  CHECK(response->status == 200);
  CHECK(client.closed_within(std::chrono::seconds(2)));
}

TEST_CASE("If-None-Match with the ETag over the wire answers 304 without body", "[serve]") {
  TestServer server;
  RawClient client(server.port());
  REQUIRE(client.send("GET /feed.atom HTTP/1.1\r\nHost: x\r\n\r\n"));
  auto first = client.read_response();
  REQUIRE(first);
  std::string etag = first->header("etag");
  REQUIRE(etag.size() > 2);
  REQUIRE(client.send("GET /feed.atom HTTP/1.1\r\nHost: x\r\nIf-None-Match: " + etag + "\r\n\r\n"));
  auto second = client.read_response();
  REQUIRE(second);
  CHECK(second->status == 304);
  CHECK(second->body.empty());
  CHECK(second->header("etag") == etag);
  CHECK_FALSE(second->has("content-length"));
  // The connection stays usable after a body-less 304.
  REQUIRE(client.send("GET / HTTP/1.1\r\nHost: x\r\n\r\n"));
  auto third = client.read_response();
  REQUIRE(third);
  CHECK(third->status == 200);
}

TEST_CASE("If-Modified-Since at Last-Modified over the wire answers 304", "[serve]") {
  TestServer server;
  std::string date = kf::normalize::format_http_date(kf::test::kFeedModified);
  auto same = kf::test::exchange(
      server.port(),
      "GET /feed.atom HTTP/1.1\r\nHost: x\r\nIf-Modified-Since: " + date + "\r\n\r\n");
  std::string older =
      kf::normalize::format_http_date(kf::test::kFeedModified - std::chrono::seconds(1));
  auto changed = kf::test::exchange(
      server.port(),
      "GET /feed.atom HTTP/1.1\r\nHost: x\r\nIf-Modified-Since: " + older + "\r\n\r\n");
  REQUIRE(same);
  REQUIRE(changed);
  CHECK(same->status == 304);
  CHECK(changed->status == 200);
}

TEST_CASE("gzip over the wire inflates to the plain body and varies on Accept-Encoding",
          "[serve]") {
  TestServer server;
  auto gz = kf::test::exchange(
      server.port(), "GET /feed.atom HTTP/1.1\r\nHost: x\r\nAccept-Encoding: br, gzip\r\n\r\n");
  auto plain = kf::test::exchange(server.port(), "GET /feed.atom HTTP/1.1\r\nHost: x\r\n\r\n");
  REQUIRE(gz);
  REQUIRE(plain);
  CHECK(gz->header("content-encoding") == "gzip");
  CHECK(gz->header("vary") == "Accept-Encoding");
  CHECK(plain->header("vary") == "Accept-Encoding");
  CHECK_FALSE(plain->has("content-encoding"));
  CHECK(gz->body.size() < plain->body.size());
  CHECK(kf::test::gunzip(gz->body) == plain->body);
  CHECK(gz->header("etag") != plain->header("etag"));
}

TEST_CASE("POST gets 405 with Allow and never reaches the route", "[serve]") {
  TestServer server;
  auto response = kf::test::exchange(server.port(),
                                     "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\n\r\nabc");
  REQUIRE(response);
  CHECK(response->status == 405);
  CHECK(response->header("allow") == "GET, HEAD");
  CHECK(server.calls() == 0);
}

TEST_CASE("Server::start reports a port already in use", "[serve]") {
  TestServer first;
  kf::serve::Server::Options options;
  options.listen = "127.0.0.1:" + std::to_string(first.port());
  auto second = kf::serve::Server::start(
      options, [](const kf::serve::Request&) { return kf::serve::Response{}; });
  REQUIRE_FALSE(second.has_value());
  CHECK(second.error().message ==
        "serve: cannot listen on " + options.listen + ": Address already in use");
}

TEST_CASE("Server::start rejects malformed listen addresses", "[serve]") {
  for (const char* listen : {"8080", "127.0.0.1", "127.0.0.1:", ":8080", "127.0.0.1:99999",
                             "::1:8080", "[::1]8080", "127.0.0.1:80a"}) {
    INFO(listen);
    kf::serve::Server::Options options;
    options.listen = listen;
    auto server = kf::serve::Server::start(
        options, [](const kf::serve::Request&) { return kf::serve::Response{}; });
    REQUIRE_FALSE(server.has_value());
    CHECK(server.error().message ==
          std::string("serve: bad listen address \"") + listen + "\" (want host:port)");
  }
}

TEST_CASE("Server listens on a hostname and on bracketed IPv6", "[serve]") {
  auto handler = [](const kf::serve::Request&) { return kf::serve::Response{}; };
  kf::serve::Server::Options options;
  options.listen = "localhost:0";
  auto named = kf::serve::Server::start(options, handler);
  REQUIRE(named.has_value());
  CHECK((*named)->port() != 0);
  options.listen = "[::1]:0";
  auto v6 = kf::serve::Server::start(options, handler);
  REQUIRE(v6.has_value());
  CHECK((*v6)->port() != 0);
}

TEST_CASE("Server options default to the documented limits", "[serve]") {
  kf::serve::Server::Options options;
  CHECK(options.listen == "127.0.0.1:8080");
  CHECK(options.max_header_bytes == 8 * 1024);
  CHECK(options.max_body_bytes == 16 * 1024);
  CHECK(options.read_timeout == std::chrono::seconds(10));
  CHECK(options.max_connections == 1024);
  CHECK(options.threads == 1);
}

TEST_CASE("stop closes open connections and is idempotent", "[serve]") {
  TestServer server;
  RawClient client(server.port());
  REQUIRE(client.send("GET / HTTP/1.1\r\nHost: x\r\n\r\n"));
  REQUIRE(client.read_response());
  server.server().stop();
  CHECK(client.closed_within(std::chrono::seconds(2)));
  server.server().stop();
  CHECK(server.server().connections() == 0);
}

TEST_CASE("A server with two I/O threads answers concurrent clients", "[serve]") {
  kf::serve::Server::Options options;
  options.threads = 2;
  TestServer server(options);
  std::vector<std::thread> clients;
  std::atomic<int> ok{0};
  for (int t = 0; t < 8; ++t) {
    clients.emplace_back([&] {
      RawClient client(server.port());
      for (int i = 0; i < 20; ++i) {
        if (!client.send("GET /feed.atom HTTP/1.1\r\nHost: x\r\nAccept-Encoding: gzip\r\n\r\n"))
          return;
        auto response = client.read_response();
        if (response && response->status == 200 &&
            kf::test::gunzip(response->body) == kf::test::feed_atom_body())
          ++ok;
      }
    });
  }
  for (auto& thread : clients) thread.join();
  CHECK(ok == 160);
  CHECK(server.calls() == 160);
}

TEST_CASE("on_reply sees every reply with its final status, also 304s and refusals", "[serve]") {
  std::mutex mutex;
  std::vector<std::pair<std::string, int>> seen;
  kf::serve::Server::Options options;
  options.on_reply = [&](std::string_view route, int status) {
    std::lock_guard lock(mutex);
    seen.emplace_back(std::string(route), status);
  };
  TestServer server(options);
  {
    RawClient client(server.port());
    REQUIRE(client.send("GET /feed.atom HTTP/1.1\r\nHost: x\r\n\r\n"));
    auto full = client.read_response();
    REQUIRE(full);
    REQUIRE(client.send("GET /feed.atom HTTP/1.1\r\nHost: x\r\nIf-None-Match: " +
                        full->header("etag") + "\r\n\r\n"));
    auto not_modified = client.read_response();
    REQUIRE(not_modified);
    CHECK(not_modified->status == 304);
  }
  {
    RawClient client(server.port());
    REQUIRE(client.send("DELETE /feed.atom HTTP/1.1\r\nHost: x\r\n\r\n"));
    REQUIRE(client.read_response());
  }
  {
    RawClient client(server.port());
    REQUIRE(client.send("GET / HTTP/1.1\r\nHost: x\r\n" + std::string(9000, 'X') + "\r\n\r\n"));
    REQUIRE(client.read_response());
  }
  std::lock_guard lock(mutex);
  using Seen = std::vector<std::pair<std::string, int>>;
  CHECK(seen == Seen{{"test", 200}, {"test", 304}, {"invalid", 405}, {"invalid", 431}});
}
