#include <catch2/catch.hpp>

#include "parse/parse.h"

namespace {

kf::Feed parse_ok(std::string_view xml, std::string url = "https://example.org/dir/feed.atom") {
  auto r = kf::parse::parse_feed({xml, std::move(url), "application/atom+xml"});
  if (!r) FAIL(r.error().message);
  return *r;
}

}  // namespace

TEST_CASE("Atom 1.0 feed and entry fields map to Feed and FeedItem", "[parse]") {
  const auto feed = parse_ok(R"(<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="de">
  <title type="text">Amt</title><id>urn:uuid:feed</id><updated>2025-02-04T10:00:00Z</updated>
  <link rel="self" href="/feed.atom"/><link href="https://example.org/"/>
  <author><name>Redaktion</name></author><logo>logo.png</logo>
  <entry>
    <id> urn:uuid:1 </id>
    <title type="html">A &amp;lt;b&amp;gt; title</title>
    <link rel="related" href="rel.html"/>
    <link rel="alternate" type="application/pdf" href="a.pdf"/>
    <link rel="alternate" type="text/html" href="a.html"/>
    <link rel="enclosure" type="audio/mpeg" length="5" href="a.mp3"/>
    <summary>Plain &lt;text&gt;</summary>
    <content type="html">&lt;p&gt;Hi&lt;/p&gt;</content>
    <published>2025-02-01T00:00:00Z</published><updated>2025-02-02T00:00:00Z</updated>
    <category term="ozg" label="OZG"/>
  </entry>
</feed>)");
  CHECK(feed.format == "atom1.0");
  CHECK(feed.title == "Amt");
  CHECK(feed.id == "urn:uuid:feed");
  CHECK(feed.link == "https://example.org/");
  CHECK(feed.updated_raw == "2025-02-04T10:00:00Z");
  CHECK(feed.author == "Redaktion");
  CHECK(feed.language == "de");
  CHECK(feed.image_url == "https://example.org/dir/logo.png");
  REQUIRE(feed.items.size() == 1);
  const auto& e = feed.items[0];
  CHECK(e.guid == "urn:uuid:1");
  CHECK(e.title == "A &lt;b&gt; title");
  CHECK(e.title_type == kf::TextType::html);
  CHECK(e.link == "https://example.org/dir/a.html");
  CHECK(e.related_links == std::vector<std::string>{"https://example.org/dir/rel.html"});
  REQUIRE(e.media.size() == 1);
  CHECK(e.media[0] == kf::MediaRef{"https://example.org/dir/a.mp3", "audio/mpeg", "", "", "", 5, false});
  CHECK(e.summary == "Plain <text>");
  CHECK(e.summary_type == kf::TextType::text);
  CHECK(e.content == "<p>Hi</p>");
  CHECK(e.content_type == kf::TextType::html);
  CHECK(e.published_raw == "2025-02-01T00:00:00Z");
  CHECK(e.updated_raw == "2025-02-02T00:00:00Z");
  CHECK(e.author == "Redaktion");
  CHECK(e.categories == std::vector<std::string>{"ozg"});
  CHECK(e.language == "de");
}

TEST_CASE("Atom link without rel is the alternate; the first alternate wins without html", "[parse]") {
  const auto feed = parse_ok(R"(<feed xmlns="http://www.w3.org/2005/Atom">
    <entry><link href="x1"/><link rel="alternate" href="x2"/></entry>
    <entry><link rel="alternate" type="application/pdf" href="y.pdf"/><link rel="self" href="s"/></entry>
  </feed>)");
  REQUIRE(feed.items.size() == 2);
  CHECK(feed.items[0].link == "https://example.org/dir/x1");
  CHECK(feed.items[1].link == "https://example.org/dir/y.pdf");
}

