// Properties of the streaming sanitizer checked against a browser-grade
// parser: whatever the input, sanitize is idempotent and MyHTML (HTML5 tree
// construction) finds only allowlisted elements and attributes in its
// output, with every URL absolute http(s).
#include <catch2/catch.hpp>

#include <cstdint>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "html/dom.h"
#include "html/sanitize.h"

using kf::html::sanitize;
using kf::html::SanitizeOptions;

namespace {

const SanitizeOptions kBase{.base_url = "https://example.org/news/a.html"};

// Written out again here, from html/sanitize.h, so the check does not share
// the implementation's table. tbody may be implied by the re-parse.
const std::map<std::string, std::set<std::string>>& allowlist() {
  static const std::map<std::string, std::set<std::string>> list = {
      {"p", {}}, {"br", {}}, {"hr", {}}, {"h1", {}}, {"h2", {}}, {"h3", {}}, {"h4", {}},
      {"h5", {}}, {"h6", {}}, {"ul", {}}, {"ol", {"start"}}, {"li", {}}, {"dl", {}}, {"dt", {}},
      {"dd", {}}, {"blockquote", {"cite"}}, {"pre", {}}, {"code", {}}, {"em", {}},
      {"strong", {}}, {"b", {}}, {"i", {}}, {"u", {}}, {"s", {}}, {"sub", {}}, {"sup", {}},
      {"small", {}}, {"mark", {}}, {"q", {"cite"}}, {"cite", {}}, {"abbr", {"title"}},
      {"span", {}}, {"div", {}}, {"figure", {}}, {"figcaption", {}}, {"table", {}},
      {"thead", {}}, {"tbody", {}}, {"tfoot", {}}, {"tr", {}},
      {"th", {"colspan", "rowspan", "scope"}}, {"td", {"colspan", "rowspan"}}, {"caption", {}},
      {"a", {"href", "title", "rel"}}, {"img", {"src", "alt", "title", "width", "height"}},
      {"time", {"datetime"}}, {"del", {"cite", "datetime"}}, {"ins", {"cite", "datetime"}},
      {"details", {}}, {"summary", {}},
  };
  return list;
}

// Every violation a browser-grade parse of `html` reveals; empty when clean.
std::vector<std::string> violations(const std::string& html) {
  thread_local kf::html::HtmlParser parser;
  kf::html::HtmlDocument doc;
  std::vector<std::string> found;
  if (!parser.parse(html, doc)) return {"MyHTML failed"};
  for (const pugi::xpath_node& x : doc.doc.select_nodes("//*")) {
    pugi::xml_node el = x.node();
    std::string name = el.name();
    if (name == "html" || name == "head" || name == "body") {
      if (el.first_attribute()) found.push_back(name + " with attributes");
      continue;
    }
    auto allowed = allowlist().find(name);
    if (allowed == allowlist().end()) {
      found.push_back("element " + name);
      continue;
    }
    for (pugi::xml_attribute a : el.attributes()) {
      std::string attr = a.name(), value = a.value();
      if (!allowed->second.count(attr)) found.push_back(name + "[" + attr + "]");
      if ((attr == "href" || attr == "src" || attr == "cite") && value.rfind("http://", 0) != 0 &&
          value.rfind("https://", 0) != 0)
        found.push_back(name + "[" + attr + "=" + value + "]");
      if (attr == "rel" && value != "noopener noreferrer") found.push_back("rel=" + value);
    }
  }
  return found;
}

void check_properties(const std::string& input) {
  std::string once = sanitize(input, kBase);
  INFO("input: " << input.substr(0, 400));
  INFO("output: " << once.substr(0, 400));
  CHECK(sanitize(once, kBase) == once);
  CHECK(violations(once).empty());
}

const char* const kHostile[] = {
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)//>",
    "<svg><p><style><img src=x onerror=alert(1)></style></p></svg>",
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
    "<math><mi><style><img src=x onerror=alert(1)></style></mi></math>",
    "<noscript><p title=\"</noscript><img src=x onerror=alert(1)>\">",
    "<form><math><mtext></form><form><mglyph><style></math><img src onerror=alert(1)>",
    "<svg></p><style><a id=\"</style><img src=1 onerror=alert(1)>\">",
    "<a href=\"jav&#x09;ascript:alert(1)\">x</a>",
    "<a href=\"jav&#x0A;ascript:alert(1)\">x</a>",
    "<a href=\"&#x6A;&#x61;&#x76;&#x61;&#x73;&#x63;&#x72;&#x69;&#x70;&#x74;&#x3A;x\">x</a>",
    "<a href=\"\x01javascript:alert(1)\">x</a>",
    "<a href=javascript&colon;alert(1)>x</a>",
    "<a href=\"data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==\">x</a>",
    "<img src=\"java\0script:alert(1)\">",
    "<a href=\"/x\" onclick=\"alert(1)\" style=\"x\">y</a>",
    "<p><a href=a><a href=b>c</a></a></p>",
    "<b><i></b></i>",
    "<table><tr><td>a<td>b<tr><th>c</table>",
    "<table>text<p>para</p><td>cell</table>",
    "<td>outside</td><tr>rows</tr>",
    "<ul><li>a<li>b<ol><li>c</ul>x</li>",
    "<dl><dt>a<dd>b<dt>c</dl>",
    "<p>a<div>b</div>c</p>",
    "<h1>a<h2>b</h1>",
    "<!--><img src=x onerror=alert(1)>-->",
    "<!---><img src=x onerror=alert(1)>-->",
    "<!-- --!><img src=x onerror=alert(1)>",
    "<![CDATA[><img src=x onerror=alert(1)>]]>",
    "</ x><?x><!x>text",
    "<style><!--</style><img src=x onerror=alert(1)>-->",
    "<script><!--<script></script><img src=x onerror=alert(1)></script>",
    "<title><img src=x onerror=alert(1)></title>",
    "<textarea><img src=x onerror=alert(1)></textarea>",
    "<xmp><img src=x onerror=alert(1)></xmp>",
    "<plaintext><img src=x onerror=alert(1)>",
    "<iframe src=javascript:alert(1)></iframe>",
    "<object data=javascript:alert(1)><embed src=x></object>",
    "<head><meta http-equiv=refresh content=0;url=javascript:alert(1)><title>t</title><body>b",
    "<svg/><p>after self-closed svg</p>",
    "<svg><foreignObject><p>inside</p></foreignObject><p>breaks out</p>",
    "<select><option>a<option>b</select>after",
    "<button>a<button>b</button>after",
    "<img src=/a.png width=1><img src=/b.png height=0.5><img data-src=/c.png src=data:x>",
    "<img src=\"/x.png\" srcset=\"javascript:alert(1) 1x\" alt=\"&quot;><script>\">",
    "<q cite=javascript:x>q</q><blockquote cite=//evil/x>b</blockquote>",
    "<a href=\"?a=1&copy=2&amp;b=3\" title=\"&lt;b&gt;\">l</a>",
    "a < b &lt; c & d &amp e &#0; f &#x80;",
    "<p>\0nul</p>",
    "<a href=x>unclosed <b>bold <i>italic",
    "</p></div></a></table>stray ends",
    "<br></br><hr/>",
    "<details><summary>s</summary><p>d</p></details>",
    "<p><b>a<p>b</b>c",
};

}  // namespace

