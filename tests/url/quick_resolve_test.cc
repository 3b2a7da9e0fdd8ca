#include <catch2/catch.hpp>

#include <string>

#include "url/quick_resolve.h"
#include "url/url.h"

using kf::url::detail::quick_resolve;

namespace {

// What Scope::resolve gives without the shortcut: url::resolve, or the
// reference itself when that fails.
std::string slow(std::string_view base, std::string_view ref) {
  if (auto r = kf::url::resolve(base, ref)) return *r;
  return std::string(ref);
}

}  // namespace

TEST_CASE("quick_resolve takes plain absolute and relative references", "[url]") {
  CHECK(quick_resolve("https://a.example/x/y", "https://b.example/p?q#f") ==
        "https://b.example/p?q#f");
  CHECK(quick_resolve("", "http://b.example") == "http://b.example");
  CHECK(quick_resolve("https://a.example/news/", "2025/item.html") ==
        "https://a.example/news/2025/item.html");
  CHECK(quick_resolve("https://a.example/news/index.html?x=1", "item?id=2#c") ==
        "https://a.example/news/item?id=2#c");
  CHECK(quick_resolve("https://a.example", "item") == "https://a.example/item");
  CHECK(quick_resolve("http://a.example/x/y", "/root/z") == "http://a.example/root/z");
}

TEST_CASE("quick_resolve leaves to url::resolve what it would rewrite", "[url]") {
  for (const char* ref : {"HTTPS://a.example/", "https://A.example/", "https://a.example:8080/",
                          "https://u@a.example/", "https://a.example/./x", "https://a.example/a/..",
                          "https://a.example/a b", "https://a.example/a\\b", " https://a.example/",
                          "https://a.example/\xC3\xA4", "./x", "../x", "a/./b", "", "?q", "#f",
                          "//b.example/x", "mailto:x@y", "a:b", "x\ty"}) {
    CAPTURE(ref);
    CHECK(quick_resolve("https://a.example/dir/", ref) == std::nullopt);
  }
  // A relative reference needs a plain absolute base.
  CHECK(quick_resolve("", "x") == std::nullopt);
  CHECK(quick_resolve("https://A.example/", "x") == std::nullopt);
  CHECK(quick_resolve("https://a.example/d/../", "x") == std::nullopt);
  CHECK(quick_resolve("tag:a.example,2024:x", "x") == std::nullopt);
}

TEST_CASE("quick_resolve agrees with url::resolve wherever it answers", "[url]") {
  const char* bases[] = {"https://a.example", "https://a.example/", "http://a.example/d/f.xml",
                         "https://a.example/d/?q=1#f", "https://a.example/d//e", "",
                         "relative/base", "https://A.example/x", "https://a.example/.hidden/x"};
  const char* refs[] = {"https://b.example", "http://b.example/p/q.html?x=%20#top", "x",
                        "x/y.html", "/abs", "/", "x?", "x#", "..x", ".x/y", "a//b",
                        "https://b.example/.well-known/x", "https://b.example?x", "https://b.example#f",
                        "https://b.example/a/.", "x/.", "x/..", "https://b.example..", "%41"};
  int answered = 0;
  for (const char* base : bases) {
    for (const char* ref : refs) {
      CAPTURE(base, ref);
      if (auto quick = quick_resolve(base, ref)) {
        ++answered;
        CHECK(*quick == slow(base, ref));
      }
    }
  }
  CHECK(answered > 60);
}

TEST_CASE("quick_resolve_into appends what quick_resolve returns and nothing otherwise", "[url]") {
  for (const char* ref : {"https://b.example/p?q#f", "x/y.html", "/abs", "../x", "mailto:x@y", ""}) {
    CAPTURE(ref);
    std::string out = "prefix ";
    const bool answered = kf::url::detail::quick_resolve_into(out, "https://a.example/d/", ref);
    const auto quick = quick_resolve("https://a.example/d/", ref);
    CHECK(answered == quick.has_value());
    CHECK(out == (quick ? "prefix " + *quick : std::string("prefix ")));
  }
}
