#include "app/html_source.h"

#include <algorithm>
#include <unordered_set>

#include "normalize/normalize.h"
#include "scrape/scrape.h"

namespace kf::app {
namespace {

// Whether the configured rule `name` reported "matched nothing" on the page.
bool missed(const scrape::ScrapedPage& page, const std::string& name) {
  for (const auto& h : page.health)
    if (h.rule == name) return !h.matched;
  return false;
}

std::string title_rule_name(const scrape::ScrapeRules& rules) {
  return rules.article.title ? rules.article.title->name : "article.title";
}

}  // namespace

Result<scrape::ScrapeRules> rules_of(const config::Source& source, const std::string& config_file) {
  if (!source.scrape) return scrape::default_rules();
  auto rules = scrape::parse_rules(*source.scrape, config_file);
  if (!rules) {
    const auto& first = rules.error().front();
    return std::unexpected(Error{first.str()});
  }
  return std::move(*rules);
}

Result<HtmlPage> ingest_html(const config::Source& source, const std::string& config_file,
                             const fetch::Response& response, Timestamp fetched_at,
                             bool as_listing) {
  auto rules = rules_of(source, config_file);
  if (!rules) return std::unexpected(rules.error());
  auto scraped = scrape::scrape_page({response.body, response.effective_url, response.content_type},
                                     *rules);
  if (!scraped) return std::unexpected(scraped.error());

  HtmlPage page;
  page.page_url = scraped->url;
  page.listing = !scraped->links.empty();
  page.links = std::move(scraped->links);
  page.next_page = std::move(scraped->next_page);
  page.feeds = std::move(scraped->feeds);
  page.warnings = std::move(scraped->warnings);
  if (rules->list)
    page.limits = {rules->list->follow, rules->list->max_pages, rules->list->max_articles};
  if (!source.scrape && !page.feeds.empty() && !page.listing) page.feed = page.feeds.front();
  if (rules->list) page.tracked_rules.push_back(rules->list->item.name);
  page.tracked_rules.push_back(title_rule_name(*rules));
  // A page standing for a feed is not checked: what it yields itself is moot.
  if (page.feed.empty() && as_listing && rules->list) {
    page.checked_rule = rules->list->item.name;
    if (!page.listing) page.unmatched_rule = page.checked_rule;
  } else if (page.feed.empty() && !page.listing) {
    page.checks_article = true;
    page.checked_rule = title_rule_name(*rules);
    // A configured title rule that misses is broken even when a generic
    // fallback (og:title, <h1>) still found a title.
    if (!scraped->article || missed(*scraped, page.checked_rule))
      page.unmatched_rule = page.checked_rule;
  }

  // The page's article first: when a teaser on the same page links it, the
  // full version is already stored and the teaser merges into it.
  Feed feed;
  feed.link = page.page_url;
  if (scraped->article) feed.items.push_back(std::move(*scraped->article));
  for (auto& t : scraped->teasers) feed.items.push_back(std::move(t));
  normalize::Context context{source.id, page.page_url, fetched_at, "de"};
  auto normalized = normalize::normalize(feed, context);
  std::unordered_set<std::string> seen;
  for (const Article& a : normalized.articles) {
    if (a.completeness == Completeness::teaser && seen.insert(a.id).second)
      page.teaser_ids.push_back(a.id);
  }
  page.articles = std::move(normalized.articles);
  for (auto& w : normalized.warnings) page.warnings.push_back(std::move(w));
  return page;
}

std::string update_selector_health(Store& store, const HtmlPage& page, SourceState& state) {
  if (page.checked_rule.empty()) return "";
  const auto& tracked = page.tracked_rules;
  if (std::find(tracked.begin(), tracked.end(), state.broken_rule) == tracked.end())
    state.broken_rule.clear();
  if (page.unmatched_rule.empty()) {
    if (state.broken_rule == page.checked_rule) state.broken_rule.clear();
    return "";
  }
  auto counts = store.source_counts(state.source_id);
  const bool matched_before =
      counts && (page.checks_article ? counts->full > 0 : counts->full + counts->teasers > 0);
  if (!matched_before) return "";
  const bool news = state.broken_rule != page.unmatched_rule;
  state.broken_rule = page.unmatched_rule;
  if (!news) return "";
  return "scrape: source " + state.source_id + ": rule " + page.unmatched_rule +
         " matched on earlier fetches and matches nothing on " + page.page_url +
         "; the source is marked broken (stored articles are kept)";
}

std::string update_discovered_feed(const HtmlPage& page, SourceState& state) {
  if (!page.feed.empty()) {
    state.discovered_feed = page.feed;
    state.feed_found_on = page.page_url;
    return "";
  }
  if (state.discovered_feed.empty()) return "";
  std::string line = "source " + state.source_id + ": " + page.page_url +
                     " no longer links a feed; the page is scraped again instead of " +
                     state.discovered_feed;
  state.discovered_feed.clear();
  state.feed_found_on.clear();
  return line;
}

std::vector<std::string> links_to_follow(Store& store, const HtmlPage& page) {
  std::vector<std::string> out;
  if (!page.limits.follow) return out;
  for (const std::string& url : page.links) {
    if (static_cast<int>(out.size()) >= page.limits.max_articles) break;
    auto stored = store.find_article_by_url(url);
    if (stored && *stored && (*stored)->completeness == Completeness::full) continue;
    out.push_back(url);
  }
  return out;
}

}  // namespace kf::app
