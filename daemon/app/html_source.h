// What the daemon does with one fetched page of an html source: scrape it
// with the source's rules (scrape/), normalize the page's article and its
// teasers (normalize/), and tell the event loop what to fetch next (the
// listed article URLs, the next listing page, an autodiscovered feed).
// The store-side helpers decide selector health and which listed links are
// still worth fetching; they run on the store thread with its Store.
// Rules are compiled per page (a few regexes, cheap next to the fetch) so
// nothing needs sharing between threads. Thread-safe: pure functions, except
// the Store& ones (store thread only).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "config/config.h"
#include "fetch/fetcher.h"
#include "model/article.h"
#include "model/error.h"
#include "scrape/rules.h"
#include "store/store.h"

namespace kf::app {

// Per-run limits of a listing (list: max_pages, follow, max_articles).
struct ListLimits {
  bool follow = false;
  int max_pages = 1;
  int max_articles = 0;
};

struct HtmlPage {
  std::string page_url;                // canonical URL of the page
  std::vector<Article> articles;       // the page's article (if any) and its teasers
  std::vector<std::string> teaser_ids; // ids among `articles` seen here as teasers
  bool listing = false;                // `list.item` matched
  std::vector<std::string> links;      // listing: article URLs in page order
  std::string next_page;               // listing: next page, "" when none
  std::vector<std::string> feeds;      // autodiscovered feeds (sources without rules)
  // The feed this page stands for: the first autodiscovered one when the
  // source has no rules and the page lists nothing; "" when the page is
  // scraped itself.
  std::string feed;
  ListLimits limits;
  // Selector health: the rule that must match on this page ("list.item" on
  // a source's listing, the title rule on a page meant as an article; ""
  // when nothing is checked, e.g. on a page standing for a feed), and
  // whether it is the article's title rule (which has matched before only
  // if the source has stored full articles).
  std::string checked_rule;
  bool checks_article = false;
  // The rules whose health is tracked under the source's current rules
  // ("list.item" if it has a list block, and the title rule): a broken mark
  // for any other rule is stale, left by rules the admin since changed.
  std::vector<std::string> tracked_rules;
  // checked_rule when it matched nothing on this page, else "". Becomes
  // SourceState::broken_rule when the source had matched before.
  std::string unmatched_rule;
  std::vector<std::string> warnings;
};

// The compiled rules of `source`: its `scrape:` block, or the generic
// fallbacks (scrape::default_rules) without one. An invalid block (only
// possible if validation was skipped) is an error naming FILE:LINE:COL.
Result<scrape::ScrapeRules> rules_of(const config::Source& source, const std::string& config_file);

// Scrapes and normalizes one fetched page of `source`. `as_listing`: the
// page is the source's configured URL (or a next page of it), where the
// `list` rules must match. Errors only when the page cannot be scraped at
// all ("scrape: URL: …").
Result<HtmlPage> ingest_html(const config::Source& source, const std::string& config_file,
                             const fetch::Response& response, Timestamp fetched_at,
                             bool as_listing);

// Selector health (store thread): sets state.broken_rule to the page's
// unmatched rule when that rule matched before (the source has stored
// articles; for the article title rule: stored full articles), and clears
// it when the page matched the very rule that is marked broken (an article
// page never clears a broken "list.item", nor the listing a broken title
// rule), or when the marked rule is no longer among page.tracked_rules (the
// admin removed or renamed it; the page's own check then stands). Returns the warning to log, naming the source, rule and page URL,
// only when the source becomes broken or broken by another rule ("" else).
// Stored articles are never touched.
std::string update_selector_health(Store& store, const HtmlPage& page, SourceState& state);

// Feed autodiscovery: records in `state` the feed the page of a source
// without rules stands for (and the page it was found on), or clears both
// when the page no longer links one. Returns the line to log when the
// source stops using a feed ("" otherwise; taking one up is logged where
// the feed is scheduled). Pure; any thread.
std::string update_discovered_feed(const HtmlPage& page, SourceState& state);

// The listed links still to fetch (store thread): those not stored as full
// articles, in page order, at most limits.max_articles; none when the
// source does not follow links. A store error counts as "not stored".
std::vector<std::string> links_to_follow(Store& store, const HtmlPage& page);

}  // namespace kf::app
