#include "serve/conditional.h"

#include <catch2/catch.hpp>
#include <chrono>
#include <memory>
#include <string>

#include "serve/client.h"
#include "serve/entity.h"
#include "normalize/date.h"

using namespace std::chrono;
using kf::serve::Entity;
using kf::serve::finalize;
using kf::serve::Reply;
using kf::serve::Request;
using kf::serve::Response;

namespace {

const sys_seconds kNow = sys_days(2024y / March / 1) + 12h;

Request get(kf::serve::Fields headers = {}) {
  Request request;
  request.method = "GET";
  request.target = request.path = "/feed.atom";
  request.headers = std::move(headers);
  return request;
}

// A compressible body large enough to be worth gzip.
std::string feed_body() {
  std::string body = "<feed>";
  for (int i = 0; i < 50; ++i)
    body += "<entry><title>Digitale Verwaltung " + std::to_string(i) + "</title></entry>";
  return body + "</feed>";
}

Response feed_response() {
  Response response;
  response.content_type = "application/atom+xml; charset=utf-8";
  response.body = feed_body();
  response.last_modified = kNow - 1h;
  response.max_age = 300s;
  return response;
}

std::string header(const Reply& reply, std::string_view name) {
  return std::string(reply.header(name).value_or("<absent>"));
}

}  // namespace

TEST_CASE("accepts_gzip follows q-values and the wildcard", "[serve]") {
  using kf::serve::accepts_gzip;
  CHECK(accepts_gzip("gzip"));
  CHECK(accepts_gzip("deflate, gzip;q=0.5, br"));
  CHECK(accepts_gzip("GZIP"));
  CHECK(accepts_gzip("x-gzip"));
  CHECK(accepts_gzip("*"));
  CHECK(accepts_gzip("br, *;q=0.1"));
  CHECK(accepts_gzip("gzip ; q=1.000"));
  CHECK_FALSE(accepts_gzip(""));
  CHECK_FALSE(accepts_gzip("identity"));
  CHECK_FALSE(accepts_gzip("gzip;q=0"));
  CHECK_FALSE(accepts_gzip("gzip;q=0.000"));
  CHECK_FALSE(accepts_gzip("*, gzip;q=0"));
  CHECK_FALSE(accepts_gzip("*;q=0"));
  CHECK_FALSE(accepts_gzip("gzip;q=2"));  // invalid qvalue: element ignored
  CHECK_FALSE(accepts_gzip("gzip;q=abc"));
  CHECK_FALSE(accepts_gzip("gzipx, br"));
}

TEST_CASE("if_none_match_matches compares weakly over a list", "[serve]") {
  using kf::serve::if_none_match_matches;
  CHECK(if_none_match_matches("\"abc\"", "\"abc\""));
  CHECK(if_none_match_matches("W/\"abc\"", "\"abc\""));
  CHECK(if_none_match_matches("\"x\", W/\"y\" ,\"abc\"", "\"abc\""));
  CHECK(if_none_match_matches("*", "\"abc\""));
  CHECK(if_none_match_matches("\"a,b\", \"abc\"", "\"abc\""));
  CHECK_FALSE(if_none_match_matches("\"abcd\"", "\"abc\""));
  CHECK_FALSE(if_none_match_matches("abc", "\"abc\""));
  CHECK_FALSE(if_none_match_matches("\"abc", "\"abc\""));
  CHECK_FALSE(if_none_match_matches("", "\"abc\""));
}

TEST_CASE("A 200 gets a strong ETag, Last-Modified, Cache-Control and Vary", "[serve]") {
  Reply reply = finalize(get(), feed_response(), kNow);
  CHECK(reply.status == 200);
  CHECK(header(reply, "ETag") == Entity(feed_body()).etag());
  CHECK(header(reply, "ETag").size() == 34);
  CHECK(header(reply, "Last-Modified") == "Fri, 01 Mar 2024 11:00:00 GMT");
  CHECK(header(reply, "Cache-Control") == "max-age=300");
  CHECK(header(reply, "Vary") == "Accept-Encoding");
  CHECK(header(reply, "Content-Type") == "application/atom+xml; charset=utf-8");
  CHECK(header(reply, "Content-Encoding") == "<absent>");
  CHECK(reply.payload == feed_body());
  CHECK(reply.content_length == feed_body().size());
}

TEST_CASE("If-None-Match with the current ETag answers 304 without body", "[serve]") {
  std::string etag = Entity(feed_body()).etag();
  for (std::string inm : {etag, "W/" + etag, "\"other\", " + etag, std::string("*")}) {
    INFO(inm);
    Reply reply = finalize(get({{"if-none-match", inm}}), feed_response(), kNow);
    CHECK(reply.status == 304);
    CHECK(reply.payload.empty());
    CHECK_FALSE(reply.content_length.has_value());
    CHECK(header(reply, "ETag") == etag);
    CHECK(header(reply, "Cache-Control") == "max-age=300");
    CHECK(header(reply, "Vary") == "Accept-Encoding");
    CHECK(header(reply, "Last-Modified") == "<absent>");  // the ETag validates
    CHECK(header(reply, "Content-Type") == "<absent>");
  }
  Reply stale = finalize(get({{"if-none-match", "\"stale\""}}), feed_response(), kNow);
  CHECK(stale.status == 200);
  CHECK(stale.payload == feed_body());
}

