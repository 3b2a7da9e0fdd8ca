#include "publish/json_feed.h"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>
#include <pugixml.hpp>
#include <string>
#include <vector>

#include "fixtures.h"
#include "publish/atom.h"

using Json = nlohmann::json;
using kf::publish::FeedEntry;

namespace {

FeedEntry entry(const kf::Article& a) { return {a, kf::test::source_info(a.source_id), {}}; }

Json json_feed(std::vector<FeedEntry> entries, int page = 1, bool has_next = false) {
  std::string text =
      kf::publish::render_json_feed(kf::test::feed_doc(std::move(entries), "json", page, has_next));
  Json j = Json::parse(text, nullptr, false);
  REQUIRE_FALSE(j.is_discarded());
  return j;
}

}  // namespace

TEST_CASE("a json feed has the 1.1 version, title, urls and items", "[publish]") {
  auto j = json_feed({entry(kf::test::full_article())});
  CHECK(j["version"] == "https://jsonfeed.org/version/1.1");
  CHECK(j["title"] == "kommunalfeed");
  CHECK(j["home_page_url"] == "http://127.0.0.1:8080/");
  CHECK(j["feed_url"] == "http://127.0.0.1:8080/feeds/all.json");
  CHECK(j["language"] == "de");
  CHECK(j["_kommunalfeed"]["id"] == "tag:kommunalfeed,2025:feed:all");
  CHECK(j["items"].size() == 1);
}

TEST_CASE("a json feed item carries every field of the article", "[publish]") {
  auto e = entry(kf::test::full_article());
  e.related_urls = {"https://a.example/1"};
  auto item = json_feed({e})["items"][0];
  CHECK(item["id"] == "tag:kommunalfeed,2025:article:k0123456789abcdef0123456789abcdef");
  CHECK(item["url"] == "https://www.kommune21.de/meldung_1.html");
  CHECK(item["title"] == "Digitalisierung: Blick in die Glaskugel & mehr <neu>");
  CHECK(
      item["content_html"] ==
      "<p>Volltext mit <a href=\"https://example.org/\" rel=\"noopener noreferrer\">Link</a></p>");
  CHECK(item["summary"] == "Agil & bürokratiearm");
  CHECK(item["image"] == "https://www.kommune21.de/bild.png");
  CHECK(item["date_published"] == "2025-01-07T10:30:00Z");
  CHECK(item["date_modified"] == "2025-01-07T10:30:00Z");
  CHECK(item["authors"] == Json::parse(R"([{"name": "Redaktion"}])"));
  CHECK(item["tags"] == Json::parse(R"(["Bremen", "OZG"])"));
  CHECK(item["_kommunalfeed"] == Json::parse(R"({
    "source": {"id": "kommune21", "name": "Kommune21", "url": "https://www.kommune21.de/"},
    "kicker": "Bremen", "completeness": "full", "related": ["https://a.example/1"]})"));
}

TEST_CASE("a json feed teaser has its summary as content_html", "[publish]") {
  auto a = kf::test::full_article();
  a.content_html.clear();
  a.completeness = kf::Completeness::teaser;
  auto item = json_feed({entry(a)})["items"][0];
  CHECK(item["content_html"] == "<p>Agil &amp; bürokratiearm</p>");
  CHECK(item["_kommunalfeed"]["completeness"] == "teaser");
}

TEST_CASE("json feed item ids equal the atom entry ids in the same order", "[publish]") {
  auto entries = kf::test::realistic_entries(10);
  auto j = json_feed(entries);
  pugi::xml_document atom;
  REQUIRE(atom.load_string(kf::publish::render_atom(kf::test::feed_doc(entries, "atom")).c_str()));
  std::vector<std::string> atom_ids, json_ids;
  for (auto n : atom.select_nodes("/feed/entry/id")) atom_ids.push_back(n.node().text().get());
  for (const auto& item : j["items"]) json_ids.push_back(item["id"].get<std::string>());
  CHECK(json_ids.size() == 10);
  CHECK(json_ids == atom_ids);
}

TEST_CASE("json feed paging gives next_url only when there is a next page", "[publish]") {
  auto e = entry(kf::test::full_article());
  auto middle = json_feed({e}, 2, true);
  CHECK(middle["next_url"] == "http://127.0.0.1:8080/feeds/all.json?page=3");
  CHECK(middle["_kommunalfeed"]["previous_url"] == "http://127.0.0.1:8080/feeds/all.json");
  auto last = json_feed({e}, 1, false);
  CHECK_FALSE(last.contains("next_url"));
  CHECK_FALSE(last["_kommunalfeed"].contains("previous_url"));
}

TEST_CASE("every json feed item has an id and content as the spec requires", "[publish]") {
  auto entries = kf::test::realistic_entries(14);
  for (auto& e : kf::test::hostile_kinds()) entries.push_back(e);
  auto j = json_feed(entries);
  REQUIRE(j["items"].size() == 16);
  for (const auto& item : j["items"]) {
    CHECK(item["id"].is_string());
    CHECK((item["content_html"].is_string() || item["content_text"].is_string()));
    CHECK(item["date_published"].is_string());
  }
}

TEST_CASE("hostile text in a json feed is escaped and cleaned of control characters", "[publish]") {
  auto j = json_feed(kf::test::hostile_kinds());
  CHECK(j["items"][0]["title"] == "]]> <script>alert(1)</script> & \"Zitat\"");
  CHECK(j["items"][1]["title"] == "Steuerzeichen und  Bruch \xEF\xBF\xBD Ende");
  CHECK(j["items"][1]["authors"][0]["name"] == "Re[1mdaktion");
}

TEST_CASE("a json feed item without content or summary carries its title as content_text",
          "[publish]") {
  auto a = kf::test::full_article();
  a.content_html.clear();
  a.summary.clear();
  auto item = json_feed({entry(a)})["items"][0];
  CHECK_FALSE(item.contains("content_html"));
  CHECK(item["content_text"] == a.title);
}
