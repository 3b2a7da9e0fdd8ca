#include <catch2/catch.hpp>

#include <chrono>
#include <random>
#include <string>
#include <vector>

#include "html/dom.h"
#include "text/utf8.h"

using kf::html::HtmlDocument;
using kf::html::HtmlParser;
using kf::html::ParseLimits;

namespace {

// The serialized <body> content of `html`.
std::string body_of(std::string_view html, const ParseLimits& limits = {}) {
  HtmlParser parser;
  HtmlDocument doc;
  REQUIRE(parser.parse(html, doc, limits));
  return kf::html::inner_html(doc.doc.child("html").child("body"));
}

std::string repeat(std::string_view unit, std::size_t n) {
  std::string s;
  s.reserve(unit.size() * n);
  for (std::size_t i = 0; i < n; ++i) s.append(unit);
  return s;
}

// The element depth of the deepest element (html is 1); pugixml's walker is
// iterative.
std::size_t depth_of_deepest(pugi::xml_node root) {
  struct Walker : pugi::xml_tree_walker {
    std::size_t max = 0;
    bool for_each(pugi::xml_node& n) override {
      if (n.type() == pugi::node_element) max = std::max(max, static_cast<std::size_t>(depth()) + 1);
      return true;
    }
  } walker;
  root.traverse(walker);
  return walker.max;
}

// Every text and attribute value of `doc` that is not well-formed UTF-8
// without NUL.
std::vector<std::string> broken_values(pugi::xml_document& doc) {
  struct Walker : pugi::xml_tree_walker {
    std::vector<std::string> bad;
    bool for_each(pugi::xml_node& n) override {
      if (!kf::text::is_valid_utf8(n.value())) bad.push_back(n.value());
      for (pugi::xml_attribute a : n.attributes())
        if (!kf::text::is_valid_utf8(a.value())) bad.push_back(a.value());
      return true;
    }
  } walker;
  doc.traverse(walker);
  return walker.bad;
}

// A random document of markup, character references (hostile ones among
// them) and code points of every length, always valid UTF-8 without NUL.
std::string random_document(std::mt19937& rng) {
  static const char* const pieces[] = {
      "<", ">", "</", "&", "&#", "&#x", ";", "=", "\"", "'", " ", "\n", "\r", "\t", "a", "0", "9", "f", "D800",
      "110000", "80", "9f", "00", "99999999999999", "amp", "notin", "not", "\xC3\xA4", "\xE2\x82\xAC",
      "\xF0\x9D\x84\x9E", "\xC2\x80", "\xEF\xBF\xBF", "<p>", "<div class=", "<a href=", "<table>", "<tr>",
      "<td>", "</table>", "<pre>", "<textarea>", "<title>", "<script>", "</script>", "<style>", "<plaintext>",
      "<svg>", "</svg>", "<math>", "<![CDATA[", "]]>", "<!--", "-->", "<select>", "<option>", "<frameset>",
      "<noscript>", "<template>", "<xmp>", "<b>", "</b>", "<body>", "<html ", "<foreignObject>",
      "<annotation-xml encoding=text/html>", "<img alt=", "<input value=", "&#0;", "&#x0;", "&#xD800;",
      "&#xDBFF;&#xDC00;", "&#x110000;", "&#x80;", "&#x81;", "&#1114112;", "&#x10FFFF;", "&#4294967296;",
      "&#x100000000;", "&#13;", "&#xFFFE;", "&notit;", "&amp", "&AMP;"};
  std::string s;
  const std::size_t n = 1 + rng() % 60;
  for (std::size_t k = 0; k < n; ++k) {
    if (rng() % 8 == 0) {
      char32_t cp = 0;
      while (cp == 0 || (cp >= 0xD800 && cp <= 0xDFFF)) cp = rng() % (rng() % 2 ? 0x800 : 0x110000);
      kf::text::append_utf8(s, cp);
    } else {
      s += pieces[rng() % std::size(pieces)];
    }
  }
  return s;
}

double seconds_since(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

}  // namespace

TEST_CASE("Unclosed tags are closed as HTML5 says", "[html][dom]") {
  CHECK(body_of("<ul><li>a<li>b</ul><p>x<p>y") == "<ul><li>a</li><li>b</li></ul><p>x</p><p>y</p>");
}

TEST_CASE("Misnested formatting tags give the HTML5 tree", "[html][dom]") {
  CHECK(body_of("<b><i></b></i>") == "<b><i></i></b>");
  CHECK(body_of("<b>1<p>2</b>3</p>") == "<b>1</b><p><b>2</b>3</p>");
}

TEST_CASE("Text in a table is fostered before it and tbody is implied", "[html][dom]") {
  CHECK(body_of("<table>x<tr><td>y</table>") == "x<table><tbody><tr><td>y</td></tr></tbody></table>");
}

TEST_CASE("Comments and the doctype are dropped, head content kept", "[html][dom]") {
  HtmlParser parser;
  HtmlDocument doc;
  REQUIRE(parser.parse("<!DOCTYPE html><title>T</title><!-- c --><P CLASS=x>t</P>", doc));
  CHECK(kf::html::outer_html(doc.doc) ==
        "<html><head><title>T</title></head><body><p class=\"x\">t</p></body></html>");
  CHECK_FALSE(doc.truncated);
}

TEST_CASE("Attribute names that are not XML names are dropped", "[html][dom]") {
  CHECK(body_of("<div x\"y=1 a=2 1b=3>t</div>") == "<div a=\"2\">t</div>");
}

TEST_CASE("XPath runs on the converted tree", "[html][dom]") {
  HtmlParser parser;
  HtmlDocument doc;
  REQUIRE(parser.parse("<div class=news><h2><a href='/a'>A</a></h2><h2><a href='/b'>B</a></h2></div>", doc));
  pugi::xpath_node_set links = doc.doc.select_nodes("//div[@class='news']//a/@href");
  REQUIRE(links.size() == 2);
  CHECK(std::string(links[0].attribute().value()) == "/a");
  CHECK(std::string(links[1].attribute().value()) == "/b");
}

TEST_CASE("SVG xlink attributes keep their prefix", "[html][dom]") {
  CHECK(body_of("<svg><a xlink:href=\"#x\">t</a></svg>") == "<svg><a xlink:href=\"#x\">t</a></svg>");
}

TEST_CASE("Noscript content is parsed as markup with scripting off", "[html][dom]") {
  CHECK(body_of("<p>x</p><noscript><img src=a.jpg></noscript>") == "<p>x</p><noscript><img src=\"a.jpg\"></noscript>");
}

TEST_CASE("Template content appears as the template's children", "[html][dom]") {
  CHECK(body_of("<p>x</p><template><b>t</b></template>") == "<p>x</p><template><b>t</b></template>");
}

TEST_CASE("NUL bytes and invalid UTF-8 do not crash and become U+FFFD where HTML5 keeps them", "[html][dom]") {
  // The tree builder ignores NUL in body text (HTML5 §13.2.6.4.7).
  const char raw[] = "x\0y<p a=\"\0\xff\">\xc3(\xed\xa0\x80</p>";
  CHECK(body_of(std::string_view(raw, sizeof raw - 1)) ==
        "xy<p a=\"\xEF\xBF\xBD\xEF\xBF\xBD\">\xEF\xBF\xBD(\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD</p>");
}

TEST_CASE("Hostile character references become U+FFFD or their HTML5 code point", "[html][dom]") {
  CHECK(body_of("<p title='&#0;&#xD800;&#x80;'>&#0;|&#xD800;|&#x110000;|&#x80;|&#x81;|&#4294967296;|&#x10FFFF;</p>") ==
        "<p title=\"\xEF\xBF\xBD\xEF\xBF\xBD\xE2\x82\xAC\">"
        "\xEF\xBF\xBD|\xEF\xBF\xBD|\xEF\xBF\xBD|\xE2\x82\xAC|\xC2\x81|\xEF\xBF\xBD|\xF4\x8F\xBF\xBF</p>");
}

// The converter copies MyHTML's strings unchecked when the whole input is
// valid UTF-8 without NUL; this is the evidence that MyHTML never makes
// broken UTF-8 or NUL out of such input.
TEST_CASE("Valid UTF-8 input without NUL gives only valid UTF-8 without NUL", "[html][dom]") {
  std::mt19937 rng(20240607);
  HtmlParser parser;
  HtmlDocument doc;
  for (int i = 0; i < 5000; ++i) {
    const std::string input = random_document(rng);
    REQUIRE(kf::text::is_valid_utf8(input));
    REQUIRE(parser.parse(input, doc));
    INFO(input);
    CHECK(broken_values(doc.doc).empty());
  }
}

TEST_CASE("A repeated attribute keeps its first value", "[html][dom]") {
  CHECK(body_of("<div a=1 b=2 A=3 a=4>t</div>") == "<div a=\"1\" b=\"2\">t</div>");
  CHECK(body_of("<svg xlink:href=a XLINK:HREF=b><a class=x class=y>t</a></svg>") ==
        "<svg xlink:href=\"a\"><a class=\"x\">t</a></svg>");
}

TEST_CASE("Empty input gives an empty document skeleton", "[html][dom]") {
  HtmlParser parser;
  HtmlDocument doc;
  REQUIRE(parser.parse("", doc));
  CHECK(kf::html::outer_html(doc.doc) == "<html><head></head><body></body></html>");
}

TEST_CASE("A parser reused for a second page forgets the first", "[html][dom]") {
  HtmlParser parser;
  HtmlDocument doc;
  REQUIRE(parser.parse(repeat("<div>", 1000), doc, {.max_depth = 10}));
  CHECK(doc.truncated);
  REQUIRE(parser.parse("<p>second</p>", doc));
  CHECK(kf::html::outer_html(doc.doc) == "<html><head></head><body><p>second</p></body></html>");
  CHECK_FALSE(doc.truncated);
  CHECK(doc.warnings.empty());
}

TEST_CASE("Elements below max_depth are dropped with their subtree", "[html][dom]") {
  HtmlParser parser;
  HtmlDocument doc;
  REQUIRE(parser.parse(repeat("<div>", 20) + "deep", doc, {.max_depth = 5}));
  CHECK(doc.truncated);
  REQUIRE(doc.warnings.size() == 2);
  CHECK(doc.warnings[0] == "html: nesting too deep from byte 50; 10 tags dropped");  // pre-cut at 2 × 5
  CHECK(doc.warnings[1] == "html: elements deeper than 5 levels dropped");
  CHECK(depth_of_deepest(doc.doc) == 5);  // html body div div div
  CHECK(kf::html::text_content(doc.doc).empty());
}

TEST_CASE("Conversion stops after max_nodes nodes", "[html][dom]") {
  HtmlParser parser;
  HtmlDocument doc;
  REQUIRE(parser.parse(repeat("<p>x</p>", 100), doc, {.max_nodes = 11}));
  CHECK(doc.truncated);
  CHECK(doc.doc.select_nodes("//p").size() == 4);  // html head body + 4 × (p + text)
  REQUIRE(doc.warnings.size() == 1);
  CHECK(doc.warnings[0] == "html: more than 11 nodes; the rest of the page is dropped");
}

TEST_CASE("100,000 nested divs are cut without crashing", "[html][dom][slow]") {
  HtmlParser parser;
  HtmlDocument doc;
  auto start = std::chrono::steady_clock::now();
  REQUIRE(parser.parse(repeat("<div>", 100000) + "x" + repeat("</div>", 100000) + "<p>after</p>", doc));
  WARN("100,000 nested <div>: " << seconds_since(start) << " s");
  CHECK(doc.truncated);
  CHECK(depth_of_deepest(doc.doc) == 256);
  CHECK(doc.doc.select_nodes("/html/body/p").size() == 1);
}

TEST_CASE("30,000 nested tables are cut without crashing", "[html][dom][slow]") {
  HtmlParser parser;
  HtmlDocument doc;
  auto start = std::chrono::steady_clock::now();
  REQUIRE(parser.parse(repeat("<table><tr><td>", 30000) + "x", doc));
  WARN("30,000 nested <table><tr><td>: " << seconds_since(start) << " s");
  CHECK(doc.truncated);
  CHECK(depth_of_deepest(doc.doc) == 256);
  start = std::chrono::steady_clock::now();
  REQUIRE(parser.parse(repeat("<table>", 30000) + "x", doc));
  WARN("30,000 <table> tags: " << seconds_since(start) << " s");
  // A <table> start tag directly in a table closes it: 30,000 siblings.
  CHECK(doc.doc.select_nodes("/html/body/table").size() == 30000);
  CHECK(depth_of_deepest(doc.doc) == 3);
}

TEST_CASE("Thousands of open formatting elements do not multiply", "[html][dom][slow]") {
  std::string input;
  for (int i = 0; i < 3000; ++i) input += "<b id=" + std::to_string(i) + "><p>x";
  HtmlParser parser;
  HtmlDocument doc;
  auto start = std::chrono::steady_clock::now();
  REQUIRE(parser.parse(input, doc));
  WARN("3,000 × <b id=N><p>x: " << seconds_since(start) << " s");
  CHECK(doc.truncated);
  CHECK(doc.doc.select_nodes("//p").size() == 3000);
  CHECK(doc.doc.select_nodes("//b").size() < 3000 * 30);
}

TEST_CASE("An ordinary page is not truncated", "[html][dom]") {
  std::string page = "<!doctype html><html><head><script>if (a<b && c>d) x('<div>');</script></head><body>";
  for (int i = 0; i < 300; ++i)
    page += "<div class=item><h2><a href='/n" + std::to_string(i) + "'>Titel</a></h2><p>Text <b>fett<p>mehr<ul><li>a<li>b</ul></div>";
  page += "</body></html>";
  HtmlParser parser;
  HtmlDocument doc;
  REQUIRE(parser.parse(page, doc));
  CHECK_FALSE(doc.truncated);
  CHECK(doc.warnings.empty());
  CHECK(doc.doc.select_nodes("//div[@class='item']").size() == 300);
}

TEST_CASE("The parsed document lists its elements in document order with tag ids and class values", "[html]") {
  HtmlParser parser;
  HtmlDocument doc;
  REQUIRE(parser.parse("<p class=' x y'>a<b>b</b></p><p>c</p>", doc));
  std::vector<std::string> names;
  for (const auto& e : doc.elements) names.push_back(e.node.name());
  CHECK(names == std::vector<std::string>{"html", "head", "body", "p", "b", "p"});
  CHECK(std::string(doc.elements[3].class_attr) == " x y");
  CHECK(doc.elements[4].class_attr == nullptr);
  CHECK(doc.elements[3].tag == doc.elements[5].tag);
  CHECK(doc.elements[3].tag != doc.elements[4].tag);
  REQUIRE(parser.parse("<i>only</i>", doc));  // a second parse starts a fresh list
  CHECK(doc.elements.size() == 4);
}
