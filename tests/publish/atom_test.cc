#include "publish/atom.h"

#include <catch2/catch.hpp>
#include <pugixml.hpp>
#include <string>
#include <vector>

#include "fixtures.h"
#include "parse/parse.h"

using kf::publish::FeedEntry;

namespace {

FeedEntry entry(const kf::Article& a, std::vector<std::string> related = {}) {
  return {a, kf::test::source_info(a.source_id), std::move(related)};
}

std::string render(std::vector<FeedEntry> entries, int page = 1, bool has_next = false) {
  return kf::publish::render_atom(kf::test::feed_doc(std::move(entries), "atom", page, has_next));
}

// The parsed document; FAILs when it is not well-formed XML.
pugi::xml_document parse_xml(const std::string& xml) {
  pugi::xml_document doc;
  auto r = doc.load_string(xml.c_str());
  INFO(r.description());
  REQUIRE(r);
  return doc;
}

std::string attr_of(const pugi::xml_document& doc, const char* xpath, const char* attr) {
  return doc.select_node(xpath).node().attribute(attr).value();
}

std::vector<std::string> hrefs(const pugi::xml_document& doc, const char* xpath) {
  std::vector<std::string> out;
  for (auto n : doc.select_nodes(xpath)) out.push_back(n.node().attribute("href").value());
  return out;
}

}  // namespace

TEST_CASE("an article's atom id is a tag URI that depends only on its id", "[publish]") {
  CHECK(kf::publish::entry_id("kabc") == "tag:kommunalfeed,2025:article:kabc");
  CHECK(kf::publish::feed_id("all") == "tag:kommunalfeed,2025:feed:all");
}

TEST_CASE("rendered atom reads back with the same fields", "[publish]") {
  std::string xml = render({entry(kf::test::full_article())});
  auto feed = kf::parse::parse_feed(
      {.bytes = xml, .url = "http://127.0.0.1:8080/feeds/all.atom", .content_type = {}});
  REQUIRE(feed);
  CHECK(feed->format == "atom1.0");
  CHECK_FALSE(feed->recovered);
  REQUIRE(feed->items.size() == 1);
  const auto& item = feed->items[0];
  CHECK(item.guid == "tag:kommunalfeed,2025:article:k0123456789abcdef0123456789abcdef");
  CHECK(item.link == "https://www.kommune21.de/meldung_1.html");
  CHECK(item.title == "Digitalisierung: Blick in die Glaskugel & mehr <neu>");
  CHECK(item.summary == "<p>Agil &amp; bürokratiearm</p>");
  CHECK(
      item.content ==
      "<p>Volltext mit <a href=\"https://example.org/\" rel=\"noopener noreferrer\">Link</a></p>");
  CHECK(item.author == "Redaktion");
  CHECK(item.published_raw == "2025-01-07T10:30:00Z");
  CHECK(item.categories == std::vector<std::string>{"Bremen", "OZG"});
}

TEST_CASE("the atom feed has id, title, updated, self, alternate and generator", "[publish]") {
  auto doc = parse_xml(render({entry(kf::test::full_article())}));
  CHECK(std::string(doc.select_node("/feed/id").node().text().get()) ==
        "tag:kommunalfeed,2025:feed:all");
  CHECK(std::string(doc.select_node("/feed/updated").node().text().get()) ==
        "2025-01-07T10:30:00Z");
  CHECK(attr_of(doc, "/feed/link[@rel='self']", "href") == "http://127.0.0.1:8080/feeds/all.atom");
  CHECK(attr_of(doc, "/feed/link[@rel='alternate']", "href") == "http://127.0.0.1:8080/");
  CHECK(attr_of(doc, "/feed/generator", "uri") == "https://github.com/kommunalfeed/kommunalfeed");
  CHECK(attr_of(doc, "/feed/generator", "version") == "0.1.0");
}

