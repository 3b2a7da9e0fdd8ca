#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "html/dom.h"
#include "scrape/element_index.h"
#include "scrape/path_match.h"
#include "scrape/selector.h"

using kf::scrape::detail::ElementIndex;
using kf::scrape::detail::PathMatch;

namespace {

// A page with nesting, repeated names, text split by elements and comments,
// attributes with and without values.
const char* const kPage = R"(<html><head><title>T</title>
<meta name="description" content="D"><meta property="og:title" content="O"></head><body>
<div class="teaser" id="t1"><h3><a href="/a">Kicker: A</a></h3><p>first <b>bold</b> second<span class="datum">01.02.2025</span></p></div>
<div class="teaser" id="t2"><p><span class="datum">03.04.2025</span></p><p>x<span class="datum other">no</span></p></div>
<div id="outer"><div id="inner">inner text<p class="lead">Lead <!-- c --> rest</p></div>outer text</div>
<p class="lead">second lead</p>
<figure><figcaption>Cap <span class="credit">(Bildquelle: X)</span><span>plain</span></figcaption></figure>
<p class='lead'><span>no text first</span>late text</p>
</body></html>)";

// The nodes as "name#id", "text:…" or "@name=value", for comparison.
std::string describe(const pugi::xpath_node& n) {
  if (!n) return "null";
  if (n.attribute()) return std::string("@") + n.attribute().name() + "=" + n.attribute().value();
  const pugi::xml_node x = n.node();
  if (x.type() == pugi::node_pcdata) return std::string("text:") + x.value();
  return std::string(x.name()) + "#" + x.attribute("id").value() + "/" + x.attribute("class").value();
}

// Of an xpath_node_set or a vector of xpath_node.
template <class Nodes>
std::vector<std::string> describe_all(const Nodes& nodes) {
  std::vector<std::string> out;
  for (const auto& n : nodes) out.push_back(describe(n));
  return out;
}

}  // namespace

TEST_CASE("Simple XPath paths give what pugixml's evaluator gives", "[scrape]") {
  kf::html::HtmlParser parser;
  kf::html::HtmlDocument dom;
  REQUIRE(parser.parse(kPage, dom));
  const ElementIndex index(dom);
  const pugi::xml_node teaser1 = dom.doc.find_node([](pugi::xml_node n) {
    return std::string_view(n.attribute("id").value()) == "t1";
  });
  const pugi::xml_node teaser2 = teaser1.next_sibling().next_sibling();
  REQUIRE(std::string_view(teaser2.attribute("id").value()) == "t2");
  for (const char* xpath : {"//p[@class='lead']/text()[1]", "//p[@class='lead']/text()[2]", "//p/text()",
                            "//figcaption/span[@class='credit']", "//figcaption/span", "./p/span[@class='datum']",
                            ".//span[@class='datum']", "//div//p", "//div/p", "/html/body/div", "//div/*",
                            "//meta[@name='description']/@content", "//meta/@content", "//meta[@property]/@content",
                            "//div[@id=\"inner\"]//text()", "//div/text()[1]", "./h3/a/@href", ".//a[@href]",
                            "//nothing/text()", "//span[@class]"}) {
    CAPTURE(xpath);
    const auto compiled = PathMatch::compile(xpath);
    REQUIRE(compiled);
    const pugi::xpath_query query(xpath);
    for (const pugi::xml_node context : {pugi::xml_node(dom.doc), teaser1, teaser2}) {
      CAPTURE(describe(pugi::xpath_node(context)));
      pugi::xpath_node_set expected = query.evaluate_node_set(context);
      expected.sort();
      CHECK(describe_all(compiled->all(context)) == describe_all(expected));
      CHECK(describe_all(compiled->all(context, &index)) == describe_all(expected));
      CHECK(describe(compiled->first(context)) == describe(query.evaluate_node(context)));
      CHECK(describe(compiled->first(context, &index)) == describe(query.evaluate_node(context)));
    }
  }
}

TEST_CASE("XPath outside the simple subset is left to pugixml", "[scrape]") {
  for (const char* xpath : {"//p[1]", "//p[@class='a' or @id='b']", "//p[contains(@class, 'a')]", "(//p)[1]",
                            "//p | //div", "// p", "//p/following-sibling::div", "//text()[0]", "./@href",
                            "//a//@href", "//text()/b", "//p[@class='x]", "p", "//node()", "//@href"}) {
    CAPTURE(xpath);
    CHECK_FALSE(PathMatch::compile(xpath));
  }
}

TEST_CASE("A selector compiled from simple XPath finds the nodes pugixml finds", "[scrape]") {
  kf::html::HtmlParser parser;
  kf::html::HtmlDocument dom;
  REQUIRE(parser.parse(kPage, dom));
  const ElementIndex index(dom);
  auto sel = kf::scrape::compile_selector("//p[@class='lead']/text()[1]");
  REQUIRE(sel);
  CHECK(describe(sel->first(dom.doc, &index)) == "text:Lead ");
  CHECK(describe_all(sel->all(dom.doc, &index)) ==
        std::vector<std::string>{"text:Lead ", "text:second lead", "text:late text"});
}
