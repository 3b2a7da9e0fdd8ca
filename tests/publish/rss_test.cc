#include "publish/rss.h"

#include <catch2/catch.hpp>
#include <pugixml.hpp>
#include <string>
#include <vector>

#include "fixtures.h"

using kf::publish::FeedEntry;

namespace {

FeedEntry entry(const kf::Article& a) { return {a, kf::test::source_info(a.source_id), {}}; }

pugi::xml_document rss(std::vector<FeedEntry> entries, int page = 1, bool has_next = false) {
  std::string xml =
      kf::publish::render_rss(kf::test::feed_doc(std::move(entries), "rss", page, has_next));
  pugi::xml_document doc;
  auto r = doc.load_string(xml.c_str());
  INFO(r.description());
  REQUIRE(r);
  return doc;
}

std::string text(const pugi::xml_document& doc, const char* xpath) {
  return doc.select_node(xpath).node().text().get();
}

std::string attr_of(const pugi::xml_document& doc, const char* xpath, const char* attr) {
  return doc.select_node(xpath).node().attribute(attr).value();
}

}  // namespace

TEST_CASE("rss dates are RFC 822 in GMT", "[publish]") {
  CHECK(kf::publish::format_rss_date(kf::test::kJan7) == "Tue, 07 Jan 2025 10:30:00 GMT");
}

TEST_CASE("the rss channel has title, link, description, language, dates and self link",
          "[publish]") {
  auto doc = rss({entry(kf::test::full_article())});
  CHECK(attr_of(doc, "/rss", "version") == "2.0");
  CHECK(text(doc, "/rss/channel/title") == "kommunalfeed");
  CHECK(text(doc, "/rss/channel/link") == "http://127.0.0.1:8080/");
  CHECK(text(doc, "/rss/channel/description") == "Nachrichten zur kommunalen Digitalisierung");
  CHECK(text(doc, "/rss/channel/language") == "de");
  CHECK(text(doc, "/rss/channel/lastBuildDate") == "Tue, 07 Jan 2025 10:30:00 GMT");
  CHECK(text(doc, "/rss/channel/generator") == "kommunalfeed 0.1.0");
  CHECK(attr_of(doc, "/rss/channel/atom:link[@rel='self']", "href") ==
        "http://127.0.0.1:8080/feeds/all.rss");
}

TEST_CASE("an rss item carries the permanent id as a non-permalink guid", "[publish]") {
  auto doc = rss({entry(kf::test::full_article())});
  CHECK(text(doc, "/rss/channel/item/guid") ==
        "tag:kommunalfeed,2025:article:k0123456789abcdef0123456789abcdef");
  CHECK(attr_of(doc, "/rss/channel/item/guid", "isPermaLink") == "false");
  CHECK(text(doc, "/rss/channel/item/pubDate") == "Tue, 07 Jan 2025 10:30:00 GMT");
  CHECK(text(doc, "/rss/channel/item/link") == "https://www.kommune21.de/meldung_1.html");
}

TEST_CASE("an rss item has summary as description and content as content:encoded", "[publish]") {
  auto doc = rss({entry(kf::test::full_article())});
  CHECK(text(doc, "/rss/channel/item/description") == "<p>Agil &amp; bürokratiearm</p>");
  CHECK(
      text(doc, "/rss/channel/item/content:encoded") ==
      "<p>Volltext mit <a href=\"https://example.org/\" rel=\"noopener noreferrer\">Link</a></p>");
}

TEST_CASE("an rss item without summary describes itself with its content", "[publish]") {
  auto a = kf::test::full_article();
  a.summary.clear();
  auto doc = rss({entry(a)});
  CHECK(text(doc, "/rss/channel/item/description") == a.content_html);
}

TEST_CASE("an rss teaser has no content:encoded", "[publish]") {
  auto a = kf::test::full_article();
  a.content_html.clear();
  auto doc = rss({entry(a)});
  CHECK_FALSE(doc.select_node("/rss/channel/item/content:encoded"));
}

TEST_CASE("rss names author, kicker, categories, enclosure and source", "[publish]") {
  auto doc = rss({entry(kf::test::full_article())});
  CHECK(text(doc, "/rss/channel/item/dc:creator") == "Redaktion");
  CHECK(attr_of(doc, "/rss/channel/item/category[. = 'Bremen']", "domain") ==
        "tag:kommunalfeed,2025:kicker");
  CHECK(doc.select_node("/rss/channel/item/category[. = 'OZG']"));
  CHECK(attr_of(doc, "/rss/channel/item/enclosure", "url") == "https://www.kommune21.de/bild.png");
  CHECK(attr_of(doc, "/rss/channel/item/enclosure", "type") == "image/png");
  CHECK(attr_of(doc, "/rss/channel/item/enclosure", "length") == "0");
  CHECK(attr_of(doc, "/rss/channel/item/media:thumbnail", "url") ==
        "https://www.kommune21.de/bild.png");
  CHECK(text(doc, "/rss/channel/item/source") == "Kommune21");
  CHECK(attr_of(doc, "/rss/channel/item/source", "url") == "https://www.kommune21.de/");
}

TEST_CASE("an rss item without author is credited to its source", "[publish]") {
  auto a = kf::test::full_article();
  a.author.clear();
  auto doc = rss({entry(a)});
  CHECK(text(doc, "/rss/channel/item/dc:creator") == "Kommune21");
}

TEST_CASE("rss related copies and paging are atom links", "[publish]") {
  auto e = entry(kf::test::full_article());
  e.related_urls = {"https://a.example/1"};
  auto doc = rss({e}, 2, true);
  CHECK(attr_of(doc, "/rss/channel/item/atom:link[@rel='related']", "href") ==
        "https://a.example/1");
  CHECK(attr_of(doc, "/rss/channel/atom:link[@rel='previous']", "href") ==
        "http://127.0.0.1:8080/feeds/all.rss");
  CHECK(attr_of(doc, "/rss/channel/atom:link[@rel='next']", "href") ==
        "http://127.0.0.1:8080/feeds/all.rss?page=3");
  auto last_page = rss({e}, 1, false);
  CHECK_FALSE(last_page.select_node("/rss/channel/atom:link[@rel='next']"));
  CHECK_FALSE(last_page.select_node("/rss/channel/atom:link[@rel='previous']"));
}

TEST_CASE("rss writes & and < as hexadecimal references and keeps the text", "[publish]") {
  std::string xml = kf::publish::render_rss(kf::test::feed_doc(kf::test::hostile_kinds(), "rss"));
  CHECK(xml.find("&lt;") == std::string::npos);
  CHECK(xml.find("&amp;") == std::string::npos);
  CHECK(xml.find("&#x3C;script&gt;") != std::string::npos);
  pugi::xml_document doc;
  REQUIRE(doc.load_string(xml.c_str()));
  CHECK(std::string(doc.select_node("/rss/channel/item/title").node().text().get()) ==
        "]]> <script>alert(1)</script> & \"Zitat\"");
  CHECK(std::string(doc.select_node("/rss/channel/item/category").node().text().get()) ==
        "A&B <Land>");
}