TEST_CASE("every atom entry names its original source with id, title, link and updated",
          "[publish]") {
  auto a = kf::test::full_article();
  a.last_seen = kf::test::kJan7 + std::chrono::hours(5);
  auto doc = parse_xml(render({entry(a)}));
  auto source = doc.select_node("/feed/entry/source").node();
  CHECK(std::string(source.child("id").text().get()) == "tag:kommunalfeed,2025:source:kommune21");
  CHECK(std::string(source.child("title").text().get()) == "Kommune21");
  CHECK(std::string(source.child("link").attribute("href").value()) == "https://www.kommune21.de/");
  CHECK(std::string(source.child("updated").text().get()) == "2025-01-07T15:30:00Z");
}

TEST_CASE("an article of an unknown source has no atom:source", "[publish]") {
  auto e = entry(kf::test::full_article());
  e.source = {};
  auto doc = parse_xml(render({e}));
  CHECK_FALSE(doc.select_node("/feed/entry/source"));
}

TEST_CASE("an undated article is published and updated at its first-seen time", "[publish]") {
  auto a = kf::test::full_article();
  a.published.reset();
  a.first_seen = kf::test::kJan7 + std::chrono::hours(1);
  auto doc = parse_xml(render({entry(a)}));
  CHECK(std::string(doc.select_node("/feed/entry/published").node().text().get()) ==
        "2025-01-07T11:30:00Z");
  CHECK(std::string(doc.select_node("/feed/entry/updated").node().text().get()) ==
        "2025-01-07T11:30:00Z");
}

TEST_CASE("an updated article keeps its published date and shows its update", "[publish]") {
  auto a = kf::test::full_article();
  a.updated = kf::test::kJan7 + std::chrono::hours(2);
  auto doc = parse_xml(render({entry(a)}));
  CHECK(std::string(doc.select_node("/feed/entry/published").node().text().get()) ==
        "2025-01-07T10:30:00Z");
  CHECK(std::string(doc.select_node("/feed/entry/updated").node().text().get()) ==
        "2025-01-07T12:30:00Z");
}

TEST_CASE("an entry without author is credited to its source, else to the feed", "[publish]") {
  auto a = kf::test::full_article();
  a.author.clear();
  auto unknown = entry(a);
  unknown.source = {};
  auto doc = parse_xml(render({entry(a), unknown}));
  auto names = doc.select_nodes("/feed/entry/author/name");
  REQUIRE(names.size() == 2);
  CHECK(std::string(names[0].node().text().get()) == "Kommune21");
  CHECK(std::string(names[1].node().text().get()) == "kommunalfeed");
}

TEST_CASE("a teaser has a summary but no atom content", "[publish]") {
  auto a = kf::test::full_article();
  a.content_html.clear();
  a.completeness = kf::Completeness::teaser;
  auto doc = parse_xml(render({entry(a)}));
  CHECK(attr_of(doc, "/feed/entry/summary", "type") == "html");
  CHECK_FALSE(doc.select_node("/feed/entry/content"));
}

TEST_CASE("the kicker is a category with the kicker scheme", "[publish]") {
  auto doc = parse_xml(render({entry(kf::test::full_article())}));
  CHECK(attr_of(doc, "/feed/entry/category[@term='Bremen']", "scheme") ==
        "tag:kommunalfeed,2025:kicker");
  CHECK(attr_of(doc, "/feed/entry/category[@term='OZG']", "scheme").empty());
}

TEST_CASE("the image becomes an enclosure with a type, media content and a thumbnail",
          "[publish]") {
  auto doc = parse_xml(render({entry(kf::test::full_article())}));
  CHECK(attr_of(doc, "/feed/entry/link[@rel='enclosure']", "type") == "image/png");
  CHECK(attr_of(doc, "/feed/entry/link[@rel='enclosure']", "href") ==
        "https://www.kommune21.de/bild.png");
  CHECK(attr_of(doc, "/feed/entry/link[@rel='enclosure']", "length").empty());
  CHECK(attr_of(doc, "/feed/entry/media:thumbnail", "url") == "https://www.kommune21.de/bild.png");
  CHECK(std::string(
            doc.select_node("/feed/entry/media:content/media:description").node().text().get()) ==
        "Rathaus Bremen");
  CHECK(
      std::string(doc.select_node("/feed/entry/media:content/media:credit").node().text().get()) ==
      "Senatskanzlei");
}

