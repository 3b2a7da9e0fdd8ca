#include <catch2/catch.hpp>

#include "parse/extensions.h"
#include "parse/parse.h"

namespace {

kf::Feed parse_ok(std::string_view xml, std::string url = "https://example.org/feed.xml") {
  auto r = kf::parse::parse_feed({xml, std::move(url), ""});
  if (!r) FAIL(r.error().message);
  return *r;
}

}  // namespace

TEST_CASE("RSS 2.0 channel and item fields map to Feed and FeedItem", "[parse]") {
  const auto feed = parse_ok(R"(<?xml version="1.0"?>
<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/"
     xmlns:content="http://purl.org/rss/1.0/modules/content/">
<channel>
  <title> Stadt Musterhausen </title>
  <link>https://www.musterhausen.de/</link>
  <language>de-de</language>
  <ttl>60</ttl>
  <lastBuildDate>Tue, 04 Feb 2025 10:00:00 +0100</lastBuildDate>
  <image><url>/logo.png</url><title>x</title></image>
  <item>
    <title>Neues &amp; Altes</title>
    <link>/aktuelles/1</link>
    <description><![CDATA[<p>Kurz</p>]]></description>
    <content:encoded><![CDATA[<p>Lang</p>]]></content:encoded>
    <guid isPermaLink="false">id-1</guid>
    <pubDate>Di, 04 Feb 2025 10:00:00 +0100</pubDate>
    <author>presse@musterhausen.de (Pressestelle)</author>
    <category>Digitales</category>
    <dc:subject>OZG</dc:subject>
    <enclosure url="img/a.jpg" type="image/jpeg" length="1234"/>
  </item>
</channel>
</rss>)");
  CHECK(feed.format == "rss2.0");
  CHECK(feed.title == "Stadt Musterhausen");
  CHECK(feed.link == "https://www.musterhausen.de/");
  CHECK(feed.language == "de-de");
  CHECK(feed.ttl_minutes == 60);
  CHECK(feed.updated_raw == "Tue, 04 Feb 2025 10:00:00 +0100");
  CHECK(feed.image_url == "https://example.org/logo.png");
  CHECK_FALSE(feed.recovered);
  REQUIRE(feed.items.size() == 1);
  const auto& i = feed.items[0];
  CHECK(i.title == "Neues & Altes");
  CHECK(i.title_type == kf::TextType::html);
  CHECK(i.link == "https://example.org/aktuelles/1");
  CHECK(i.summary == "<p>Kurz</p>");
  CHECK(i.content == "<p>Lang</p>");
  CHECK(i.guid == "id-1");
  CHECK_FALSE(i.guid_is_permalink);
  CHECK(i.published_raw == "Di, 04 Feb 2025 10:00:00 +0100");
  CHECK(i.author == "Pressestelle");
  CHECK(i.categories == std::vector<std::string>{"Digitales", "OZG"});
  CHECK(i.language == "de-de");
  CHECK(i.base_url == "https://example.org/feed.xml");
  REQUIRE(i.media.size() == 1);
  CHECK(i.media[0] == kf::MediaRef{"https://example.org/img/a.jpg", "image/jpeg", "", "", "", 1234, false});
}

TEST_CASE("RSS guid may stand in for the link when it is a URL or isPermaLink is true", "[parse]") {
  const auto feed = parse_ok(R"(<rss version="2.0"><channel>
    <item><guid>https://example.org/a</guid></item>
    <item><guid>urn:x:1</guid></item>
    <item><guid isPermaLink="true">/b</guid></item>
    <item><guid isPermaLink="false">https://example.org/d</guid></item>
    <item><link>https://example.org/c</link><guid>HTTP://example.org/other</guid></item>
  </channel></rss>)");
  REQUIRE(feed.items.size() == 5);
  // normalize makes the guid the link; FeedItem.link is what the document wrote.
  CHECK(feed.items[0].link.empty());
  CHECK(feed.items[0].guid_is_permalink);
  CHECK_FALSE(feed.items[1].guid_is_permalink);
  CHECK(feed.items[2].guid == "/b");
  CHECK(feed.items[2].guid_is_permalink);
  CHECK_FALSE(feed.items[3].guid_is_permalink);
  CHECK(feed.items[4].link == "https://example.org/c");
  CHECK(feed.items[4].guid_is_permalink);
}

TEST_CASE("RSS author names drop the address in every common spelling", "[parse]") {
  using kf::parse::rss_author_name;
  CHECK(rss_author_name(" jo@example.org (Jo Doe) ") == "Jo Doe");
  CHECK(rss_author_name("Jo Doe (jo@example.org)") == "Jo Doe");
  CHECK(rss_author_name("Jo Doe <jo@example.org>") == "Jo Doe");
  CHECK(rss_author_name("jo@example.org") == "jo@example.org");
  CHECK(rss_author_name("(jo@example.org)") == "(jo@example.org)");
  CHECK(rss_author_name("Amt (Presse)") == "Amt (Presse)");
}

