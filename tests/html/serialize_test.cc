#include <catch2/catch.hpp>

#include <cstdint>
#include <string>
#include <vector>

#include "html/dom.h"
#include "html/serialize.h"
#include "text/escape.h"

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

namespace {

// text_content's collapsing rules, byte by byte, as the contract states them.
std::string collapse_reference(std::string_view text) {
  std::string out;
  bool space = false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const auto c = static_cast<unsigned char>(text[i]);
    if (c == ' ' || c == '\t' || c == '\n' || c == '\f' || c == '\r') {
      space = true;
    } else if (c == 0xC2 && i + 1 < text.size() && static_cast<unsigned char>(text[i + 1]) == 0xA0) {
      space = true;
      ++i;
    } else if (c >= 0x20) {
      if (space && !out.empty()) out.push_back(' ');
      space = false;
      out.push_back(static_cast<char>(c));
    }
  }
  return out;
}

// `rounds` texts of fewer than `max_pieces` pieces drawn from `pieces`;
// deterministic, so a failure reproduces.
std::vector<std::string> random_texts(const std::vector<std::string>& pieces, std::uint32_t seed, int rounds,
                                      int max_pieces) {
  auto next = [&seed] { return seed = seed * 1103515245u + 12345u, (seed >> 16) & 0x7FFF; };
  std::vector<std::string> texts(static_cast<std::size_t>(rounds));
  for (std::string& text : texts) {
    const int n = static_cast<int>(next() % static_cast<std::uint32_t>(max_pieces));
    for (int k = 0; k < n; ++k) text += pieces[next() % pieces.size()];
  }
  return texts;
}

}  // namespace

TEST_CASE("Text content collapses any mix of words, spaces, NBSP and controls like the byte rules",
          "[html][serialize]") {
  // Pieces that meet the 16-byte chunk edges in every combination.
  const std::vector<std::string> pieces = {"a", "Wort", "Stra\xC3\x9F" "e", " ", "  ", "\n\t", "\xC2\xA0",
                                           "\xC2\xA9", "\x01", "\x0B", "\xC2", "0123456789abcdef", "x y"};
  for (const std::string& text : random_texts(pieces, 12345, 3000, 24)) {
    pugi::xml_document doc;
    doc.append_child("p").append_child(pugi::node_pcdata).set_value(text.c_str());
    INFO("text: " << text);
    CHECK(text_content(doc) == collapse_reference(text));
  }
}

TEST_CASE("Text content into a reused buffer replaces what it held", "[html][serialize]") {
  kf::html::HtmlDocument doc;
  pugi::xml_node b = body(doc, "<p>eins <b>zwei</b></p><div>drei<p>vier</p><script>x</script></div><i></i>");
  std::string buffer = "alter Inhalt, der länger ist als jeder neue";
  kf::html::text_content(b.child("p"), buffer);
  CHECK(buffer == "eins zwei");
  kf::html::text_content(b.child("div"), buffer);
  CHECK(buffer == "drei vier");
  kf::html::text_content(b.child("i"), buffer);
  CHECK(buffer.empty());
}

TEST_CASE("Serialized text and attributes escape exactly as text/escape.h does", "[html][serialize]") {
  const std::vector<std::string> pieces = {"abc", "&", "<", ">", "\"", "\x01", "\t", "\n", "\r", " ",
                                           "\xC3\xA4", "0123456789abcdef"};
  for (const std::string& text : random_texts(pieces, 777, 1000, 20)) {
    pugi::xml_document doc;
    pugi::xml_node p = doc.append_child("p");
    p.append_attribute("title").set_value(text.c_str());
    p.append_child(pugi::node_pcdata).set_value(text.c_str());
    std::string want = "<p title=\"";
    kf::text::append_escaped_attribute(want, text);
    want += "\">";
    kf::text::append_escaped_text(want, text);
    want += "</p>";
    INFO("text: " << text);
    CHECK(outer_html(doc) == want);
  }
}