TEST_CASE("If-Modified-Since answers 304 when nothing changed since", "[serve]") {
  auto at = [](sys_seconds t) {
    return get({{"if-modified-since", kf::normalize::format_http_date(t)}});
  };
  CHECK(finalize(at(kNow - 1h), feed_response(), kNow).status == 304);
  CHECK(finalize(at(kNow - 30min), feed_response(), kNow).status == 304);
  CHECK(finalize(at(kNow - 2h), feed_response(), kNow).status == 200);
  CHECK(finalize(get({{"if-modified-since", "garbage"}}), feed_response(), kNow).status == 200);
  Response no_date = feed_response();
  no_date.last_modified.reset();
  CHECK(finalize(at(kNow), std::move(no_date), kNow).status == 200);
}

TEST_CASE("If-None-Match takes precedence over If-Modified-Since", "[serve]") {
  Request request = get(
      {{"if-none-match", "\"stale\""}, {"if-modified-since", kf::normalize::format_http_date(kNow)}});
  CHECK(finalize(request, feed_response(), kNow).status == 200);
}

TEST_CASE("A Last-Modified in the future is sent as now", "[serve]") {
  Response response = feed_response();
  response.last_modified = kNow + 24h;
  CHECK(header(finalize(get(), std::move(response), kNow), "Last-Modified") ==
        "Fri, 01 Mar 2024 12:00:00 GMT");
}

TEST_CASE("gzip is sent when accepted, with its own ETag, and inflates to the body", "[serve]") {
  Reply reply = finalize(get({{"accept-encoding", "gzip, deflate"}}), feed_response(), kNow);
  CHECK(header(reply, "Content-Encoding") == "gzip");
  CHECK(header(reply, "Vary") == "Accept-Encoding");
  std::string plain_etag = Entity(feed_body()).etag();
  CHECK(header(reply, "ETag") == plain_etag.substr(0, plain_etag.size() - 1) + "-gz\"");
  CHECK(reply.payload.size() < feed_body().size());
  CHECK(reply.content_length == reply.payload.size());
  CHECK(kf::test::gunzip(reply.payload) == feed_body());

  Reply refused = finalize(get({{"accept-encoding", "gzip;q=0, *"}}), feed_response(), kNow);
  CHECK(header(refused, "Content-Encoding") == "<absent>");
  CHECK(refused.payload == feed_body());
}

TEST_CASE("The gzip ETag validates only the gzip variant", "[serve]") {
  Reply gz = finalize(get({{"accept-encoding", "gzip"}}), feed_response(), kNow);
  std::string gz_etag = header(gz, "ETag");
  CHECK(finalize(get({{"accept-encoding", "gzip"}, {"if-none-match", gz_etag}}), feed_response(),
                 kNow)
            .status == 304);
  CHECK(finalize(get({{"if-none-match", gz_etag}}), feed_response(), kNow).status == 200);
}

TEST_CASE("HEAD gets the GET headers and Content-Length but no payload", "[serve]") {
  Request head = get({{"accept-encoding", "gzip"}});
  head.method = "HEAD";
  Reply reply = finalize(head, feed_response(), kNow);
  Reply full = finalize(get({{"accept-encoding", "gzip"}}), feed_response(), kNow);
  CHECK(reply.status == 200);
  CHECK(reply.payload.empty());
  CHECK(reply.content_length == full.payload.size());
  CHECK(reply.fields == full.fields);
}

TEST_CASE("Small or non-textual bodies stay uncompressed and non-200 replies get no validators",
          "[serve]") {
  Response small;
  small.body = "ok";
  Reply reply = finalize(get({{"accept-encoding", "gzip"}}), std::move(small), kNow);
  CHECK(header(reply, "Content-Encoding") == "<absent>");
  CHECK(header(reply, "Vary") == "Accept-Encoding");

  Response png;
  png.content_type = "image/png";
  png.body = std::string(1000, 'x');
  Reply image = finalize(get({{"accept-encoding", "gzip"}}), std::move(png), kNow);
  CHECK(header(image, "Content-Encoding") == "<absent>");
  CHECK(header(image, "Vary") == "<absent>");

  Response missing = kf::serve::text_response(404);
  missing.body += std::string(1000, 'x');
  Reply not_found = finalize(get({{"accept-encoding", "gzip"}, {"if-none-match", "*"}}),
                             std::move(missing), kNow);
  CHECK(not_found.status == 404);
  CHECK(header(not_found, "ETag") == "<absent>");
  CHECK(header(not_found, "Content-Encoding") == "<absent>");
}

TEST_CASE("finalize sends a shared Entity's bytes without copying them", "[serve]") {
  auto entity = std::make_shared<const Entity>(feed_body());
  Response response = feed_response();
  response.body.clear();
  response.entity = entity;
  Reply reply = finalize(get(), std::move(response), kNow);
  CHECK(reply.payload.data() == entity->body().data());
  CHECK(reply.owner == entity);
  CHECK(entity->gzip() == entity->gzip());  // compressed once, same bytes after
  CHECK(entity->gzip() != nullptr);
}
