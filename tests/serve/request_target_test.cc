#include "serve/request_target.h"

#include <catch2/catch.hpp>
#include <string>

using kf::serve::parse_target;

namespace {

std::string path_of(const std::string& raw) {
  auto target = parse_target(raw);
  return target ? target->path : "<error: " + target.error().message + ">";
}

}  // namespace

TEST_CASE("parse_target decodes the path once and normalizes slashes and dots", "[serve]") {
  CHECK(path_of("/") == "/");
  CHECK(path_of("/feed.atom") == "/feed.atom");
  CHECK(path_of("/feeds/a%20b.atom") == "/feeds/a b.atom");
  CHECK(path_of("/feeds/%C3%BCber.json") == "/feeds/über.json");
  CHECK(path_of("//feeds///x.rss") == "/feeds/x.rss");
  CHECK(path_of("/./feeds/./x") == "/feeds/x");
  CHECK(path_of("/sources/") == "/sources/");
  CHECK(path_of("/a/.") == "/a/");
  CHECK(path_of("/%252e%252e/x") == "/%2e%2e/x");  // decoded once only
  CHECK(path_of("/a+b") == "/a+b");                // '+' is literal in a path
  CHECK(path_of("http://example.org/feed.atom?page=2") == "/feed.atom");
  CHECK(path_of("HTTPS://example.org") == "/");
}

TEST_CASE("parse_target rejects traversal, NUL, backslashes and bad escapes", "[serve]") {
  for (const char* raw : {"/../etc/passwd",
                          "/a/../../etc/passwd",
                          "/..",
                          "/%2e%2e/etc/passwd",
                          "/%2e%2e%2fetc%2fpasswd",
                          "/a/%2E%2E/b",
                          "/..%5cwindows",
                          "/a\\b",
                          "/a%5cb",
                          "/feed.atom%00.html",
                          "/a%0d%0aSet-Cookie:x",
                          "/%zz",
                          "/abc%",
                          "/abc%4",
                          "/%c3",
                          "/%ff%fe",
                          "/%c0%ae%c0%ae/",
                          "feed.atom",
                          "",
                          "*",
                          "/a#frag",
                          "http://example.org?x=1"}) {
    INFO(raw);
    CHECK_FALSE(parse_target(raw).has_value());
  }
}

TEST_CASE("parse_target error names the target and the reason", "[serve]") {
  auto target = parse_target("/%2e%2e/x");
  REQUIRE_FALSE(target.has_value());
  CHECK(target.error().message == "serve: bad request target \"/%2e%2e/x\": \"..\" segment");
}

TEST_CASE("parse_target keeps repeated, empty and valueless query parameters", "[serve]") {
  auto target = parse_target("/search?q=B%C3%BCrger+amt&&page=2&page=3&flag&empty=&=v&x=a%3Db");
  REQUIRE(target.has_value());
  kf::serve::Fields expected = {{"q", "Bürger amt"}, {"page", "2"}, {"page", "3"}, {"flag", ""},
                                {"empty", ""},       {"", "v"},     {"x", "a=b"}};
  CHECK(target->query == expected);
  CHECK(target->path == "/search");
}

TEST_CASE("parse_target passes out-of-range values through for the route to judge", "[serve]") {
  auto target = parse_target("/feed.atom?page=-1&limit=0&page=99999999");
  REQUIRE(target.has_value());
  kf::serve::Fields expected = {{"page", "-1"}, {"limit", "0"}, {"page", "99999999"}};
  CHECK(target->query == expected);
}

TEST_CASE("parse_target rejects bad escapes, NUL and invalid UTF-8 in the query", "[serve]") {
  for (const char* raw :
       {"/s?q=%", "/s?q=%g1", "/s?q=a%00b", "/s?%00=1", "/s?q=%ff", "/s?q=%ed%a0%80"}) {
    INFO(raw);
    CHECK_FALSE(parse_target(raw).has_value());
  }
}

TEST_CASE("valid_utf8 accepts well-formed text and rejects overlongs and surrogates", "[serve]") {
  using kf::serve::valid_utf8;
  CHECK(valid_utf8("Kommune ü € 𝄞"));
  CHECK_FALSE(valid_utf8("\xc0\xaf"));          // overlong '/'
  CHECK_FALSE(valid_utf8("\xed\xa0\x80"));      // surrogate
  CHECK_FALSE(valid_utf8("\xf4\x90\x80\x80"));  // > U+10FFFF
  CHECK_FALSE(valid_utf8("\xe2\x82"));          // truncated
}
