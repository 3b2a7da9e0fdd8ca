// Real transfers against the scripted test server: what a Response carries.
#include <catch2/catch.hpp>
#include <string>

#include "fetch/fetcher.h"
#include "fetch/loop.h"
#include "support/http_server.h"

namespace {

using kf::fetch::Options;
using kf::fetch::Redirect;
using kf::fetch::Request;
using kf::fetch::Response;
using kf::fetch::test::fetch_one;
using kf::fetch::test::local_options;
using kf::test::HttpServer;
using kf::test::RecordedRequest;
using kf::test::Reply;

// Fetches and requires a Response, showing the Error otherwise.
Response get(const std::string& url, const std::string& etag = "", const std::string& last_modified = "") {
  auto result = fetch_one(local_options(), Request{url, etag, last_modified, "test"});
  INFO((result ? std::string() : result.error().message));
  REQUIRE(result.has_value());
  return std::move(*result);
}

}  // namespace

TEST_CASE("a 200 response carries body, content type, validators and lower-case headers", "[fetch]") {
  HttpServer server;
  server.on("/feed.xml", Reply{.status = 200,
                               .headers = {{"Content-Type", "application/rss+xml; charset=utf-8"},
                                           {"ETag", "\"v1\""},
                                           {"Last-Modified", "Sun, 06 Nov 1994 08:49:37 GMT"},
                                           {"Cache-Control", "max-age=900"},
                                           {"X-Custom", "Yes"}},
                               .body = "<rss>hallo</rss>"});
  const Response response = get(server.url("/feed.xml"));
  CHECK(response.status == 200);
  CHECK(response.body == "<rss>hallo</rss>");
  CHECK(response.content_type == "application/rss+xml; charset=utf-8");
  CHECK(response.etag == "\"v1\"");
  CHECK(response.last_modified == "Sun, 06 Nov 1994 08:49:37 GMT");
  CHECK(response.max_age == std::chrono::seconds(900));
  CHECK(response.header("x-custom") == "Yes");
  CHECK(response.effective_url == server.url("/feed.xml"));
  CHECK(response.redirects.empty());
  CHECK(response.bytes_received > response.body.size());
  CHECK_FALSE(response.not_modified());
  REQUIRE(server.hits("/feed.xml") == 1);
  CHECK(server.requests("/feed.xml")[0].header("user-agent") == "kommunalfeed-test/1");
}

TEST_CASE("validators are sent and a 304 is a not-modified Response", "[fetch]") {
  HttpServer server;
  server.on("/feed", [](const RecordedRequest& request) {
    if (request.header("if-none-match") == "\"v7\"") return Reply{.status = 304, .headers = {{"ETag", "\"v7\""}}};
    return Reply{.status = 200, .headers = {{"ETag", "\"v7\""}}, .body = "full"};
  });
  const Response fresh = get(server.url("/feed"));
  CHECK(fresh.status == 200);
  CHECK(fresh.body == "full");
  const Response again = get(server.url("/feed"), fresh.etag, "Sun, 06 Nov 1994 08:49:37 GMT");
  CHECK(again.not_modified());
  CHECK(again.body.empty());
  const auto requests = server.requests("/feed");
  REQUIRE(requests.size() == 2);
  CHECK(requests[0].header("if-none-match").empty());
  CHECK(requests[1].header("if-none-match") == "\"v7\"");
  CHECK(requests[1].header("if-modified-since") == "Sun, 06 Nov 1994 08:49:37 GMT");
}

TEST_CASE("a 301 then 302 chain is recorded hop by hop with the final URL", "[fetch]") {
  HttpServer server;
  server.redirect("/old", 301, server.url("/middle"));
  server.redirect("/middle", 302, "/new?x=1");  // relative Location
  server.on("/new", Reply{.body = "arrived"});
  const Response response = get(server.url("/old"));
  CHECK(response.status == 200);
  CHECK(response.body == "arrived");
  CHECK(response.effective_url == server.url("/new?x=1"));
  REQUIRE(response.redirects.size() == 2);
  CHECK(response.redirects[0] == Redirect{301, server.url("/old"), server.url("/middle")});
  CHECK(response.redirects[1] == Redirect{302, server.url("/middle"), server.url("/new?x=1")});
}

