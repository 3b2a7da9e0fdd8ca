// scrape_page_fuzz is the libFuzzer target for the HTML path: arbitrary bytes go
// through kf::scrape::scrape_page (charset decoding, the nesting prescan, MyHTML
// tree construction, the MyHTML -> pugixml conversion under ParseLimits, the
// rules, the generic fallbacks and the body sanitizer) and, when an article or
// teasers come out, through kf::normalize::normalize the way app/html_source.cc
// does it. It looks for crashes, sanitizer reports (ASan, UBSan) and timeouts;
// it checks no output values. Built only with -DKOMMUNALFEED_FUZZ=ON (see
// tests/fuzz/README.md).
//
// Input layout: byte 0 (s) picks
//   s % 4        the rules: the kommune21 fixture block, none (generic
//                fallbacks only), a listing block, a generic article block
//   s / 4 % 5    the Content-Type header
//   s / 20 % 4   the ParseLimits (default, shallow, few nodes, both tiny)
//   s / 80 % 3   the page URL (the base for relative links)
// bytes 1.. are the body.
#include <array>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

#include "config/config.h"
#include "html/dom.h"
#include "normalize/normalize.h"
#include "touch.h"
#include "scrape/rules.h"
#include "scrape/scrape.h"

namespace {

// Rule sets that are not in the fixture file, compiled through the real config
// and rules parsers like a feeds.yaml would be. `listing` matches list items on
// any page (li, article, tr) so the list path runs on mutated articles too;
// `generic` uses xpath, attributes, html: true, regexes and remove rules that
// catch common markup so extraction and the remove pass run often.
constexpr std::string_view kExtraYaml = R"yaml(
sources:
  - id: listing
    name: Listing (fuzz)
    type: html
    url: https://www.example.org/aktuelles/
    scrape:
      list:
        item: "ul li, article, tr"
        link: { xpath: ".//a[@href][1]" }
        next: { css: "a[rel=next], .pagination a.next, link[rel=next]" }
        max_pages: 3
      teasers:
        item: "div.teaser, .card"
        title: "h2, h3"
        date: { css: "time", attr: datetime }
        summary: { css: "p", regex: '^(.{0,200})' }
        link: "a"
  - id: generic
    name: Generic (fuzz)
    type: html
    url: https://www.example.org/artikel/
    scrape:
      article:
        kicker:    { xpath: "//h1/span[1]" }
        title:     { xpath: "(//h1|//h2)[1]" }
        date:      { css: "time, .date, .datum", regex: '(\d{1,2}\.\s*\d{1,2}\.\s*\d{2,4})' }
        date_format: "%d.%m.%Y"
        timezone:  Europe/Berlin
        lead:      { css: "p.lead, .intro, article p", html: true }
        body:      "article, main, #content, .entry-content"
        remove:    ["script", "nav", "aside", "form", ".share", "[hidden]"]
        image:     { css: "article img, picture source", attr: srcset }
        image_alt: { css: "article img", attr: alt }
        caption:   { xpath: "//figure/figcaption" }
        credit:    { css: "figcaption", regex: '(?:Foto|Bild|Quelle):\s*(.+)' }
        author:    { xpath: "//*[contains(@class,'author')]" }
        categories: "a[rel~=tag], .tags a"
)yaml";

// Rule set 0 is read from the fixture file the scrape tests use, so it stays
// the real thing when those rules change.
kf::scrape::ScrapeRules load_rules(const kf::config::Config& cfg, const std::string& id) {
  const kf::config::Source* source = cfg.find_source(id);
  if (!source || !source->scrape) {
    std::fprintf(stderr, "scrape_page_fuzz: no scrape block for source %s\n", id.c_str());
    std::abort();
  }
  auto rules = kf::scrape::parse_rules(*source->scrape, cfg.path);
  if (!rules) {
    std::fprintf(stderr, "scrape_page_fuzz: %s\n", rules.error().front().str().c_str());
    std::abort();
  }
  return std::move(*rules);
}

struct RuleSets {
  std::array<kf::scrape::ScrapeRules, 4> rules;
};

const RuleSets& rule_sets() {
  static const RuleSets sets = [] {
    auto fixture = kf::config::load_config(KF_SCRAPE_FIXTURE_CONFIG);
    auto extra = kf::config::parse_config(kExtraYaml, "scrape_page_fuzz.cc");
    for (const auto* cfg : {&fixture, &extra}) {
      if (!*cfg) {
        std::fprintf(stderr, "scrape_page_fuzz: config: %s\n", cfg->error().front().str().c_str());
        std::abort();
      }
    }
    RuleSets s;
    s.rules[0] = load_rules(*fixture, "kommune21-test");
    s.rules[1] = kf::scrape::default_rules();
    s.rules[2] = load_rules(*extra, "listing");
    s.rules[3] = load_rules(*extra, "generic");
    return s;
  }();
  return sets;
}