TEST_CASE("dc:creator, dc:author and dc:publisher are author names without addresses", "[parse]") {
  const auto feed = parse_ok(R"(<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/">
  <channel><webMaster>web@example.org (Technik)</webMaster>
    <item><dc:creator>Example editor (me@example.com)</dc:creator></item>
    <item><dc:author>me@example.com (Example editor)</dc:author></item>
    <item><dc:publisher>Presseamt &lt;presse@example.org&gt;</dc:publisher></item>
    <item><author>Jo Doe (jo@example.org)</author></item>
  </channel></rss>)");
  REQUIRE(feed.items.size() == 4);
  CHECK(feed.items[0].author == "Example editor");
  CHECK(feed.items[1].author == "Example editor");
  CHECK(feed.items[2].author == "Presseamt");
  CHECK(feed.items[3].author == "Jo Doe");
  CHECK(feed.author.empty());  // the webMaster is a technical contact, no author
}

TEST_CASE("an item without a title takes its item-level media:title", "[parse]") {
  const auto feed = parse_ok(R"(<rss xmlns:media="http://search.yahoo.com/mrss/"><channel>
    <item><media:title>bar</media:title></item>
    <item><media:title>bar</media:title><title>foo</title></item>
    <item><media:content url="https://example.org/v.mp4"><media:title>clip</media:title></media:content></item>
    <item><media:title type="html">a &amp;amp; b</media:title></item>
  </channel></rss>)");
  REQUIRE(feed.items.size() == 4);
  CHECK(feed.items[0].title == "bar");
  CHECK(feed.items[0].title_type == kf::TextType::text);
  CHECK(feed.items[1].title == "foo");
  CHECK(feed.items[2].title.empty());
  CHECK(feed.items[3].title == "a &amp; b");
  CHECK(feed.items[3].title_type == kf::TextType::html);
}

TEST_CASE("entities declared in the internal DTD subset are expanded", "[parse]") {
  const auto feed = parse_ok(R"(<?xml version="1.0"?>
<!DOCTYPE rss [
  <!-- <!ENTITY fake "no"> -->
  <!ENTITY id "tag:example.com,">
  <!ENTITY id "second declaration is ignored">
  <!ENTITY lt2 "a < b">
  <!ENTITY nested "&id;">
  <!ENTITY ext SYSTEM "http://example.org/ext.ent">
  <!ENTITY % pe "x">
]>
<rss version="2.0"><channel><item>
  <guid isPermaLink="false">&id;2006-05-04:/blog/</guid>
  <title>&lt2; &nested; &ext; &fake;</title>
</item></channel></rss>)");
  REQUIRE(feed.items.size() == 1);
  CHECK(feed.items[0].guid == "tag:example.com,2006-05-04:/blog/");
  CHECK(feed.items[0].title == "&lt2; &nested; &ext; &fake;");
  CHECK_FALSE(feed.recovered);
  CHECK(feed.warnings.empty());
}

TEST_CASE("RSS 1.0 RDF items beside the channel with Dublin Core fields", "[parse]") {
  const auto feed = parse_ok(R"(<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"
    xmlns="http://purl.org/rss/1.0/" xmlns:dc="http://purl.org/dc/elements/1.1/">
  <channel rdf:about="https://example.org/rss"><title>RDF</title><link>https://example.org/</link>
    <dc:language>de</dc:language><dc:date>2025-02-04T10:00:00+01:00</dc:date></channel>
  <item rdf:about="https://example.org/n/1">
    <title>Eins</title><link>https://example.org/n/1</link>
    <dc:creator>Erika Muster</dc:creator><dc:date>2025-02-03T09:00:00Z</dc:date>
    <description>Text</description>
  </item>
</rdf:RDF>)");
  CHECK(feed.format == "rss1.0");
  CHECK(feed.title == "RDF");
  CHECK(feed.id == "https://example.org/rss");
  CHECK(feed.language == "de");
  CHECK(feed.updated_raw == "2025-02-04T10:00:00+01:00");
  REQUIRE(feed.items.size() == 1);
  CHECK(feed.items[0].guid == "https://example.org/n/1");
  CHECK(feed.items[0].author == "Erika Muster");
  CHECK(feed.items[0].published_raw == "2025-02-03T09:00:00Z");
  CHECK(feed.items[0].updated_raw == "2025-02-03T09:00:00Z");
  CHECK(feed.items[0].language == "de");
}

