#include <catch2/catch.hpp>

#include "parse/parse.h"

TEST_CASE("a CDF channel's items map to FeedItems", "[parse]") {
  const std::string_view xml = R"(<CHANNEL BASE="http://base.example.org/" HREF="http://www.example.org/"
  LASTMOD="2004-04-06T23:05:43-05:00">
  <TITLE>channel title</TITLE>
  <ABSTRACT>channel abstract</ABSTRACT>
  <ITEM HREF="/item/1" LASTMOD="2004-04-06T23:05:43-05:00">
    <TITLE>item title</TITLE>
    <ABSTRACT>item &lt;b&gt;abstract&lt;/b&gt;</ABSTRACT>
  </ITEM>
  <item href="item/2"><title>lower case</title></item>
</CHANNEL>)";
  const auto feed = kf::parse::parse_feed({xml, "https://example.org/feed.cdf", ""});
  REQUIRE(feed);
  CHECK(feed->format == "cdf");
  CHECK(feed->title == "channel title");
  CHECK(feed->link == "http://www.example.org/");
  CHECK(feed->updated_raw == "2004-04-06T23:05:43-05:00");
  REQUIRE(feed->items.size() == 2);
  const auto& i = feed->items[0];
  CHECK(i.link == "http://base.example.org/item/1");
  CHECK(i.title == "item title");
  CHECK(i.title_type == kf::TextType::text);
  CHECK(i.summary == "item <b>abstract</b>");
  CHECK(i.summary_type == kf::TextType::html);
  CHECK(i.updated_raw == "2004-04-06T23:05:43-05:00");
  CHECK(i.base_url == "http://base.example.org/");
  CHECK(feed->items[1].link == "http://base.example.org/item/2");
  CHECK(feed->items[1].title == "lower case");
}

TEST_CASE("lower-case <channel> stays RSS, not CDF", "[parse]") {
  const auto feed = kf::parse::parse_feed(
      {"<channel><item><title>t</title></item></channel>", "https://example.org/f", ""});
  REQUIRE(feed);
  CHECK(feed->format == "rss");
}
