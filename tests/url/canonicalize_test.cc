#define CATCH_CONFIG_ENABLE_OPTIONAL_STRINGMAKER
#include <catch2/catch.hpp>

#include <string>
#include <string_view>
#include <tuple>
#include <vector>

#include "url/quick_resolve.h"
#include "url/url.h"

using kf::url::canonicalize;
using Case = std::tuple<std::string_view, std::string_view>;

namespace {

const std::vector<Case>& canonical_cases() {
  static const std::vector<Case> cases = {
      // scheme, host, port
      {"http://Example.COM/a", "http://example.com/a"},
      {"HTTP://example.com", "http://example.com/"},
      {"https://example.com?x=1", "https://example.com/?x=1"},
      {"http://example.com:80/x", "http://example.com/x"},
      {"https://example.com:443/x", "https://example.com/x"},
      {"http://example.com:443/x", "http://example.com:443/x"},
      {"https://example.com:80/x", "https://example.com:80/x"},
      {"https://example.com:8443/x", "https://example.com:8443/x"},
      {"http://example.com:/x", "http://example.com/x"},
      {"http://example.com:0080/x", "http://example.com/x"},
      {"http://example.com:08080/x", "http://example.com:8080/x"},
      {"https://example.com./x", "https://example.com/x"},
      {"https://example.com../x", "https://example.com/x"},
      {"https://EXAMPLE.%43om/x", "https://example.com/x"},
      {"https://münchen.de/Bürger", "https://münchen.de/B%C3%BCrger"},
      {"http://[2001:DB8::1]:8080/x", "http://[2001:db8::1]:8080/x"},
      {"http://[::1]:80/", "http://[::1]/"},
      {"https://User:Pa%3as@example.com/", "https://User:Pa%3As@example.com/"},
      // fragments and whitespace
      {"https://example.com/a#frag", "https://example.com/a"},
      {"https://example.com/a?b=1#frag?c", "https://example.com/a?b=1"},
      {"  https://example.com/x\n", "https://example.com/x"},
      {"https://exa\tmple.com/x\r\n/y", "https://example.com/x/y"},
      {"https:\\\\example.com\\a\\b", "https://example.com/a/b"},
      // dot segments
      {"https://example.com/a/./b/../c", "https://example.com/a/c"},
      {"https://example.com/../a", "https://example.com/a"},
      {"https://example.com/a/%2e%2E/b", "https://example.com/b"},
      {"https://example.com/a/b/..", "https://example.com/a/"},
      // percent-encoding
      {"https://example.com/%7euser/%41%62", "https://example.com/~user/Ab"},
      {"https://example.com/a%2fb%3f%3d", "https://example.com/a%2Fb%3F%3D"},
      {"https://example.com/stra%c3%9fe", "https://example.com/stra%C3%9Fe"},
      {"https://example.com/straße", "https://example.com/stra%C3%9Fe"},
      {"https://example.com/a b/\"c\"/{d}|e^", "https://example.com/a%20b/%22c%22/%7Bd%7D%7Ce%5E"},
      {"https://example.com/100%", "https://example.com/100%25"},
      {"https://example.com/%%341", "https://example.com/%2541"},
      {"https://example.com/a:b@c;d=e,f", "https://example.com/a:b@c;d=e,f"},
      // query
      {"https://example.com/a?", "https://example.com/a"},
      {"https://example.com/a?&&", "https://example.com/a"},
      {"https://example.com/a?x=1&&y=2&", "https://example.com/a?x=1&y=2"},
      {"https://example.com/a?utm_source=x&id=5&UTM_Medium=y&fbclid=abc", "https://example.com/a?id=5"},
      {"https://example.com/a?b=2&gclid=1&a=1", "https://example.com/a?b=2&a=1"},
      {"https://example.com/a?utm_source=feed", "https://example.com/a"},
      {"https://example.com/a?pk_campaign=x&mtm_source=y&_hsenc=1&_hsmi=2&mc_cid=3&mc_eid=4&page=2",
       "https://example.com/a?page=2"},
      {"https://example.com/a?MSCLKID=1&igshid=2&WT_MC=3&yclid=4&dclid=5&lang=de", "https://example.com/a?lang=de"},
      {"https://example.com/a?utm=1&pkg=2&xutm_source=3&gclid2=4", "https://example.com/a?utm=1&pkg=2&xutm_source=3&gclid2=4"},
      {"https://example.com/a?utm%5Fsource=x&q=1", "https://example.com/a?q=1"},
      {"https://example.com/a?flag&fbclid", "https://example.com/a?flag"},
      {"https://example.com/s?q=a b&x=\"ä\"", "https://example.com/s?q=a%20b&x=%22%C3%A4%22"},
      {"https://example.com/s?q=%e2%82%ac+x&r=%7E", "https://example.com/s?q=%E2%82%AC+x&r=~"},
      {"https://example.com/s?a=%26&b=c%3D&d=/?:@", "https://example.com/s?a=%26&b=c%3D&d=/?:@"},
      {"https://example.com/s?f[a]=1&g=\\", "https://example.com/s?f%5Ba%5D=1&g=%5C"},
  };
  return cases;
}

}  // namespace

