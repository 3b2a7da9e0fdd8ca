#include "scrape/scrape.h"

#include "scrape/article.h"
#include "scrape/charset.h"
#include "scrape/element_index.h"
#include "scrape/listing.h"
#include "scrape/metadata.h"
#include "scrape/reader.h"
#include "url/url.h"

namespace kf::scrape {
namespace {

using detail::PageMeta;

Result<ScrapedPage> scrape_unguarded(const Document& doc, const ScrapeRules& rules,
                                     const html::ParseLimits& limits) {
  auto fetched = url::canonicalize(doc.url);
  if (!fetched) return fail("scrape: ", doc.url, ": not an absolute http(s) URL");
  ScrapedPage page;
  text::Decoded decoded = decode_html(doc.body, doc.content_type);
  page.charset = decoded.charset;
  thread_local html::HtmlParser parser;
  html::HtmlDocument dom;
  if (auto ok = parser.parse(decoded.utf8, dom, limits); !ok)
    return fail("scrape: ", doc.url, ": ", ok.error().message);
  const pugi::xml_node root = dom.doc;
  const detail::ElementIndex index(dom);
  PageMeta meta = detail::read_meta(root, doc.url, &index);

  for (const auto& [candidate, from] : {std::pair{meta.canonical, "link rel=canonical"},
                                        std::pair{meta.og_url, "og:url"}}) {
    if (auto c = url::canonicalize(candidate)) {
      page.url = *c;
      page.provenance.push_back({"url", std::string("fallback: ") + from});
      break;
    }
  }
  if (page.url.empty()) {
    page.url = *fetched;
    page.provenance.push_back({"url", "fetched URL"});
  }
  for (const auto& w : decoded.warnings) page.warnings.push_back("scrape: " + doc.url + ": " + w);
  for (const auto& w : dom.warnings) page.warnings.push_back("scrape: " + doc.url + ": " + w);
  for (const auto& w : meta.warnings) page.warnings.push_back("scrape: " + doc.url + ": " + w);
  if (dom.truncated && dom.warnings.empty())
    page.warnings.push_back("scrape: " + doc.url + ": html: document truncated by the parse limits");
  page.feeds = meta.feeds;

  detail::Reader rd(page, &index);
  bool listing = false;
  if (rules.list) listing = detail::read_list(rd, root, *rules.list, meta, page);
  if (rules.teasers) detail::read_teasers(rd, root, *rules.teasers, meta, page);
  if (!listing) page.article = detail::read_article(rd, root, rules.article, meta, page);
  return page;
}

}  // namespace

Result<ScrapedPage> scrape_page(const Document& doc, const ScrapeRules& rules, const html::ParseLimits& limits) {
  try {
    return scrape_unguarded(doc, rules, limits);
  } catch (const std::exception& e) {  // allocation failure inside pugixml or nlohmann::json
    return fail("scrape: ", doc.url, ": ", e.what());
  }
}

}  // namespace kf::scrape
