#include <catch2/catch.hpp>

#include "normalize/date.h"
#include "normalize/normalize.h"

using kf::Feed;
using kf::FeedItem;
using kf::TextType;
using kf::normalize::Context;
using kf::normalize::normalize;

namespace {

const kf::Timestamp kFetched = kf::Timestamp{std::chrono::seconds{1738400000}};

Context context() {
  return {.source_id = "kommune21", .document_url = "https://www.kommune21.de/feed/",
          .fetched_at = kFetched};
}

FeedItem item() {
  FeedItem i;
  i.guid = "https://www.kommune21.de/meldung_45678.html";
  i.link = "https://www.kommune21.de/meldung_45678.html?utm_medium=rss#top";
  i.title = "Sachsen: Neue CIO f&uuml;r den Freistaat";
  i.title_type = TextType::html;
  i.summary = "<p onclick=\"x()\">Daniela Dylakiewicz ist neue CIO.</p><script>bad()</script>";
  i.author = "Redaktion";
  i.published_raw = "Fr, 07 Feb 2025 10:00:00 +0100";
  i.categories = {"Sachsen", " Sachsen ", "CIO"};
  return i;
}

std::string rfc3339(const std::optional<kf::Timestamp>& t) {
  return t ? kf::normalize::format_rfc3339(*t) : "none";
}

}  // namespace

TEST_CASE("a feed item becomes an article with every field cleaned", "[normalize]") {
  Feed feed;
  feed.language = "de-DE";
  feed.items = {item()};
  auto out = normalize(feed, context());
  REQUIRE(out.articles.size() == 1);
  const auto& a = out.articles[0];
  CHECK(a.source_id == "kommune21");
  CHECK(a.url == "https://www.kommune21.de/meldung_45678.html");
  CHECK(a.title == "Sachsen: Neue CIO für den Freistaat");
  CHECK(a.summary == "<p>Daniela Dylakiewicz ist neue CIO.</p>");
  CHECK(a.author == "Redaktion");
  CHECK(rfc3339(a.published) == "2025-02-07T09:00:00Z");
  CHECK(rfc3339(a.updated) == "none");
  CHECK(a.categories == std::vector<std::string>{"Sachsen", "CIO"});
  CHECK(a.language == "de-de");
  CHECK(a.completeness == kf::Completeness::full);
  CHECK(a.first_seen == kFetched);
  CHECK(a.last_seen == kFetched);
  CHECK(a.content_hash.size() == 32);
  CHECK(out.warnings.empty());
}

TEST_CASE("normalizing the same feed twice gives identical articles", "[normalize]") {
  Feed feed;
  feed.items = {item()};
  CHECK(normalize(feed, context()).articles == normalize(feed, context()).articles);
}

TEST_CASE("a visible change changes the content hash but not the id", "[normalize]") {
  Feed feed;
  feed.items = {item()};
  auto before = normalize(feed, context()).articles.at(0);
  feed.items[0].title = "Sachsen: Neue CIO im Freistaat";
  auto after = normalize(feed, context()).articles.at(0);
  CHECK(before.id == after.id);
  CHECK(before.content_hash != after.content_hash);
}

TEST_CASE("a javascript: link is dropped, never published", "[normalize]") {
  Feed feed;
  FeedItem i = item();
  i.guid.clear();
  i.link = "JaVa\tscript:alert(1)";
  feed.items = {i};
  auto out = normalize(feed, context());
  REQUIRE(out.articles.size() == 1);
  CHECK(out.articles[0].url.empty());
  REQUIRE(out.warnings.size() == 1);
  CHECK(out.warnings[0].starts_with("normalize: kommune21: item 1: dropped link"));
}

TEST_CASE("an item with nothing to identify it by is dropped with a warning", "[normalize]") {
  Feed feed;
  FeedItem i;
  i.summary = "<p>Nur Text</p>";
  feed.items = {i};
  auto out = normalize(feed, context());
  CHECK(out.articles.empty());
  CHECK(out.warnings == std::vector<std::string>{
                            "normalize: kommune21: item 1: dropped: no guid, link or title to identify it"});
}

TEST_CASE("items sharing one link still get distinct ids", "[normalize]") {
  Feed feed;
  FeedItem a = item(), b = item();
  a.guid.clear();
  b.guid.clear();
  a.link = b.link = "https://www.example.org/";
  b.published_raw = "Sa, 08 Feb 2025 10:00:00 +0100";
  feed.items = {a, b};
  auto out = normalize(feed, context());
  REQUIRE(out.articles.size() == 2);
  CHECK(out.articles[0].id != out.articles[1].id);
}

TEST_CASE("an unreadable date stays empty instead of becoming now", "[normalize]") {
  Feed feed;
  FeedItem i = item();
  i.published_raw = "demnächst";
  i.updated_raw = "2025-02-08T12:00:00Z";
  feed.items = {i};
  auto out = normalize(feed, context());
  REQUIRE(out.articles.size() == 1);
  CHECK(rfc3339(out.articles[0].published) == "2025-02-08T12:00:00Z");
  CHECK(rfc3339(out.articles[0].updated) == "2025-02-08T12:00:00Z");
  CHECK(out.warnings == std::vector<std::string>{
                            "normalize: kommune21: item 1: unreadable date 'demnächst'"});

  feed.items[0].updated_raw.clear();
  auto undated = normalize(feed, context());
  CHECK(rfc3339(undated.articles.at(0).published) == "none");
}