TEST_CASE("http(s) URLs canonicalize to one identity", "[url]") {
  auto [input, expected] = GENERATE(from_range(canonical_cases()));
  CAPTURE(input);
  CHECK(canonicalize(input) == std::optional<std::string>(expected));
}

TEST_CASE("canonicalizing a canonical URL changes nothing", "[url]") {
  auto [input, expected] = GENERATE(from_range(canonical_cases()));
  CAPTURE(input);
  auto once = canonicalize(input);
  REQUIRE(once.has_value());
  CHECK(canonicalize(*once) == once);
}

TEST_CASE("spellings a server treats alike canonicalize to the same string", "[url]") {
  auto [a, b] = GENERATE(table<std::string_view, std::string_view>({
      {"HTTPS://WWW.Example.com:443/news/../news/item?id=1&utm_campaign=x#c", "https://www.example.com/news/item?id=1"},
      {"https://example.com/%c3%bc", "https://example.com/ü"},
      {"https://example.com/~a", "https://example.com/%7Ea"},
      {"https://example.com", "https://example.com/"},
  }));
  CAPTURE(a, b);
  auto left = canonicalize(a);
  REQUIRE(left.has_value());
  CHECK(left == canonicalize(b));
}

TEST_CASE("anything but an absolute http(s) URL has no canonical form", "[url]") {
  auto input = GENERATE(as<std::string_view>{},
                        "javascript:alert(1)",
                        "JaVa\tscript:alert(1)",
                        "ftp://example.com/file",
                        "mailto:a@example.com",
                        "data:text/html,x",
                        "/relative/path",
                        "relative.html",
                        "//example.com/x",
                        "",
                        "http://",
                        "http:///",
                        "https://./",
                        "http:example.com",
                        "https://exa mple.com/",
                        "http://example.com:99999/",
                        "http://example.com:8a/");
  CAPTURE(input);
  CHECK(canonicalize(input) == std::nullopt);
}

TEST_CASE("quick_canonicalize agrees with the parsing canonicalizer wherever it answers",
          "[url]") {
  const char* prefixes[] = {"http://", "https://", "HTTPS://", "http:/", "https:///", "ftp://",
                            " https://", "http:\\\\"};
  const char* hosts[] = {"example.org", "www.bund.de", "a-b.example", "Example.org", "example.org.",
                         "ex_ample.org", "example.org:8080", "u@example.org", "", "a..b",
                         "[::1]", "xn--mnchen-3ya.de"};
  const char* paths[] = {"", "/", "/a/b.html", "/a//b", "/./a", "/a/..", "/a/.b/..c", "/%41b",
                         "/a b", "/a\\b", "/:@!$&'()*+,;=", "/\xC3\xA4", "/a/.", "/..", "/a~_-.",
                         "/a\tb", "/a|b", "/a\"b"};
  const char* queries[] = {"", "?", "?x=1", "?x=1&&y=2", "?utm_source=x&id=3", "?a=%2f&b=\xC3\xA4",
                           "?fbclid=1", "?&", "?x=1#?y"};
  const char* fragments[] = {"", "#", "#top", "#a b", "#%zz"};
  std::size_t answered = 0, total = 0;
  for (const char* prefix : prefixes)
    for (const char* host : hosts)
      for (const char* path : paths)
        for (const char* query : queries)
          for (const char* fragment : fragments) {
            std::string url = std::string(prefix) + host + path + query + fragment;
            CAPTURE(url);
            const auto parsed = kf::url::detail::canonicalize_parsed(url);
            CHECK(canonicalize(url) == parsed);
            if (auto quick = kf::url::detail::quick_canonicalize(url)) {
              ++answered;
              CHECK(parsed == quick);
            }
            ++total;
          }
  // The shortcut must take the common plain URLs, and only them.
  CHECK(answered > 1000);
  CHECK(answered < total / 4);
  CHECK(kf::url::detail::quick_canonicalize("https://www.bund.de/onlinezugang?x=1&y=2#f") ==
        "https://www.bund.de/onlinezugang?x=1&y=2");
  CHECK(kf::url::detail::quick_canonicalize("https://Www.bund.de/") == std::nullopt);
}
