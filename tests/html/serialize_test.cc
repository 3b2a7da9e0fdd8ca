#include <catch2/catch.hpp>

#include "html/dom.h"
#include "html/serialize.h"

using kf::html::inner_html;
using kf::html::outer_html;
using kf::html::text_content;

namespace {

pugi::xml_node body(kf::html::HtmlDocument& doc, std::string_view html) {
  kf::html::HtmlParser parser;
  REQUIRE(parser.parse(html, doc));
  return doc.doc.child("html").child("body");
}

}  // namespace

TEST_CASE("Void elements have no end tag", "[html][serialize]") {
  kf::html::HtmlDocument doc;
  CHECK(inner_html(body(doc, "a<br>b<img src=x><hr>")) == "a<br>b<img src=\"x\"><hr>");
}

TEST_CASE("Text and attributes are escaped", "[html][serialize]") {
  kf::html::HtmlDocument doc;
  CHECK(inner_html(body(doc, "<p title='a\"b&amp;c<d>'>1 &lt; 2 &amp;&amp; 3 &gt; 2 \"q\"</p>")) ==
        "<p title=\"a&quot;b&amp;c&lt;d&gt;\">1 &lt; 2 &amp;&amp; 3 &gt; 2 \"q\"</p>");
}

TEST_CASE("Outer html of an element includes its own tags", "[html][serialize]") {
  kf::html::HtmlDocument doc;
  pugi::xml_node b = body(doc, "<div><p>x</p></div>");
  CHECK(outer_html(b.child("div")) == "<div><p>x</p></div>");
  CHECK(inner_html(b.child("div")) == "<p>x</p>");
  CHECK(outer_html(b.child("div").child("p").first_child()) == "x");
  CHECK(inner_html(pugi::xml_node()).empty());
}

TEST_CASE("Text content collapses whitespace and separates blocks", "[html][serialize]") {
  kf::html::HtmlDocument doc;
  pugi::xml_node b = body(doc, "<h1>  Digitales\n\tRathaus </h1><p>Die <b>Stadt</b>&nbsp;X<br>startet</p>"
                               "<script>var x;</script><ul><li>a</li><li>b</li></ul>");
  CHECK(text_content(b) == "Digitales Rathaus Die Stadt X startet a b");
  CHECK(text_content(b.child("p")) == "Die Stadt X startet");
}

TEST_CASE("Control characters are dropped from serialized text", "[html][serialize]") {
  pugi::xml_document doc;
  doc.append_child("p").append_child(pugi::node_pcdata).set_value("a\x01\x0b" "b\tc");
  CHECK(outer_html(doc) == "<p>ab\tc</p>");
}

TEST_CASE("A hand-built tree 200,000 levels deep serializes and is destroyed", "[html][serialize][slow]") {
  std::string html, text;
  {
    pugi::xml_document doc;
    pugi::xml_node n = doc;
    for (int i = 0; i < 200000; ++i) n = n.append_child("i");
    n.append_child(pugi::node_pcdata).set_value("x");
    html = outer_html(doc);
    text = text_content(doc);
  }
  CHECK(html.size() == 200000 * 7 + 1);
  CHECK(html.substr(0, 6) == "<i><i>");
  CHECK(text == "x");
}
