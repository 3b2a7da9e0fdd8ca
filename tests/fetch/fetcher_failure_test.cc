// Real transfers that must fail as transport Errors, the address policy, and
// many transfers at once.
#include <catch2/catch.hpp>
#include <string>
#include <vector>

#include "fetch/fetcher.h"
#include "fetch/loop.h"
#include "support/http_server.h"

namespace {

using kf::fetch::Options;
using kf::fetch::Request;
using kf::fetch::Response;
using kf::fetch::test::fetch_one;
using kf::fetch::test::local_options;
using kf::test::HttpServer;
using kf::test::Reply;
using namespace std::chrono_literals;

// Fetches and requires an Error, returning its message.
std::string error_of(const Options& options, const std::string& url) {
  auto result = fetch_one(options, Request{url, "", "", "src"});
  INFO((result ? "status " + std::to_string(result->status) : std::string()));
  REQUIRE_FALSE(result.has_value());
  return result.error().message;
}

}  // namespace

TEST_CASE("a redirect loop is an Error", "[fetch]") {
  HttpServer server;
  server.redirect("/a", 302, "/b");
  server.redirect("/b", 301, "/a");
  const std::string url = server.url("/a");
  CHECK(error_of(local_options(), url) == "fetch: src: " + url + ": redirect loop");
}

TEST_CASE("too many distinct redirects are an Error but not a loop", "[fetch]") {
  HttpServer server;
  for (int i = 0; i < 8; ++i) server.redirect("/r" + std::to_string(i), 302, "/r" + std::to_string(i + 1));
  const std::string url = server.url("/r0");
  CHECK(error_of(local_options(), url) == "fetch: src: " + url + ": more than 5 redirects");
}

TEST_CASE("a closed port is connection refused", "[fetch]") {
  const std::string url = "http://127.0.0.1:" + std::to_string(kf::test::unused_port()) + "/";
  CHECK(error_of(local_options(), url) == "fetch: src: " + url + ": connection refused");
}

TEST_CASE("a connection reset mid-body is an Error", "[fetch]") {
  HttpServer server;
  server.on("/cut", Reply{.body = std::string(100000, 'x'), .reset_after = 1000});
  CHECK(error_of(local_options(), server.url("/cut")) ==
        "fetch: src: " + server.url("/cut") + ": connection reset");
}

TEST_CASE("a server that never answers times out within the configured timeout", "[fetch]") {
  HttpServer server;
  server.on("/silent", Reply{.never_answer = true});
  Options options = local_options();
  options.timeout = 1s;
  const auto start = std::chrono::steady_clock::now();
  const std::string url = server.url("/silent");
  CHECK(error_of(options, url) == "fetch: src: " + url + ": timed out after 1 s");
  CHECK(std::chrono::steady_clock::now() - start < 3s);
}

TEST_CASE("a slow drip past the total timeout is an Error", "[fetch]") {
  HttpServer server;
  server.on("/drip", Reply{.body = std::string(100, 'd'), .drip_bytes = 1, .drip_interval = 100ms});
  Options options = local_options();
  options.timeout = 1s;
  const std::string url = server.url("/drip");
  CHECK(error_of(options, url) == "fetch: src: " + url + ": timed out after 1 s");
}

TEST_CASE("a gzip bomb is cut at max_body after decompression", "[fetch]") {
  HttpServer server;
  server.on("/bomb", Reply{.gzip_zeros = 1ull << 30});
  const auto start = std::chrono::steady_clock::now();
  const std::string url = server.url("/bomb");
  CHECK(error_of(local_options(), url) == "fetch: src: " + url + ": body over 10 MiB");
  CHECK(std::chrono::steady_clock::now() - start < 8s);
}

TEST_CASE("a plain body one byte over max_body is an Error", "[fetch]") {
  HttpServer server;
  server.on("/big", Reply{.body = std::string(4097, 'x')});
  Options options = local_options();
  options.max_body = 4096;
  const std::string url = server.url("/big");
  CHECK(error_of(options, url) == "fetch: src: " + url + ": body over 4 KiB");
}

TEST_CASE("a header flood over 256 KiB is an Error", "[fetch]") {
  HttpServer server;
  server.on("/flood", Reply{.header_flood = 300 * 1024});
  const std::string url = server.url("/flood");
  CHECK(error_of(local_options(), url) == "fetch: src: " + url + ": response headers over 256 KiB");
}