TEST_CASE("HTTP error statuses are Responses, not Errors", "[fetch]") {
  HttpServer server;
  for (int status : {404, 410, 500, 503}) {
    server.on("/s" + std::to_string(status), Reply{.status = status, .body = "oops"});
  }
  for (int status : {404, 410, 500, 503}) {
    INFO(status);
    const Response response = get(server.url("/s" + std::to_string(status)));
    CHECK(response.status == status);
    CHECK(response.body == "oops");
  }
  CHECK(get(server.url("/unscripted")).status == 404);
}

TEST_CASE("Retry-After is read as seconds or HTTP-date and capped at seven days", "[fetch]") {
  HttpServer server;
  server.on("/busy", Reply{.status = 429, .headers = {{"Retry-After", "120"}}});
  server.on("/far", Reply{.status = 429, .headers = {{"Retry-After", "31536000"}}});
  char date[64];
  const std::time_t in_one_hour = std::time(nullptr) + 3600;
  std::tm tm{};
  gmtime_r(&in_one_hour, &tm);
  std::strftime(date, sizeof date, "%a, %d %b %Y %H:%M:%S GMT", &tm);
  server.on("/down", Reply{.status = 503, .headers = {{"Retry-After", date}}});

  CHECK(get(server.url("/busy")).retry_after == std::chrono::seconds(120));
  CHECK(get(server.url("/far")).retry_after == std::chrono::seconds(7 * 24 * 3600));
  const auto dated = get(server.url("/down")).retry_after;
  REQUIRE(dated.has_value());
  CHECK(dated->count() >= 3590);
  CHECK(dated->count() <= 3600);
}

TEST_CASE("a gzip-encoded body arrives decompressed", "[fetch]") {
  HttpServer server;
  const std::string text = std::string(50000, 'k') + "ommunal";
  server.on("/gz", Reply{.body = text, .gzip = true});
  const Response response = get(server.url("/gz"));
  CHECK(response.header("content-encoding") == "gzip");
  CHECK(response.body == text);
  CHECK(response.bytes_received < 10000);  // counted as sent, compressed
  CHECK(server.requests("/gz")[0].header("accept-encoding").find("gzip") != std::string::npos);
}

TEST_CASE("an empty body is an empty string", "[fetch]") {
  HttpServer server;
  server.on("/empty", Reply{.status = 200});
  server.on("/none", Reply{.status = 204});
  CHECK(get(server.url("/empty")).body.empty());
  const Response no_content = get(server.url("/none"));
  CHECK(no_content.status == 204);
  CHECK(no_content.body.empty());
}

TEST_CASE("a body of exactly max_body bytes is accepted", "[fetch]") {
  HttpServer server;
  server.on("/exact", Reply{.body = std::string(4096, 'x')});
  Options options = local_options();
  options.max_body = 4096;
  auto result = fetch_one(options, Request{server.url("/exact"), "", "", "test"});
  REQUIRE(result.has_value());
  CHECK(result->body.size() == 4096);
}

TEST_CASE("a done callback may start the next fetch on the same Fetcher", "[fetch]") {
  HttpServer server;
  server.on("/a", Reply{.body = "A"});
  server.on("/b", Reply{.body = "B"});
  kf::fetch::test::Loop loop;
  kf::fetch::Fetcher fetcher(loop.io(), local_options());
  std::string seen;
  fetcher.fetch(Request{server.url("/a"), "", "", "test"}, [&](kf::Result<Response> first) {
    seen += first ? first->body : "error";
    fetcher.fetch(Request{server.url("/b"), "", "", "test"}, [&](kf::Result<Response> second) {
      seen += second ? second->body : "error";
    });
  });
  CHECK(loop.run());
  CHECK(seen == "AB");
  CHECK(fetcher.in_flight() == 0);
}
