#define CATCH_CONFIG_ENABLE_OPTIONAL_STRINGMAKER
#include <catch2/catch.hpp>

#include <string>
#include <string_view>
#include <vector>

#include "url/url.h"

using Case = std::tuple<std::string_view, std::string_view>;
using kf::url::resolve;

TEST_CASE("the RFC 3986 normal examples resolve as §5.4.1 says", "[url]") {
  auto [ref, expected] = GENERATE(table<std::string_view, std::string_view>({
      Case{"g:h", "g:h"},
      Case{"g", "http://a/b/c/g"},
      Case{"./g", "http://a/b/c/g"},
      Case{"g/", "http://a/b/c/g/"},
      Case{"/g", "http://a/g"},
      Case{"//g", "http://g"},
      Case{"?y", "http://a/b/c/d;p?y"},
      Case{"g?y", "http://a/b/c/g?y"},
      Case{"#s", "http://a/b/c/d;p?q#s"},
      Case{"g#s", "http://a/b/c/g#s"},
      Case{"g?y#s", "http://a/b/c/g?y#s"},
      Case{";x", "http://a/b/c/;x"},
      Case{"g;x", "http://a/b/c/g;x"},
      Case{"g;x?y#s", "http://a/b/c/g;x?y#s"},
      Case{"", "http://a/b/c/d;p?q"},
      Case{".", "http://a/b/c/"},
      Case{"./", "http://a/b/c/"},
      Case{"..", "http://a/b/"},
      Case{"../", "http://a/b/"},
      Case{"../g", "http://a/b/g"},
      Case{"../..", "http://a/"},
      Case{"../../", "http://a/"},
      Case{"../../g", "http://a/g"},
  }));
  CAPTURE(ref);
  CHECK(resolve("http://a/b/c/d;p?q", ref) == std::optional<std::string>(expected));
}

TEST_CASE("the RFC 3986 abnormal examples resolve as §5.4.2 says", "[url]") {
  auto [ref, expected] = GENERATE(table<std::string_view, std::string_view>({
      Case{"../../../g", "http://a/g"},
      Case{"../../../../g", "http://a/g"},
      Case{"/./g", "http://a/g"},
      Case{"/../g", "http://a/g"},
      Case{"g.", "http://a/b/c/g."},
      Case{".g", "http://a/b/c/.g"},
      Case{"g..", "http://a/b/c/g.."},
      Case{"..g", "http://a/b/c/..g"},
      Case{"./../g", "http://a/b/g"},
      Case{"./g/.", "http://a/b/c/g/"},
      Case{"g/./h", "http://a/b/c/g/h"},
      Case{"g/../h", "http://a/b/c/h"},
      Case{"g;x=1/./y", "http://a/b/c/g;x=1/y"},
      Case{"g;x=1/../y", "http://a/b/c/y"},
      Case{"g?y/./x", "http://a/b/c/g?y/./x"},
      Case{"g?y/../x", "http://a/b/c/g?y/../x"},
      Case{"g#s/./x", "http://a/b/c/g#s/./x"},
      Case{"g#s/../x", "http://a/b/c/g#s/../x"},
      // The backward-compatible reading, which browsers share.
      Case{"http:g", "http://a/b/c/g"},
  }));
  CAPTURE(ref);
  CHECK(resolve("http://a/b/c/d;p?q", ref) == std::optional<std::string>(expected));
}

TEST_CASE("references resolve with browsers' leniency", "[url]") {
  auto [base, ref, expected] = GENERATE(table<std::string_view, std::string_view, std::string_view>({
      {"https://example.org/news/a.html", "//cdn.example.net/x.png", "https://cdn.example.net/x.png"},
      {"http://example.org/news/a.html", "//Example.NET:8080/x", "http://example.net:8080/x"},
      {"https://example.org/news/a.html?p=1", "?p=2", "https://example.org/news/a.html?p=2"},
      {"https://example.org/news/a.html?p=1", "#top", "https://example.org/news/a.html?p=1#top"},
      {"https://example.org/news/a.html?p=1#old", "", "https://example.org/news/a.html?p=1"},
      {"https://example.org/news/a.html#old", "?", "https://example.org/news/a.html?"},
      {"https://example.org/news/a.html", "  b.html\n", "https://example.org/news/b.html"},
      {"https://example.org/news/a.html", "b\t.html", "https://example.org/news/b.html"},
      {"https://example.org/news/a.html", "..\\img\\x.png", "https://example.org/img/x.png"},
      {"https://example.org/news/a.html", "\\\\evil.example\\x", "https://evil.example/x"},
      {"https://example.org/news/a.html", "x?a=\\b", "https://example.org/news/x?a=\\b"},
      {"https://example.org", "a", "https://example.org/a"},
      {"https://example.org/news/", "https://other.example/p", "https://other.example/p"},
      {"https://example.org/news/", "HTTPS://Other.Example/p/../q", "https://other.example/q"},
      {"https://example.org/news/", "mailto:someone@example.org", "mailto:someone@example.org"},
      {"https://example.org/news/", "javascript:alert(1)", "javascript:alert(1)"},
      {"https://example.org/a/b", "https:c", "https://example.org/a/c"},
      {"http://example.org/a/b", "https:/other.example/c", "https://other.example/c"},
      {"file:///srv/feeds/a.xml", "b.xml", "file:///srv/feeds/b.xml"},
      {"urn:example:a", "#frag", "urn:example:a#frag"},
  }));
  CAPTURE(base, ref);
  CHECK(resolve(base, ref) == std::optional<std::string>(expected));
}

TEST_CASE("xml:base chains resolve step by step", "[url]") {
  auto [chain, expected] = GENERATE(table<std::vector<std::string_view>, std::string_view>({
      {{"http://example.org/feeds/atom.xml", "../news/", "2024/", "item.html"},
       "http://example.org/news/2024/item.html"},
      {{"https://example.org/a/b/", "/c/", "d/../e/", "./f?x=1"}, "https://example.org/c/e/f?x=1"},
      {{"https://example.org/a/", "//mirror.example/b/", "c"}, "https://mirror.example/b/c"},
      {{"https://example.org/a/", "https://other.example/x/y", "", "#frag"}, "https://other.example/x/y#frag"},
  }));
  std::optional<std::string> current = std::string(chain.front());
  for (std::size_t i = 1; i < chain.size() && current; ++i) current = resolve(*current, chain[i]);
  CHECK(current == std::optional<std::string>(expected));
}

TEST_CASE("a relative or unusable base resolves to nothing", "[url]") {
  auto [base, ref] = GENERATE(table<std::string_view, std::string_view>({
      {"", "g"},
      {"", ""},
      {"/news/", "item.html"},
      {"example.org/news/", "item.html"},
      {"http://exa mple.org/", "g"},
      {"http://example.org:99999/", "g"},
      {"http://example.org/", "//bad host/"},
      {"http://example.org/", "http://example.org:8x/"},
      {"http://example.org/", "java\x01script:alert(1)"},
  }));
  CAPTURE(base, ref);
  CHECK(resolve(base, ref) == std::nullopt);
}

TEST_CASE("an absolute reference resolves without a usable base", "[url]") {
  CHECK(kf::url::resolve("", "http://b.example/p#f") == "http://b.example/p#f");
  CHECK(kf::url::resolve("", "HTTP://B.example/a/../p") == "http://b.example/p");
  CHECK(kf::url::resolve("relative/base", "https://b.example/x") == "https://b.example/x");
  CHECK_FALSE(kf::url::resolve("", "relative/ref"));
}
