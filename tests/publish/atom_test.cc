#include <catch2/catch.hpp>

#include <vector>

#include "parse/parse.h"
#include "publish/atom.h"

using kf::publish::AtomFeed;
using kf::publish::SourceInfo;

namespace {

const kf::Timestamp kJan7{std::chrono::seconds{1736245800}};  // 2025-01-07T10:30:00Z

kf::Article article() {
  kf::Article a;
  a.id = "k0123456789abcdef0123456789abcdef";
  a.source_id = "kommune21";
  a.url = "https://www.kommune21.de/meldung_1.html";
  a.kicker = "Bremen";
  a.title = "Digitalisierung: Blick in die Glaskugel & mehr <neu>";
  a.summary = "<p>Agil &amp; bürokratiearm</p>";
  a.content_html = "<p>Volltext</p>";
  a.author = "Redaktion";
  a.published = kJan7;
  a.image.url = "https://www.kommune21.de/bild.png";
  a.categories = {"OZG"};
  a.first_seen = a.last_seen = kJan7;
  return a;
}

const SourceInfo kSource{"kommune21", "Kommune21", "https://www.kommune21.de/"};

std::string render(const std::vector<kf::Article>& articles) {
  AtomFeed meta{"tag:kommunalfeed,2025:feed:all", "kommunalfeed", "http://127.0.0.1:8080/feed.atom",
                "http://127.0.0.1:8080/", kJan7};
  return kf::publish::render_atom(meta, articles, [](std::string_view id) -> const SourceInfo* {
    return id == "kommune21" ? &kSource : nullptr;
  });
}

}  // namespace

TEST_CASE("an article's atom id is a tag URI that depends only on its id", "[publish]") {
  CHECK(kf::publish::entry_id("kabc") == "tag:kommunalfeed,2025:article:kabc");
}

TEST_CASE("rendered atom reads back with the same fields", "[publish]") {
  std::string xml = render({article()});
  auto feed = kf::parse::parse_feed(
      {.bytes = xml, .url = "http://127.0.0.1:8080/feed.atom", .content_type = {}});
  REQUIRE(feed);
  CHECK(feed->format == "atom1.0");
  CHECK_FALSE(feed->recovered);
  REQUIRE(feed->items.size() == 1);
  const auto& item = feed->items[0];
  CHECK(item.guid == "tag:kommunalfeed,2025:article:k0123456789abcdef0123456789abcdef");
  CHECK(item.link == "https://www.kommune21.de/meldung_1.html");
  CHECK(item.title == "Digitalisierung: Blick in die Glaskugel & mehr <neu>");
  CHECK(item.summary == "<p>Agil &amp; bürokratiearm</p>");
  CHECK(item.content == "<p>Volltext</p>");
  CHECK(item.author == "Redaktion");
  CHECK(item.published_raw == "2025-01-07T10:30:00Z");
  CHECK(item.categories == std::vector<std::string>{"Bremen", "OZG"});
}

TEST_CASE("every entry names its original source", "[publish]") {
  std::string xml = render({article()});
  CHECK(xml.find("<source>\n      <id>tag:kommunalfeed,2025:source:kommune21</id>\n      "
                 "<title>Kommune21</title>") != std::string::npos);
}

TEST_CASE("an undated article is published at its first-seen time", "[publish]") {
  auto a = article();
  a.published.reset();
  a.first_seen = kJan7 + std::chrono::hours(1);
  std::string xml = render({a});
  CHECK(xml.find("<published>2025-01-07T11:30:00Z</published>") != std::string::npos);
}

TEST_CASE("the image becomes an enclosure with a type and a media thumbnail", "[publish]") {
  std::string xml = render({article()});
  CHECK(xml.find("<link rel=\"enclosure\" type=\"image/png\" "
                 "href=\"https://www.kommune21.de/bild.png\" />") != std::string::npos);
  CHECK(xml.find("<media:thumbnail url=\"https://www.kommune21.de/bild.png\" />") !=
        std::string::npos);
}
