#include <catch2/catch.hpp>

#include <string>
#include <tuple>
#include <vector>

#include "html/dom.h"
#include "scrape/element_index.h"
#include "scrape/metadata.h"
#include "scrape/selector.h"

#include "fixture.h"

using kf::scrape::compile_selector;
using kf::scrape::detail::ElementIndex;

namespace {

const char* const kPage = R"(<!doctype html><html lang="de"><head><title>T | Site</title>
<base href="/sub/"><link rel="canonical" href="kanon.html"><meta property="og:title" content="OG">
<script type="application/ld+json">{"@type":"NewsArticle","headline":"LD"}</script></head>
<body><div class=" a  b a" id="x"><p class="lead">one <span class="b">two</span></p></div>
<ul><li>1</li><li class="b">2</li><li><a href="/z" rel="category tag">3</a></li></ul>
<svg><foreignObject><p class="a">in svg</p></foreignObject></svg>
<article><h1 class="a">Head</h1><p class="b	c">x</p></article></body></html>)";

// The paths of `nodes`, comparable across two evaluations.
std::vector<std::string> paths(const std::vector<pugi::xpath_node>& nodes) {
  std::vector<std::string> out;
  for (const auto& n : nodes) out.push_back(n.node().path());
  return out;
}

}  // namespace

TEST_CASE("The element index lists elements by name and class token in document order", "[scrape]") {
  kf::html::HtmlParser parser;
  kf::html::HtmlDocument dom;
  REQUIRE(parser.parse(kPage, dom));
  const ElementIndex index(dom);
  CHECK(index.root() == dom.doc);
  REQUIRE(index.with_name("li").size() == 3);
  CHECK(std::string(index.elements()[index.with_name("li")[1]].child_value()) == "2");
  CHECK(index.with_class("a").size() == 3);  // the div once, the svg p, the h1
  CHECK(std::string(index.elements()[index.with_class("a")[0]].attribute("id").value()) == "x");
  CHECK(index.with_class("c").size() == 1);  // split at a tab too
  CHECK(index.with_class("none").empty());
  CHECK(index.with_name("table").empty());
  CHECK(std::string(index.first_named("h1").child_value()) == "Head");
  CHECK_FALSE(index.first_named("video"));
}

TEST_CASE("Selectors give the same matches with and without the element index", "[scrape]") {
  for (const std::string& page : {std::string(kPage), fixture::page("meldungen.html"), fixture::page("norules.html"),
                                  fixture::page("artikel/potsdam-impulse-fuer-die-digitalisierung.html")}) {
    kf::html::HtmlParser parser;
    kf::html::HtmlDocument dom;
    REQUIRE(parser.parse(page, dom));
    const ElementIndex index(dom);
    for (const char* css : {".a", ".b", "p.b", "li", "ul > li:nth-child(2)", "li:last-child a[rel~=tag]", "* .b",
                            "div .b, li.b, h1", "article p:first-child", "[href^='/']", "h2 a", "a", "p",
                            ".a .b", "div#x > p.lead", "section.meldungen article", "a.next", "h1.a, .a"}) {
      INFO(css);
      auto sel = compile_selector(css);
      REQUIRE(sel);
      const auto plain = sel->all(dom.doc);
      const auto indexed = sel->all(dom.doc, &index);
      CHECK(paths({indexed.begin(), indexed.end()}) == paths({plain.begin(), plain.end()}));
      CHECK(sel->first(dom.doc, &index) == sel->first(dom.doc));
    }
  }
}

TEST_CASE("Page metadata read through the element index equals the tree walk", "[scrape]") {
  kf::html::HtmlParser parser;
  kf::html::HtmlDocument dom;
  REQUIRE(parser.parse(kPage, dom));
  const ElementIndex index(dom);
  const auto a = kf::scrape::detail::read_meta(dom.doc, "https://s.test/p/q.html");
  const auto b = kf::scrape::detail::read_meta(dom.doc, "https://s.test/p/q.html", &index);
  CHECK(b.base_url == "https://s.test/sub/");
  CHECK(b.canonical == "https://s.test/sub/kanon.html");
  CHECK(b.language == "de");
  CHECK(b.title_tag == "T | Site");
  CHECK(b.og_title == "OG");
  CHECK(b.ld.headline == "LD");
  CHECK(std::tie(a.base_url, a.canonical, a.language, a.title_tag, a.og_title, a.ld.headline) ==
        std::tie(b.base_url, b.canonical, b.language, b.title_tag, b.og_title, b.ld.headline));
}

TEST_CASE("The element index keeps hundreds of class tokens and names apart", "[scrape]") {
  std::string page = "<body>";
  for (int i = 0; i < 300; ++i) {
    const std::string t = "t" + std::to_string(i);
    page += "<p class='" + t + " shared " + t + "'>" + t + "</p><x-" + t + " class='" + t + "long-token-name'></x-" + t + ">";
  }
  kf::html::HtmlParser parser;
  kf::html::HtmlDocument dom;
  REQUIRE(parser.parse(page, dom));
  const ElementIndex index(dom);
  CHECK(index.with_class("shared").size() == 300);
  CHECK(index.with_name("p").size() == 300);
  for (int i = 0; i < 300; i += 7) {
    const std::string t = "t" + std::to_string(i);
    INFO(t);
    REQUIRE(index.with_class(t).size() == 1);
    CHECK(std::string(index.elements()[index.with_class(t)[0]].child_value()) == t);
    REQUIRE(index.with_class(t + "long-token-name").size() == 1);
    REQUIRE(index.with_name("x-" + t).size() == 1);
    CHECK(index.with_name("x-" + t)[0] == index.with_class(t + "long-token-name")[0]);
    CHECK(index.with_name("x-" + t)[0] == index.with_class(t)[0] + 1);
  }
  CHECK(index.with_class("t300").empty());
  CHECK(index.with_class("t1long-token-nam").empty());
}
