#include <catch2/catch.hpp>

#include <string>

#include "fixture.h"

namespace {

bool has_warning_naming(const kf::scrape::ScrapedPage& page, const std::string& url) {
  for (const auto& w : page.warnings)
    if (w.starts_with("scrape: " + url + ": ")) return true;
  return false;
}

}  // namespace

TEST_CASE("100,000 nested elements are cut with a warning naming the URL", "[scrape]") {
  std::string html = "<title>Tief</title><body>";
  for (int i = 0; i < 100000; ++i) html += "<div>";
  html += "<p>unten</p>";
  const std::string url = "https://example.org/deep";
  auto page = fixture::scrape_html(html, url);
  CHECK(has_warning_naming(page, url));
  REQUIRE(page.article);
  CHECK(page.article->title == "Tief");
}

TEST_CASE("30,000 nested tables are cut with a warning naming the URL", "[scrape]") {
  std::string html = "<h1>Tabellen</h1>";
  for (int i = 0; i < 30000; ++i) html += "<table><tr><td>";
  html += "x";
  const std::string url = "https://example.org/tables";
  auto page = fixture::scrape_html(html, url);
  CHECK(has_warning_naming(page, url));
  CHECK(page.article->title == "Tabellen");
}

TEST_CASE("Invalid UTF-8 and NUL bytes are repaired before parsing", "[scrape]") {
  const std::string html = std::string("<h1>Ab\xFF") + '\0' + "c\xC3</h1><p>Text\xE2\x82</p>";
  auto page = fixture::scrape_html(html, "https://example.org/bytes");
  REQUIRE(page.article);
  CHECK(page.article->title == "Ab\xEF\xBF\xBD" "c\xEF\xBF\xBD");
  CHECK(page.article->title.find('\0') == std::string::npos);
  CHECK(has_warning_naming(page, "https://example.org/bytes"));
}

TEST_CASE("windows-1252 is read from a meta tag and from the HTTP header, the header first", "[scrape]") {
  const std::string body = "<h1>M\xFC" "nchen kostet 5 \x80</h1>";
  auto meta = fixture::scrape_html("<meta charset=windows-1252>" + body);
  CHECK(meta.article->title == "München kostet 5 €");
  CHECK(meta.charset == "windows-1252");
  auto header = fixture::scrape_html(body, "https://example.org/a", {}, "text/html; charset=ISO-8859-1");
  CHECK(header.article->title == "München kostet 5 €");
  auto header_wins = fixture::scrape_html("<meta charset=utf-8>" + body, "https://example.org/a", {},
                                          "text/html;charset=\"windows-1252\"");
  CHECK(header_wins.article->title == "München kostet 5 €");
  auto bom = fixture::scrape_html("\xEF\xBB\xBF<meta charset=windows-1252><h1>M\xC3\xBCnchen</h1>");
  CHECK(bom.article->title == "München");
  CHECK(bom.charset == "utf-8");
}

TEST_CASE("A page URL that is not absolute http(s) is an error", "[scrape]") {
  auto r = kf::scrape::scrape_page({"<h1>x</h1>", "file:///etc/passwd", ""}, {});
  REQUIRE_FALSE(r);
  CHECK(r.error().message == "scrape: file:///etc/passwd: not an absolute http(s) URL");
}
