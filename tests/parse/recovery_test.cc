#include <catch2/catch.hpp>

#include <chrono>
#include <string>

#include "parse/parse.h"

namespace {

kf::Feed parse_ok(std::string_view xml, std::string content_type = "") {
  auto r = kf::parse::parse_feed({xml, "https://example.org/feed", std::move(content_type)});
  if (!r) FAIL(r.error().message);
  return *r;
}

std::vector<std::string> titles(const kf::Feed& f) {
  std::vector<std::string> out;
  for (const auto& i : f.items) out.push_back(i.title);
  return out;
}

}  // namespace

TEST_CASE("undefined HTML entities are decoded and flagged as recovered", "[parse]") {
  const auto feed = parse_ok("<rss version=\"2.0\"><channel><item><title>K&auml;se&nbsp;&amp; Brot</title>"
                             "</item></channel></rss>");
  REQUIRE(feed.items.size() == 1);
  CHECK(feed.items[0].title == "K\xC3\xA4se\xC2\xA0& Brot");
  CHECK(feed.recovered);
  REQUIRE(feed.warnings.size() == 1);
  CHECK(feed.warnings[0] == "xml: 2 HTML entity or invalid character references replaced");
}

TEST_CASE("a bare ampersand is kept as text", "[parse]") {
  const auto feed = parse_ok("<rss><channel><item><title>R&D & Co</title></item></channel></rss>");
  REQUIRE(feed.items.size() == 1);
  CHECK(feed.items[0].title == "R&D & Co");
}

TEST_CASE("junk before the root element is skipped", "[parse]") {
  const auto feed = parse_ok("\xEF\xBB\xBF  <br />\n<b>Warning</b>: x < y in <b>/a.php</b>\n"
                             "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><item><title>a</title>"
                             "</item></channel></rss>");
  CHECK(feed.format == "rss2.0");
  CHECK(titles(feed) == std::vector<std::string>{"a"});
  CHECK(feed.recovered);
  REQUIRE_FALSE(feed.warnings.empty());
  CHECK(feed.warnings[0] == "xml: 2:20: Could not determine tag type; skipped to the root element");
}

TEST_CASE("a truncated document keeps the items read before the cut", "[parse]") {
  const auto feed = parse_ok("<rss version=\"2.0\"><channel><item><title>a</title></item>\n"
                             "<item><title>b</title></item><item><title>c");
  CHECK(titles(feed) == std::vector<std::string>{"a", "b", ""});
  CHECK(feed.recovered);
  REQUIRE(feed.warnings.size() == 1);
  CHECK(feed.warnings[0] == "xml: 2:43: Start-end tags mismatch; kept what was read");
}

TEST_CASE("stray end tags are dropped and the rest of the document is read", "[parse]") {
  const auto feed = parse_ok("<rss version=\"2.0\"><channel><item><title>a</b></title></item>"
                             "<item><title>b</title></p></item><item><title>c</title></item></channel></rss>");
  CHECK(titles(feed) == std::vector<std::string>{"a", "b", "c"});
  CHECK(feed.recovered);
  CHECK(feed.warnings == std::vector<std::string>{"xml: 1:45: stray end tag dropped",
                                                  "xml: 1:86: stray end tag dropped"});
}

TEST_CASE("NUL bytes and invalid UTF-8 inside text become valid UTF-8", "[parse]") {
  const std::string doc = std::string("<rss><channel><item><title>a\0b\xFF", 32) + "c</title></item></channel></rss>";
  const auto feed = parse_ok(doc);
  REQUIRE(feed.items.size() == 1);
  CHECK(feed.items[0].title == "ab\xEF\xBF\xBD" "c");
  CHECK(feed.recovered);
}

TEST_CASE("a billion-laughs document stays small and returns quickly", "[parse]") {
  std::string doc = "<?xml version=\"1.0\"?><!DOCTYPE lolz [<!ENTITY lol \"lol\">";
  for (int i = 1; i <= 9; ++i) {
    doc += "<!ENTITY lol" + std::to_string(i) + " \"";
    for (int k = 0; k < 10; ++k) doc += "&lol" + (i == 1 ? std::string() : std::to_string(i - 1)) + ";";
    doc += "\">";
  }
  doc += "]><rss><channel><item><title>&lol9;</title></item></channel></rss>";
  const auto start = std::chrono::steady_clock::now();
  const auto feed = parse_ok(doc);
  CHECK(std::chrono::steady_clock::now() - start < std::chrono::seconds(1));
  REQUIRE(feed.items.size() == 1);
  CHECK(feed.items[0].title == "&lol9;");
}

TEST_CASE("200,000-deep nesting returns without crashing", "[parse]") {
  std::string doc = "<rss><channel><item><title>t</title><description>";
  for (int i = 0; i < 200000; ++i) doc += "<div>";
  doc += "x";
  for (int i = 0; i < 200000; ++i) doc += "</div>";
  doc += "</description></item></channel></rss>";
  const auto start = std::chrono::steady_clock::now();
  const auto feed = parse_ok(doc);
  CHECK(std::chrono::steady_clock::now() - start < std::chrono::seconds(5));
  REQUIRE(feed.items.size() == 1);
  CHECK(feed.items[0].summary.size() == 200000 * 11 + 1);
  // Unclosed deep nesting is recovered too.
  std::string open = "<rss><channel><item><title>u</title>";
  for (int i = 0; i < 200000; ++i) open += "<a>";
  const auto cut = parse_ok(open);
  CHECK(cut.recovered);
  CHECK(titles(cut) == std::vector<std::string>{"u"});
}

TEST_CASE("an empty document is an error, not a feed", "[parse]") {
  const auto r = kf::parse::parse_feed({"", "https://example.org/feed", ""});
  REQUIRE_FALSE(r);
  CHECK(r.error().message == "parse: https://example.org/feed: not a feed (no XML or JSON content)");
}

TEST_CASE("an XML error before any element names line and column", "[parse]") {
  const auto r = kf::parse::parse_feed({"<?xml version=\"1.0\"?>\n<!-- x", "https://example.org/feed", ""});
  REQUIRE_FALSE(r);
  CHECK(r.error().message == "parse: https://example.org/feed:2:6: Error parsing comment");
}

TEST_CASE("a declared charset is honoured in the parsed fields", "[parse]") {
  const auto feed = parse_ok("<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><rss><channel><item>"
                             "<title>Stra\xDF" "e \x80</title></item></channel></rss>");
  REQUIRE(feed.items.size() == 1);
  CHECK(feed.items[0].title == "Stra\xC3\x9F" "e \xE2\x82\xAC");
  CHECK_FALSE(feed.recovered);
}