TEST_CASE("plain-text summaries are escaped into a paragraph", "[normalize]") {
  Feed feed;
  FeedItem i = item();
  i.summary = "Kosten < 5 € & mehr";
  i.summary_type = TextType::text;
  feed.items = {i};
  CHECK(normalize(feed, context()).articles.at(0).summary == "<p>Kosten &lt; 5 € &amp; mehr</p>");
}

TEST_CASE("relative links in content become absolute against the item base", "[normalize]") {
  Feed feed;
  FeedItem i = item();
  i.base_url = "https://www.kommune21.de/archiv/";
  i.content = "<p><a href=\"../meldung_1.html\">mehr</a><img src=\"bild.jpg\" alt=\"Rathaus\"></p>";
  feed.items = {i};
  const auto a = normalize(feed, context()).articles.at(0);
  CHECK(a.content_html.find("href=\"https://www.kommune21.de/meldung_1.html\"") != std::string::npos);
  CHECK(a.image.url == "https://www.kommune21.de/archiv/bild.jpg");
  CHECK(a.image.alt == "Rathaus");
}

TEST_CASE("a media image wins over a thumbnail and a content image", "[normalize]") {
  Feed feed;
  FeedItem i = item();
  i.content = "<img src=\"https://x.de/inline.jpg\">";
  i.media = {{.url = "https://x.de/thumb.jpg", .thumbnail = true},
             {.url = "https://x.de/video.mp4", .type = "video/mp4"},
             {.url = "https://x.de/full.jpg", .medium = "image", .alt = "Alt", .credit = "Stadt"}};
  feed.items = {i};
  const auto image = normalize(feed, context()).articles.at(0).image;
  CHECK(image.url == "https://x.de/full.jpg");
  CHECK(image.alt == "Alt");
  CHECK(image.credit == "Stadt");

  feed.items[0].media.pop_back();
  CHECK(normalize(feed, context()).articles.at(0).image.url == "https://x.de/thumb.jpg");
}

TEST_CASE("the language falls back from item to feed to the source default", "[normalize]") {
  Feed feed;
  FeedItem i = item();
  i.language = "EN";
  feed.items = {i, item()};
  feed.items[1].guid = "other";
  auto out = normalize(feed, context());
  CHECK(out.articles.at(0).language == "en");
  CHECK(out.articles.at(1).language == "de");
}

TEST_CASE("without a link, an http(s) guid that may be a permalink becomes the url", "[normalize]") {
  Feed feed;
  FeedItem i = item();
  i.link.clear();
  i.guid = "HTTPS://WWW.Kommune21.de/meldung_1.html?utm_source=rss";
  i.guid_is_permalink = true;
  feed.items = {i};
  auto out = normalize(feed, context());
  REQUIRE(out.articles.size() == 1);
  CHECK(out.articles[0].url == "https://www.kommune21.de/meldung_1.html");
  CHECK(out.warnings.empty());
}

TEST_CASE("a guid the feed says is no permalink never becomes the url", "[normalize]") {
  Feed feed;
  FeedItem i = item();
  i.link.clear();
  i.guid = "https://www.kommune21.de/meldung_1.html";
  i.guid_is_permalink = false;  // RSS isPermaLink="false"
  feed.items = {i};
  auto out = normalize(feed, context());
  REQUIRE(out.articles.size() == 1);
  CHECK(out.articles[0].url.empty());
}

TEST_CASE("a relative permalink guid resolves against the item base", "[normalize]") {
  Feed feed;
  FeedItem i = item();
  i.link.clear();
  i.guid = "../meldung_2.html";
  i.guid_is_permalink = true;  // RSS isPermaLink="true" allows a relative guid
  i.base_url = "https://www.kommune21.de/archiv/";
  feed.items = {i};
  CHECK(normalize(feed, context()).articles.at(0).url == "https://www.kommune21.de/meldung_2.html");

  feed.items[0].base_url.clear();
  auto out = normalize(feed, context());
  CHECK(out.articles.at(0).url.empty());
  CHECK(out.warnings == std::vector<std::string>{
                            "normalize: kommune21: item 1: no link from permalink guid "
                            "'../meldung_2.html' (not an http(s) URL)"});
}

TEST_CASE("an unusable link gives way to an http(s) permalink guid", "[normalize]") {
  Feed feed;
  FeedItem i = item();
  i.link = "javascript:void(0)";
  i.guid = "https://www.kommune21.de/meldung_3.html";
  i.guid_is_permalink = true;
  feed.items = {i};
  auto out = normalize(feed, context());
  CHECK(out.articles.at(0).url == "https://www.kommune21.de/meldung_3.html");
  REQUIRE(out.warnings.size() == 1);
  CHECK(out.warnings[0].starts_with("normalize: kommune21: item 1: dropped link 'javascript:void(0)'"));
}

TEST_CASE("a non-URL guid marked as permalink gives no url", "[normalize]") {
  Feed feed;
  FeedItem i = item();
  i.link.clear();
  i.guid = "tag:kommune21.de,2025:45678";
  i.guid_is_permalink = true;
  feed.items = {i};
  CHECK(normalize(feed, context()).articles.at(0).url.empty());
}

TEST_CASE("items without an author take the feed's unless it is a bare address", "[normalize]") {
  Feed feed;
  FeedItem i = item();
  i.author.clear();
  feed.items = {i};
  feed.author = "Presseamt";
  CHECK(normalize(feed, context()).articles.at(0).author == "Presseamt");
  feed.author = "presse@stadt.example";
  CHECK(normalize(feed, context()).articles.at(0).author.empty());
  // An item's own address stays: the feed named it as this item's author.
  feed.items[0].author = "jo@stadt.example";
  CHECK(normalize(feed, context()).articles.at(0).author == "jo@stadt.example");
}
