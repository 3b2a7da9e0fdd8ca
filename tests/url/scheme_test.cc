#include <catch2/catch.hpp>

#include <string>
#include <string_view>

#include "url/url.h"

using namespace std::literals;

TEST_CASE("the effective scheme sees through what browsers ignore", "[url]") {
  auto [ref, expected] = GENERATE(table<std::string_view, std::string_view>({
      {"JaVa\tscript:alert(1)", "javascript"},
      {" javascript:x", "javascript"},
      {"\x01javascript:x", "javascript"},
      {"\0javascript:x"sv, "javascript"},
      {"java\nscript:x", "javascript"},
      {"java\rscr\tipt:x", "javascript"},
      {"\t\n \x1f JAVASCRIPT:x", "javascript"},
      {"javascript\t:x", "javascript"},
      {"VBScript:MsgBox(1)", "vbscript"},
      {"data:text/html,<script>alert(1)</script>", "data"},
      {"DATA:text/html;base64,PHNjcmlwdD4=", "data"},
      {"mailto:a@b.example", "mailto"},
      {"https://example.org/", "https"},
      {"HTTP://example.org/", "http"},
      {"web+feed:x", "web+feed"},
      {"/foo", ""},
      {"foo/bar:baz", ""},
      {"?a:b", ""},
      {"#x:y", ""},
      {"1abc:x", ""},
      {"java script:x", ""},
      {"java\x01script:x", ""},
      {"javascript", ""},
      {"", ""},
  }));
  CAPTURE(ref);
  CHECK(kf::url::effective_scheme(ref) == expected);
}

TEST_CASE("only http, https and relative links are safe", "[url]") {
  auto [ref, expected] = GENERATE(table<std::string_view, bool>({
      {"https://example.org/a", true},
      {"HTTP://example.org/a", true},
      {" \thttps://example.org/a", true},
      {"/news/item.html", true},
      {"item.html?x=a:b", true},
      {"//cdn.example/x.png", true},
      {"#section", true},
      {"", true},
      {"javascript:alert(1)", false},
      {"JaVa\tscript:alert(1)", false},
      {"\x01javascript:alert(1)", false},
      {"java\x01script:alert(1)", false},
      {"java\0script:alert(1)"sv, false},
      {"data:text/html,<b>x</b>", false},
      {"vbscript:x", false},
      {"mailto:a@b.example", false},
      {"tel:+4930123", false},
      {"ftp://example.org/", false},
      {"file:///etc/passwd", false},
  }));
  CAPTURE(ref);
  CHECK(kf::url::is_safe_link(ref) == expected);
}