// Header values a fetch could hand over: none, the common one, a legacy
// charset (windows-1252 in practice), a multi-byte legacy charset and one the
// body almost never really has.
constexpr std::array<std::string_view, 5> kContentTypes = {
    "",
    "text/html; charset=utf-8",
    "text/html; charset=iso-8859-1",
    "text/html; charset=shift_jis",
    "text/html; charset=utf-16",
};

// Default limits, then small ones so the depth cut, the node cut and both
// together run on ordinary pages, not only on pathological ones.
constexpr std::array<kf::html::ParseLimits, 4> kLimits = {{
    {},
    {.max_depth = 6, .max_nodes = 200000},
    {.max_depth = 256, .max_nodes = 60},
    {.max_depth = 3, .max_nodes = 12},
}};

// Page URLs: the fixture site's listing, an IDN host with port, query and
// fragment, plain http with a deep path.
constexpr std::array<std::string_view, 3> kUrls = {
    "https://www.kommune21.test/meldungen/",
    "https://xn--mnchen-3ya.de:8443/aktuelles/artikel.html?id=7#top",
    "http://example.com/a/b/c/",
};

// Keeps the optimizer from dropping work whose result is otherwise unused.
volatile std::size_t g_sink = 0;
using kf::fuzz::touch;

std::size_t touch(const kf::scrape::ScrapedPage& p) {
  std::size_t n = p.url.size() + p.image_caption.size() + p.next_page.size() + p.charset.size();
  for (const auto& s : p.links) n += s.size();
  for (const auto& s : p.feeds) n += s.size();
  for (const auto& s : p.warnings) n += s.size();
  for (const auto& o : p.provenance) n += o.field.size() + o.origin.size();
  for (const auto& h : p.health) n += h.rule.size() + h.detail.size() + h.matched;
  return n;
}

// KF_FUZZ_VERBOSE=1 prints what each input scraped to (for triaging a
// reproducer by hand, e.g. which rules matched); read once.
const bool g_verbose = std::getenv("KF_FUZZ_VERBOSE") != nullptr;

void print_summary(unsigned selector, const kf::scrape::ScrapedPage& p) {
  std::fprintf(stderr, "selector %u: url %s charset %s article %s teasers %zu links %zu next '%s' warnings %zu\n",
               selector, p.url.c_str(), p.charset.c_str(),
               p.article ? ("'" + p.article->title + "'").c_str() : "none", p.teasers.size(),
               p.links.size(), p.next_page.c_str(), p.warnings.size());
  for (const auto& h : p.health)
    std::fprintf(stderr, "  %s %s: %s\n", h.matched ? "+" : "-", h.rule.c_str(), h.detail.c_str());
  for (const auto& w : p.warnings) std::fprintf(stderr, "  warning: %s\n", w.c_str());
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  rule_sets();  // compile the rules once, before the first input is timed
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  const unsigned selector = data[0];
  const auto& rules = rule_sets().rules[selector % 4];
  const std::string url(kUrls[(selector / 80) % kUrls.size()]);
  // The body is a view on libFuzzer's exact-size copy, so ASan catches any read
  // past its end.
  const kf::scrape::Document doc{
      .body = std::string_view(reinterpret_cast<const char*>(data + 1), size - 1),
      .url = url,
      .content_type = std::string(kContentTypes[(selector / 4) % kContentTypes.size()]),
  };
  auto page = kf::scrape::scrape_page(doc, rules, kLimits[(selector / 20) % kLimits.size()]);
  if (!page) {
    g_sink = g_sink + page.error().message.size();
    return 0;
  }
  if (g_verbose) print_summary(selector, *page);
  std::size_t n = touch(*page);
  // As app/html_source.cc: the page's article first, then its teasers.
  kf::Feed feed;
  feed.link = page->url;
  if (page->article) feed.items.push_back(std::move(*page->article));
  for (auto& t : page->teasers) feed.items.push_back(std::move(t));
  if (!feed.items.empty()) {
    const kf::normalize::Context context{
        .source_id = "fuzz",
        .document_url = page->url,
        .fetched_at = kf::Timestamp{std::chrono::seconds{1738659600}},  // 2025-02-04T09:00Z
        .default_language = "de",
    };
    const auto normalized = kf::normalize::normalize(feed, context);
    for (const auto& a : normalized.articles) n += touch(a);
    for (const auto& w : normalized.warnings) n += w.size();
  }
  g_sink = g_sink + n;
  return 0;
}
