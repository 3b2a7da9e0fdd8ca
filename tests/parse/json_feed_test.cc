#include <catch2/catch.hpp>

#include "parse/parse.h"

TEST_CASE("JSON Feed 1.1 fields map to Feed and FeedItem", "[parse]") {
  const auto r = kf::parse::parse_feed({R"({
    "version": "https://jsonfeed.org/version/1.1", "title": "JF", "home_page_url": "/",
    "feed_url": "https://example.org/feed.json", "language": "de", "icon": "icon.png",
    "authors": [{"name": "Team"}],
    "items": [
      {"id": "1", "url": "/p/1", "external_url": "https://other.example/x", "title": "Eins",
       "content_html": "<p>Eins</p>", "summary": "S", "date_published": "2025-02-04T10:00:00+01:00",
       "date_modified": "2025-02-05T10:00:00+01:00", "tags": ["a", 5, " b "], "image": "i.jpg",
       "banner_image": "b.jpg",
       "attachments": [{"url": "a.mp3", "mime_type": "audio/mpeg", "size_in_bytes": 7, "title": "Ton"}]},
      {"id": 42, "content_text": "Plain <text>", "author": {"name": "Alt"}, "title": 7},
      "not an object"
    ]})", "https://example.org/feeds/feed.json", "application/feed+json"});
  REQUIRE(r);
  CHECK(r->format == "json1.1");
  CHECK(r->title == "JF");
  CHECK(r->link == "https://example.org/");
  CHECK(r->language == "de");
  CHECK(r->author == "Team");
  CHECK(r->image_url == "https://example.org/feeds/icon.png");
  REQUIRE(r->items.size() == 2);
  const auto& a = r->items[0];
  CHECK(a.guid == "1");
  CHECK(a.link == "https://example.org/p/1");
  CHECK(a.related_links == std::vector<std::string>{"https://other.example/x"});
  CHECK(a.title == "Eins");
  CHECK(a.content == "<p>Eins</p>");
  CHECK(a.content_type == kf::TextType::html);
  CHECK(a.summary == "S");
  CHECK(a.published_raw == "2025-02-04T10:00:00+01:00");
  CHECK(a.updated_raw == "2025-02-05T10:00:00+01:00");
  CHECK(a.categories == std::vector<std::string>{"a", "b"});
  CHECK(a.author == "Team");
  CHECK(a.language == "de");
  REQUIRE(a.media.size() == 3);
  CHECK(a.media[0] == kf::MediaRef{"https://example.org/feeds/i.jpg", "", "image", "", "", std::nullopt, false});
  CHECK(a.media[1].url == "https://example.org/feeds/b.jpg");
  CHECK(a.media[2] == kf::MediaRef{"https://example.org/feeds/a.mp3", "audio/mpeg", "", "Ton", "", 7, false});
  const auto& b = r->items[1];
  CHECK(b.guid == "42");
  CHECK(b.title.empty());
  CHECK(b.content == "Plain <text>");
  CHECK(b.content_type == kf::TextType::text);
  CHECK(b.author == "Alt");
}

TEST_CASE("JSON Feed 1.0 is recognized by its version URL", "[parse]") {
  const auto r = kf::parse::parse_feed({R"({"version":"https://jsonfeed.org/version/1","items":[]})", "u", ""});
  REQUIRE(r);
  CHECK(r->format == "json1.0");
  CHECK(r->items.empty());
}

TEST_CASE("invalid JSON names line and column", "[parse]") {
  const auto r = kf::parse::parse_feed({"{\n  \"version\": ,\n}", "https://e.example/f.json", ""});
  REQUIRE_FALSE(r);
  CHECK(r.error().message == "parse: https://e.example/f.json:2:14: invalid JSON");
}

TEST_CASE("JSON that is not a feed is an error", "[parse]") {
  const auto r = kf::parse::parse_feed({R"({"hello": "world"})", "https://e.example/x", ""});
  REQUIRE_FALSE(r);
  CHECK(r.error().message ==
        "parse: https://e.example/x: not a feed (JSON without JSON Feed members)");
}

TEST_CASE("a JSON Feed item id that is an http(s) URL may stand in for its url", "[parse]") {
  const auto feed = kf::parse::parse_feed(
      {R"({"version": "https://jsonfeed.org/version/1.1", "items": [
          {"id": "https://example.org/a"}, {"id": "42"}, {"id": "urn:x:1", "url": "/b"}]})",
       "https://example.org/feed.json", "application/feed+json"});
  REQUIRE(feed);
  REQUIRE(feed->items.size() == 3);
  CHECK(feed->items[0].guid_is_permalink);
  CHECK(feed->items[0].link.empty());
  CHECK_FALSE(feed->items[1].guid_is_permalink);
  CHECK_FALSE(feed->items[2].guid_is_permalink);
  CHECK(feed->items[2].link == "https://example.org/b");
}