TEST_CASE("loopback is refused in every spelling unless private networks are allowed", "[fetch]") {
  HttpServer server;
  server.on("/", Reply{.body = "secret"});
  const std::string port = std::to_string(server.port());
  Options options = local_options();
  options.allow_private_networks = false;
  for (const std::string host : {"127.0.0.1", "127.1", "0x7f.1", "2130706433", "localhost"}) {
    INFO(host);
    const std::string url = "http://" + host + ":" + port + "/";
    const std::string message = error_of(options, url);
    CHECK(message.starts_with("fetch: src: " + url + ": blocked private address "));
    CHECK((message.ends_with("127.0.0.1") || message.ends_with("::1")));
  }
  CHECK(server.hits("/") == 0);
  options.allow_private_networks = true;
  CHECK(fetch_one(options, Request{server.url("/"), "", "", "src"}).has_value());
}

TEST_CASE("a redirect to another scheme is refused", "[fetch]") {
  HttpServer server;
  server.redirect("/ftp", 302, "ftp://127.0.0.1/file");
  CHECK(error_of(local_options(), server.url("/ftp")).starts_with("fetch: src: " + server.url("/ftp")));
}

TEST_CASE("fifty concurrent fetches all complete", "[fetch]") {
  HttpServer server;
  for (int i = 0; i < 50; ++i) server.on("/n" + std::to_string(i), Reply{.body = "body " + std::to_string(i)});
  kf::fetch::test::Loop loop;
  kf::fetch::Fetcher fetcher(loop.io(), local_options());
  std::vector<std::string> bodies(50);
  int calls = 0;
  for (int i = 0; i < 50; ++i) {
    fetcher.fetch(Request{server.url("/n" + std::to_string(i)), "", "", "src"},
                  [&, i](kf::Result<Response> result) {
                    ++calls;
                    bodies[i] = result ? result->body : result.error().message;
                  });
  }
  CHECK(fetcher.in_flight() == 50);
  CHECK(loop.run());
  CHECK(calls == 50);
  for (int i = 0; i < 50; ++i) CHECK(bodies[i] == "body " + std::to_string(i));
  CHECK(fetcher.in_flight() == 0);
}

TEST_CASE("cancel_all calls every done exactly once with a cancelled Error", "[fetch]") {
  HttpServer server;
  server.on("/hang", Reply{.never_answer = true});
  kf::fetch::test::Loop loop;
  kf::fetch::Fetcher fetcher(loop.io(), local_options());
  std::vector<int> calls(5, 0);
  std::vector<std::string> messages(5);
  for (int i = 0; i < 5; ++i) {
    fetcher.fetch(Request{server.url("/hang"), "", "", "src"}, [&, i](kf::Result<Response> result) {
      ++calls[i];
      messages[i] = result ? "response" : result.error().message;
    });
  }
  CHECK_FALSE(loop.run(300ms));  // still waiting for the server
  CHECK(server.hits("/hang") == 5);
  fetcher.cancel_all();
  CHECK(fetcher.in_flight() == 0);
  CHECK(loop.run(2s));  // nothing left to wait for, no late callbacks
  for (int i = 0; i < 5; ++i) {
    CHECK(calls[i] == 1);
    CHECK(messages[i] == "fetch: src: " + server.url("/hang") + ": cancelled");
  }
}

TEST_CASE("destroying the Fetcher with transfers in flight calls no done and leaves the loop clean",
          "[fetch]") {
  HttpServer server;
  server.on("/hang", Reply{.never_answer = true});
  kf::fetch::test::Loop loop;
  int calls = 0;
  {
    kf::fetch::Fetcher fetcher(loop.io(), local_options());
    for (int i = 0; i < 3; ++i) {
      fetcher.fetch(Request{server.url("/hang"), "", "", "src"}, [&](kf::Result<Response>) { ++calls; });
    }
    CHECK_FALSE(loop.run(300ms));
    CHECK(fetcher.in_flight() == 3);
  }
  CHECK(loop.run(2s));  // handlers queued for the dead Fetcher must not run into it
  CHECK(calls == 0);
}

TEST_CASE("a malformed URL is an Error passed to done, not thrown", "[fetch]") {
  const std::string message = error_of(local_options(), "http://exa mple.org:99999/");
  CHECK(message.starts_with("fetch: src: http://exa mple.org:99999/: "));
}