TEST_CASE("xml:base chains resolve each base against its parent's", "[parse]") {
  const auto feed = parse_ok(R"(<feed xmlns="http://www.w3.org/2005/Atom" xml:base="http://a.example/root/">
    <link href="home"/>
    <entry xml:base="sub/">
      <link href="page.html"/>
      <content type="html" xml:base="/abs/">x</content>
    </entry>
    <entry xml:base="https://b.example/other/"><link xml:base="deeper/" href="../p"/></entry>
  </feed>)");
  CHECK(feed.link == "http://a.example/root/home");
  REQUIRE(feed.items.size() == 2);
  CHECK(feed.items[0].link == "http://a.example/root/sub/page.html");
  CHECK(feed.items[0].base_url == "http://a.example/abs/");
  CHECK(feed.items[1].link == "https://b.example/other/p");
  CHECK(feed.items[1].base_url == "https://b.example/other/");
}

TEST_CASE("Atom xhtml content is the inner div serialized as HTML without prefixes", "[parse]") {
  const auto feed = parse_ok(R"(<feed xmlns="http://www.w3.org/2005/Atom"><entry>
    <title type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml">A <b>bold</b> title</div></title>
    <content type="xhtml"><x:div xmlns:x="http://www.w3.org/1999/xhtml"><x:p class="a&amp;b">1 &lt; 2<x:br/></x:p><x:img src="i.png" alt="I"/></x:div></content>
  </entry></feed>)");
  REQUIRE(feed.items.size() == 1);
  CHECK(feed.items[0].title == "A <b>bold</b> title");
  CHECK(feed.items[0].title_type == kf::TextType::html);
  CHECK(feed.items[0].content == R"(<p class="a&amp;b">1 &lt; 2<br></p><img src="i.png" alt="I">)");
}

TEST_CASE("Atom 0.3 escaped and xml modes and issued/modified dates", "[parse]") {
  const auto feed = parse_ok(R"(<feed version="0.3" xmlns="http://purl.org/atom/ns#">
    <title>Old</title><modified>2004-01-01T00:00:00Z</modified>
    <entry><title mode="escaped" type="text/html">&lt;i&gt;T&lt;/i&gt;</title>
      <content type="application/xhtml+xml" mode="xml"><div xmlns="http://www.w3.org/1999/xhtml"><p>C</p></div></content>
      <issued>2004-01-02T00:00:00Z</issued><modified>2004-01-03T00:00:00Z</modified>
      <author><name>Ann</name></author>
    </entry></feed>)");
  CHECK(feed.format == "atom0.3");
  CHECK(feed.updated_raw == "2004-01-01T00:00:00Z");
  REQUIRE(feed.items.size() == 1);
  CHECK(feed.items[0].title == "<i>T</i>");
  CHECK(feed.items[0].title_type == kf::TextType::html);
  CHECK(feed.items[0].content == "<p>C</p>");
  CHECK(feed.items[0].published_raw == "2004-01-02T00:00:00Z");
  CHECK(feed.items[0].updated_raw == "2004-01-03T00:00:00Z");
  CHECK(feed.items[0].author == "Ann");
}

TEST_CASE("relative links resolve against the document URL when there is no xml:base", "[parse]") {
  const auto feed = parse_ok(R"(<feed xmlns="http://www.w3.org/2005/Atom"><entry>
    <link href="../news/1?x=1#frag"/></entry></feed>)", "https://example.org/a/b/feed");
  REQUIRE(feed.items.size() == 1);
  CHECK(feed.items[0].link == "https://example.org/a/news/1?x=1#frag");
}

TEST_CASE("an HTML page is not a feed", "[parse]") {
  const auto r = kf::parse::parse_feed({"<!DOCTYPE html><html><body>x</body></html>", "https://e.example/", "text/html"});
  REQUIRE_FALSE(r);
  CHECK(r.error().message == "parse: https://e.example/: not a feed (root element <html>)");
}

