#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "html/dom.h"
#include "scrape/selector.h"

using kf::scrape::compile_selector;
using kf::scrape::css_to_xpath;

namespace {

std::string xpath_of(const std::string& css) {
  auto x = css_to_xpath(css);
  return x ? *x : "ERROR: " + x.error().message;
}

std::string class_test(const std::string& name) {
  return "[contains(concat(' ', normalize-space(@class), ' '), concat(' ', '" + name + "', ' '))]";
}

// The id attributes of the elements `selector` finds in `html`, in order.
std::vector<std::string> ids(const std::string& selector, const std::string& html) {
  kf::html::HtmlParser parser;
  kf::html::HtmlDocument doc;
  REQUIRE(parser.parse(html, doc));
  auto sel = compile_selector(selector);
  REQUIRE(sel);
  std::vector<std::string> out;
  for (const auto& n : sel->all(doc.doc)) out.push_back(n.node().attribute("id").value());
  return out;
}

}  // namespace

TEST_CASE("CSS selectors translate to the XPath of the table", "[scrape]") {
  CHECK(xpath_of("h1") == ".//h1");
  CHECK(xpath_of("*") == ".//*");
  CHECK(xpath_of("DIV") == ".//div");
  CHECK(xpath_of(".dachzeile") == ".//*" + class_test("dachzeile"));
  CHECK(xpath_of("h1 .dachzeile") == ".//h1//*" + class_test("dachzeile"));
  CHECK(xpath_of("div.teaser.top") == ".//div" + class_test("teaser") + class_test("top"));
  CHECK(xpath_of("#main") == ".//*[@id='main']");
  CHECK(xpath_of("#main > p") == ".//*[@id='main']/p");
  CHECK(xpath_of("ul>li") == ".//ul/li");
  CHECK(xpath_of("a[href]") == ".//a[@href]");
  CHECK(xpath_of("a[rel=tag]") == ".//a[@rel='tag']");
  CHECK(xpath_of("a[title=\"it's\"]") == ".//a[@title=\"it's\"]");
  CHECK(xpath_of("a[href*='artikel']") == ".//a[contains(@href, 'artikel')]");
  CHECK(xpath_of("a[href^=http]") == ".//a[starts-with(@href, 'http')]");
  CHECK(xpath_of("a[href$='.pdf']") ==
        ".//a[substring(@href, string-length(@href) - string-length('.pdf') + 1) = '.pdf']");
  CHECK(xpath_of("li:first-child") == ".//li[not(preceding-sibling::*)]");
  CHECK(xpath_of("li:last-child") == ".//li[not(following-sibling::*)]");
  CHECK(xpath_of("li:nth-child(3)") == ".//li[count(preceding-sibling::*) = 2]");
  CHECK(xpath_of("h2, h3 a") == ".//h2 | .//h3//a");
  CHECK(xpath_of("  section.meldungen   article  ") == ".//section" + class_test("meldungen") + "//article");
}

TEST_CASE("CSS the translator does not support is refused with the reason", "[scrape]") {
  CHECK(xpath_of("h2 + p") == "ERROR: selector 'h2 + p': sibling combinator '+' is not supported");
  CHECK(xpath_of("h2 ~ p") == "ERROR: selector 'h2 ~ p': sibling combinator '~' is not supported");
  CHECK(xpath_of("p::before") == "ERROR: selector 'p::before': pseudo-elements are not supported");
  CHECK(xpath_of("a:hover") == "ERROR: selector 'a:hover': pseudo-class ':hover' is not supported");
  CHECK(xpath_of("li:nth-child(2n+1)") ==
        "ERROR: selector 'li:nth-child(2n+1)': :nth-child takes a positive number (an+b forms are not supported)");
  CHECK(xpath_of("a[href") == "ERROR: selector 'a[href': unclosed '['");
  CHECK(xpath_of("div >") == "ERROR: selector 'div >': '>' needs a selector after it");
  CHECK(xpath_of("h2,") == "ERROR: selector 'h2,': empty selector");
  CHECK(xpath_of("a[title='x\"y\\'z']").starts_with("ERROR: selector"));
}

TEST_CASE("XPath is recognized by its first characters and checked by pugixml", "[scrape]") {
  auto abs = compile_selector("//figcaption/span[@class='credit']");
  REQUIRE(abs);
  CHECK_FALSE(abs->is_css());
  CHECK(abs->xpath() == "//figcaption/span[@class='credit']");
  auto rel = compile_selector("./h3/a");
  REQUIRE(rel);
  CHECK_FALSE(rel->is_css());
  auto grouped = compile_selector("(//h2)[1]");
  REQUIRE(grouped);
  CHECK_FALSE(grouped->is_css());
  auto css = compile_selector("h3 a");
  REQUIRE(css);
  CHECK(css->is_css());

  auto bad = compile_selector("//a[");
  REQUIRE_FALSE(bad);
  CHECK(bad.error().message.starts_with("selector '//a[': invalid XPath: "));
  auto number = compile_selector("(count(//a))");
  REQUIRE_FALSE(number);
  CHECK(number.error().message == "selector '(count(//a))': XPath does not select nodes");
  CHECK(compile_selector("   ").error().message == "selector '': empty selector");
}

TEST_CASE("Selectors return their matches in document order", "[scrape]") {
  const std::string html =
      "<div id=a class='x teaser'><h3 id=b>1</h3><p id=c class=teaser-text>2</p></div>"
      "<h2 id=d>3</h2><ul id=e><li id=f>a</li><li id=g>b</li><li id=h>c</li></ul>";
  CHECK(ids("h2, h3", html) == std::vector<std::string>{"b", "d"});
  CHECK(ids(".teaser", html) == std::vector<std::string>{"a"});
  CHECK(ids("[class*=teaser]", html) == std::vector<std::string>{"a", "c"});
  CHECK(ids("li:first-child", html) == std::vector<std::string>{"f"});
  CHECK(ids("ul > li:nth-child(2)", html) == std::vector<std::string>{"g"});
  CHECK(ids("li:last-child", html) == std::vector<std::string>{"h"});
  CHECK(ids("#a > *", html) == std::vector<std::string>{"b", "c"});
  CHECK(ids("//li[@id='h'] | //h3", html) == std::vector<std::string>{"b", "h"});
}
