#define CATCH_CONFIG_ENABLE_OPTIONAL_STRINGMAKER
#include <catch2/catch.hpp>

#include <string>
#include <string_view>

#include "url/url.h"

using Opt = std::optional<std::string>;
using kf::url::parse;

namespace {

// One line per component so a table row reads like the URL it describes.
std::string describe(const kf::url::Url& url) {
  auto show = [](const Opt& part) { return part ? "[" + *part + "]" : std::string("-"); };
  return "scheme=[" + url.scheme + "] userinfo=" + show(url.userinfo) + " host=" + show(url.host) +
         " port=" + show(url.port) + " path=[" + url.path + "] query=" + show(url.query) +
         " fragment=" + show(url.fragment);
}

}  // namespace

TEST_CASE("references split into their RFC 3986 components", "[url]") {
  auto [ref, expected] = GENERATE(table<std::string_view, std::string_view>({
      {"https://user:pw@Example.ORG:8443/a/b?q=1#frag",
       "scheme=[https] userinfo=[user:pw] host=[example.org] port=[8443] path=[/a/b] query=[q=1] fragment=[frag]"},
      {"HTTP://example.org",
       "scheme=[http] userinfo=- host=[example.org] port=- path=[] query=- fragment=-"},
      {"http://[2001:DB8::1]:80/x",
       "scheme=[http] userinfo=- host=[[2001:db8::1]] port=[80] path=[/x] query=- fragment=-"},
      {"http://example.org:/x?",
       "scheme=[http] userinfo=- host=[example.org] port=[] path=[/x] query=[] fragment=-"},
      {"https:\\\\example.org\\a\\b?c\\d",
       "scheme=[https] userinfo=- host=[example.org] port=- path=[/a/b] query=[c\\d] fragment=-"},
      {"https:///example.org/a",
       "scheme=[https] userinfo=- host=[example.org] port=- path=[/a] query=- fragment=-"},
      {"  \x01https://exa\tmple.org/a\n b \x1f",
       "scheme=[https] userinfo=- host=[example.org] port=- path=[/a b] query=- fragment=-"},
      {"mailto:Someone@Example.org",
       "scheme=[mailto] userinfo=- host=- port=- path=[Someone@Example.org] query=- fragment=-"},
      {"file:///etc/hosts",
       "scheme=[file] userinfo=- host=[] port=- path=[/etc/hosts] query=- fragment=-"},
      {"FTP://Files.Example/x",
       "scheme=[ftp] userinfo=- host=[Files.Example] port=- path=[/x] query=- fragment=-"},
      {"//cdn.example/x.png",
       "scheme=[] userinfo=- host=[cdn.example] port=- path=[/x.png] query=- fragment=-"},
      {"../a/b?x#y",
       "scheme=[] userinfo=- host=- port=- path=[../a/b] query=[x] fragment=[y]"},
      {"a\\b",
       "scheme=[] userinfo=- host=- port=- path=[a\\b] query=- fragment=-"},
      {"#only",
       "scheme=[] userinfo=- host=- port=- path=[] query=- fragment=[only]"},
      {"",
       "scheme=[] userinfo=- host=- port=- path=[] query=- fragment=-"},
      {"1st:thing",
       "scheme=[] userinfo=- host=- port=- path=[1st:thing] query=- fragment=-"},
  }));
  CAPTURE(ref);
  auto url = parse(ref);
  REQUIRE(url.has_value());
  CHECK(describe(*url) == expected);
}

TEST_CASE("references no browser would follow do not parse", "[url]") {
  auto ref = GENERATE(as<std::string_view>{},
                      "http://exa mple.org/",
                      "http://exa<mple.org/",
                      "http://example.org:http/",
                      "http://example.org:65536/",
                      "http://[::1/",
                      "http://[zz::1]/",
                      "http://[::1]x/",
                      "http://",
                      "https:///",
                      "http:relative",
                      "java\x01script:alert(1)",
                      "//host name/");
  CAPTURE(ref);
  CHECK_FALSE(parse(ref).has_value());
}

TEST_CASE("parsed references recompose to what was written", "[url]") {
  auto [ref, expected] = GENERATE(table<std::string_view, std::string_view>({
      {"https://user:pw@example.org:8443/a/b?q=1#frag", "https://user:pw@example.org:8443/a/b?q=1#frag"},
      {"HTTPS://Example.Org/A?B#C", "https://example.org/A?B#C"},
      {"http://example.org:/x?", "http://example.org:/x?"},
      {"https:\\\\example.org\\a", "https://example.org/a"},
      {"//cdn.example/x.png", "//cdn.example/x.png"},
      {"?q", "?q"},
      {"#f", "#f"},
      {"mailto:a@b.example", "mailto:a@b.example"},
      {"urn:isbn:0451450523", "urn:isbn:0451450523"},
      {"file:///etc/hosts", "file:///etc/hosts"},
      {"a/b/../c", "a/b/../c"},
  }));
  auto url = parse(ref);
  REQUIRE(url.has_value());
  CHECK(url->str() == expected);
}

TEST_CASE("recomposition keeps paths from reading as authorities or schemes", "[url]") {
  kf::url::Url no_authority;
  no_authority.scheme = "foo";
  no_authority.path = "//not-a-host/x";
  CHECK(no_authority.str() == "foo:/.//not-a-host/x");
  kf::url::Url colon_segment;
  colon_segment.path = "a:b/c";
  CHECK(colon_segment.str() == "./a:b/c");
}

TEST_CASE("dot segments are removed as RFC 3986 §5.2.4 says", "[url]") {
  auto [path, expected] = GENERATE(table<std::string_view, std::string_view>({
      {"/a/b/c/./../../g", "/a/g"},
      {"mid/content=5/../6", "mid/6"},
      {"/../a", "/a"},
      {"/a/..", "/"},
      {"/a/.", "/a/"},
      {"/a/./b/", "/a/b/"},
      {"/a//../b", "/a/b"},
      {"/.../a", "/.../a"},
      {"/a/%2E%2E/b", "/a/%2E%2E/b"},
      {"../../x", "x"},
      {"", ""},
      {"/", "/"},
  }));
  CAPTURE(path);
  CHECK(kf::url::remove_dot_segments(path) == expected);
}