TEST_CASE("base64 Atom text is decoded: 0.3 mode and 1.0 non-text media types", "[parse]") {
  const auto feed = parse_ok(R"(<feed xmlns="http://www.w3.org/2005/Atom">
  <entry><title type="application/octet-stream">RXhhbXBsZSA8Yj5BdG9tPC9iPg==</title></entry>
  <entry><title type="text/html" mode="base64">
    PGRpdj5jbGljayBoZXJlPC9kaXY+
  </title></entry>
  <entry><title mode="base64">not base64!</title></entry>
  <entry><title>t</title><content type="image/png">iVBORw0KGgo=</content></entry>
  <entry><title type="application/json">{"a": 1}</title></entry>
  <entry><title type="text/plain">RXhhbXBsZQ==</title></entry>
</feed>)");
  REQUIRE(feed.items.size() == 6);
  CHECK(feed.items[0].title == "Example <b>Atom</b>");
  CHECK(feed.items[0].title_type == kf::TextType::text);
  CHECK(feed.items[1].title == "<div>click here</div>");
  CHECK(feed.items[1].title_type == kf::TextType::html);
  CHECK(feed.items[2].title == "not base64!");  // mislabelled: shown as written
  CHECK(feed.items[3].content.empty());          // binary: nothing to show
  CHECK(feed.items[4].title == "{\"a\": 1}");
  CHECK(feed.items[5].title == "RXhhbXBsZQ==");  // text/* is never base64
}

TEST_CASE("an Atom author with only a uri has no name", "[parse]") {
  const auto feed = parse_ok(R"(<feed xmlns="http://www.w3.org/2005/Atom">
  <entry><author><uri>http://one.com/</uri></author></entry>
  <entry><author>Jo Doe</author></entry>
  <entry><author><email>jo@example.org</email><uri>http://one.com/</uri></author></entry>
</feed>)");
  REQUIRE(feed.items.size() == 3);
  CHECK(feed.items[0].author.empty());
  CHECK(feed.items[1].author == "Jo Doe");
  CHECK(feed.items[2].author == "jo@example.org");
}

TEST_CASE("a feed root without the Atom namespace is read as Atom with a warning", "[parse]") {
  const auto feed = parse_ok(R"(<feed xmlns:bogus="http://dom.test/ns"
      xmlns:atom="http://www.w3.org/2005/Atom"><title>T</title>
    <entry><id bogus:attr="wrong">urn:x:right</id><title>E</title>
      <link href="/e"/><author><name>Jo</name></author></entry>
  </feed>)");
  CHECK(feed.format == "atom1.0");
  CHECK(feed.title == "T");
  REQUIRE(feed.items.size() == 1);
  CHECK(feed.items[0].guid == "urn:x:right");
  CHECK(feed.items[0].title == "E");
  CHECK(feed.items[0].link == "https://example.org/e");
  CHECK(feed.items[0].author == "Jo");
  CHECK_FALSE(feed.recovered);  // well-formed XML: nothing was repaired
  CHECK(feed.warnings == std::vector<std::string>{"atom: <feed> has no Atom namespace; read as atom1.0"});
}

TEST_CASE("Atom ids: path references resolve, opaque names stay, http ids may be links", "[parse]") {
  const auto feed = parse_ok(R"(<feed xmlns="http://www.w3.org/2005/Atom" xml:base="https://base.example/x/">
  <entry><id>/relative/link</id></entry>
  <entry><id>1</id></entry>
  <entry><id>HTTP://www.example.org/thing</id></entry>
  <entry><id>tag:example.org,2025:1</id></entry>
</feed>)");
  REQUIRE(feed.items.size() == 4);
  CHECK(feed.items[0].guid == "https://base.example/relative/link");
  CHECK(feed.items[0].guid_is_permalink);
  CHECK(feed.items[1].guid == "1");
  CHECK_FALSE(feed.items[1].guid_is_permalink);
  CHECK(feed.items[2].guid == "HTTP://www.example.org/thing");  // RFC 4287 4.2.6.1: as written
  CHECK(feed.items[2].guid_is_permalink);
  CHECK_FALSE(feed.items[3].guid_is_permalink);
  CHECK(feed.items[0].link.empty());  // the fallback to the id is normalize's
}