TEST_CASE("RSS 0.90 and 0.91 are recognized by namespace and version", "[parse]") {
  const auto old = parse_ok(R"(<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"
    xmlns="http://my.netscape.com/rdf/simple/0.9/"><channel><title>a</title></channel>
    <item><title>t</title><link>http://x.example/1</link></item></rdf:RDF>)");
  CHECK(old.format == "rss0.90");
  REQUIRE(old.items.size() == 1);
  CHECK(old.items[0].link == "http://x.example/1");
  CHECK(parse_ok(R"(<rss version="0.91"><channel><title>b</title></channel></rss>)").format == "rss0.91");
}

TEST_CASE("namespaces are matched by URI, not by prefix", "[parse]") {
  const auto feed = parse_ok(R"(<rss version="2.0" xmlns:foo="http://purl.org/dc/elements/1.1/"
      xmlns:c="http://purl.org/rss/1.0/modules/content/"><channel><item>
    <foo:creator>Anna</foo:creator>
    <c:encoded>body</c:encoded>
    <dc:creator xmlns:dc="http://example.org/not-dc">Wrong</dc:creator>
    <bar:encoded xmlns:bar="http://example.org/other">ignored</bar:encoded>
  </item></channel></rss>)");
  REQUIRE(feed.items.size() == 1);
  CHECK(feed.items[0].author == "Anna");
  CHECK(feed.items[0].content == "body");
}

TEST_CASE("Media RSS content, thumbnails, groups and iTunes fields", "[parse]") {
  const auto feed = parse_ok(R"(<rss version="2.0" xmlns:media="http://search.yahoo.com/mrss/"
      xmlns:itunes="http://www.itunes.com/dtds/podcast-1.0.dtd"><channel>
    <itunes:image href="https://example.org/cover.jpg"/><itunes:author>Stadt</itunes:author>
    <item>
      <media:content url="https://example.org/a.jpg" type="image/jpeg" medium="image" fileSize="99">
        <media:description>Rathaus</media:description><media:credit>Foto: Amt</media:credit>
      </media:content>
      <media:thumbnail url="/t.jpg"/>
      <media:group>
        <media:content url="https://example.org/v.mp4" medium="video"/>
        <media:title>Gruppe</media:title>
      </media:group>
      <itunes:author>Podcaster</itunes:author>
      <itunes:summary>Zusammenfassung</itunes:summary>
      <itunes:image href="https://example.org/ep.jpg"/>
    </item>
  </channel></rss>)");
  CHECK(feed.image_url == "https://example.org/cover.jpg");
  CHECK(feed.author == "Stadt");
  REQUIRE(feed.items.size() == 1);
  const auto& i = feed.items[0];
  CHECK(i.author == "Podcaster");
  CHECK(i.summary == "Zusammenfassung");
  CHECK(i.summary_type == kf::TextType::text);
  REQUIRE(i.media.size() == 4);
  CHECK(i.media[0] == kf::MediaRef{"https://example.org/a.jpg", "image/jpeg", "image", "Rathaus", "Foto: Amt", 99, false});
  CHECK(i.media[1] == kf::MediaRef{"https://example.org/t.jpg", "", "", "", "", std::nullopt, true});
  CHECK(i.media[2] == kf::MediaRef{"https://example.org/v.mp4", "", "video", "Gruppe", "", std::nullopt, false});
  CHECK(i.media[3].url == "https://example.org/ep.jpg");
  CHECK(i.media[3].medium == "image");
}

TEST_CASE("RSS items take atom:link when they have no link and xml:lang in scope", "[parse]") {
  const auto feed = parse_ok(R"(<rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom">
    <channel xml:lang="de"><atom:link rel="self" href="https://example.org/feed"/>
    <item><atom:link href="https://example.org/x" rel="alternate"/><title>a</title></item>
    <item xml:lang="en"><title>b</title></item></channel></rss>)");
  REQUIRE(feed.items.size() == 2);
  CHECK(feed.link.empty());
  CHECK(feed.language == "de");
  CHECK(feed.items[0].link == "https://example.org/x");
  CHECK(feed.items[0].language == "de");
  CHECK(feed.items[1].language == "en");
}

TEST_CASE("unescaped HTML inside an RSS description is kept as markup", "[parse]") {
  const auto feed = parse_ok(R"(<rss version="2.0"><channel><item>
    <description>Hallo <b>Welt</b> &amp;lt;<br/>Ende</description></item></channel></rss>)");
  REQUIRE(feed.items.size() == 1);
  CHECK(feed.items[0].summary == "Hallo <b>Welt</b> &lt;<br>Ende");
}