TEST_CASE("an article without image has no enclosure", "[publish]") {
  auto a = kf::test::full_article();
  a.image = {};
  auto doc = parse_xml(render({entry(a)}));
  CHECK_FALSE(doc.select_node("/feed/entry/link[@rel='enclosure']"));
  CHECK_FALSE(doc.select_node("/feed/entry/media:thumbnail"));
}

TEST_CASE("each near-duplicate copy is a related link", "[publish]") {
  auto doc = parse_xml(render(
      {entry(kf::test::full_article(), {"https://a.example/1", "https://b.example/2?x=1&y=2"})}));
  CHECK(hrefs(doc, "/feed/entry/link[@rel='related']") ==
        std::vector<std::string>{"https://a.example/1", "https://b.example/2?x=1&y=2"});
}

TEST_CASE("the first page links first and next but not previous", "[publish]") {
  auto doc = parse_xml(render({entry(kf::test::full_article())}, 1, true));
  CHECK(hrefs(doc, "/feed/link[@rel='first']") ==
        std::vector<std::string>{"http://127.0.0.1:8080/feeds/all.atom"});
  CHECK(hrefs(doc, "/feed/link[@rel='next']") ==
        std::vector<std::string>{"http://127.0.0.1:8080/feeds/all.atom?page=2"});
  CHECK_FALSE(doc.select_node("/feed/link[@rel='previous']"));
  CHECK_FALSE(doc.select_node("/feed/link[@rel='last']"));
}

TEST_CASE("the last page of three links previous but not next", "[publish]") {
  auto doc = parse_xml(render({entry(kf::test::full_article())}, 3, false));
  CHECK(hrefs(doc, "/feed/link[@rel='previous']") ==
        std::vector<std::string>{"http://127.0.0.1:8080/feeds/all.atom?page=2"});
  CHECK(hrefs(doc, "/feed/link[@rel='self']") ==
        std::vector<std::string>{"http://127.0.0.1:8080/feeds/all.atom?page=3"});
  CHECK_FALSE(doc.select_node("/feed/link[@rel='next']"));
}

TEST_CASE("hostile text stays text in well-formed atom", "[publish]") {
  auto entries = kf::test::hostile_kinds();
  auto doc = parse_xml(kf::publish::render_atom(kf::test::feed_doc(entries, "atom")));
  auto titles = doc.select_nodes("/feed/entry/title");
  REQUIRE(titles.size() == 2);
  CHECK(std::string(titles[0].node().text().get()) == "]]> <script>alert(1)</script> & \"Zitat\"");
  CHECK(std::string(titles[1].node().text().get()) == "Steuerzeichen und  Bruch \xEF\xBF\xBD Ende");
  CHECK(std::string(doc.select_node("/feed/entry/author/name").node().text().get()) ==
        "<b>Kein</b> Autor");
  CHECK_FALSE(doc.select_node("//script"));
}

TEST_CASE("an entry without link or content carries its summary as content", "[publish]") {
  auto a = kf::test::full_article();
  a.url.clear();
  a.content_html.clear();
  auto doc = parse_xml(render({entry(a)}));
  CHECK(std::string(doc.select_node("/feed/entry/content").node().text().get()) ==
        "<p>Agil &amp; bürokratiearm</p>");
}

TEST_CASE("an entry with a title only carries its title as text content", "[publish]") {
  auto a = kf::test::full_article();
  a.url.clear();
  a.content_html.clear();
  a.summary.clear();
  auto doc = parse_xml(render({entry(a)}));
  auto content = doc.select_node("/feed/entry/content").node();
  CHECK(std::string(content.attribute("type").value()).empty());  // text
  CHECK(std::string(content.text().get()) == a.title);
}