TEST_CASE("Sanitizing hostile snippets is idempotent and a browser parser finds nothing unsafe",
          "[html][sanitize]") {
  for (const char* input : kHostile) check_properties(input);
}

TEST_CASE("Sanitizing deep nesting stays bounded, idempotent and safe", "[html][sanitize]") {
  std::string deep;
  for (int i = 0; i < 2000; ++i) deep += "<div><b>";
  deep += "x";
  std::string once = sanitize(deep, kBase);
  CHECK(once.size() < 40 * 256 + 100);
  CHECK(sanitize(once, kBase) == once);
  CHECK(violations(once).empty());
  for (const char* unit : {"<table><tr><td>", "<table><td>", "<ul><li><p>", "<a href=/x><q>"}) {
    std::string nested;
    for (int i = 0; i < 300; ++i) nested += unit;
    check_properties(nested + "x");
  }
}

TEST_CASE("Sanitizing random tag soup is idempotent and a browser parser finds nothing unsafe",
          "[html][sanitize]") {
  const char* const pieces[] = {
      "<p>", "</p>", "<a href=/x>", "</a>", "<b>", "</b>", "<i>", "</i>", "<table>", "<tr>",
      "<td>", "</td>", "</table>", "<li>", "<ul>", "</ul>", "<svg>", "</svg>", "<math>", "<mi>",
      "<style>", "</style>", "<script>", "</script>", "<!--", "-->", "<img src=y>", "&amp;",
      "&lt", "text", " ", "<", ">", "\"", "'", "=", "<h1>", "<div>", "</div>", "<noscript>",
      "</noscript>", "<head>", "<title>", "</title>", "<br>", "<dl><dt>", "<dd>", "<object>",
      "</object>", "<select>", "<option>", "javascript:", "<a href='", "onerror=alert(1)"};
  std::uint32_t seed = 12345;
  auto rnd = [&seed] {
    seed = seed * 1664525u + 1013904223u;
    return seed >> 8;
  };
  for (int n = 0; n < 1500; ++n) {
    std::string input;
    for (std::uint32_t k = rnd() % 30; k > 0; --k) input += pieces[rnd() % std::size(pieces)];
    check_properties(input);
  }
}

TEST_CASE("Sanitizing the feedparser sanitize corpus is idempotent and safe per a browser parser",
          "[html][sanitize]") {
  std::filesystem::path dir = std::filesystem::path(KF_SHARED_DIR) / "corpora/feedparser/wellformed/sanitize";
  REQUIRE(std::filesystem::is_directory(dir));
  std::size_t files = 0;
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    std::ifstream in(entry.path(), std::ios::binary);
    std::stringstream content;
    content << in.rdbuf();
    INFO("file: " << entry.path().filename().string());
    check_properties(content.str());
    ++files;
  }
  CHECK(files > 700);
}

TEST_CASE("The browser-parser check flags unsafe markup it is shown", "[html][sanitize]") {
  CHECK(violations("<p>ok <a href=\"https://x/\" rel=\"noopener noreferrer\">l</a></p>").empty());
  CHECK_FALSE(violations("<img src=\"https://x/i.png\" onerror=\"y\">").empty());
  CHECK_FALSE(violations("<svg></svg>").empty());
  CHECK_FALSE(violations("<a href=\"javascript:x\">l</a>").empty());
  CHECK_FALSE(violations("<a href=\"/relative\">l</a>").empty());
}
