// The scrape stage: one fetched HTML page plus a source's ScrapeRules in,
// the same intermediate the feed parsers produce out (FeedItem: raw date
// strings, unsanitized summary, absolute URLs), plus what a listing page
// and the `scrape` preview command need. Nothing here interprets dates or
// sanitizes text fields; normalize/ does that later. The body alone is
// sanitized here (html/sanitize.h), because the remove rules and relative
// links must be applied against this page's DOM and URL.
//
// The page's URL is its <link rel=canonical>, else og:url, else the
// fetched URL (after redirects), canonicalized (url::canonicalize).
// A page is a listing when `list.item` matches; then it yields links and
// the next page, and no article. Otherwise the article is read field by
// field: the field's rule when it has one and it yields a value, else the
// generic fallbacks, in this order:
//   title:      JSON-LD headline, og:title, first <h1>, cleaned <title>
//   date:       JSON-LD datePublished, article:published_time, a <time
//               datetime> or a written date inside the article around the
//               headline (never the page header's "today is" date)
//   updated:    JSON-LD dateModified, article:modified_time
//   lead:       JSON-LD description, og:description, <meta name=description>
//   body:       main-content heuristic (scrape/content.h), headline removed
//   image:      JSON-LD image, og:image;   image_alt: og:image:alt
//   author:     JSON-LD author, <meta name=author|article:author>
//   categories: article:section and article:tag
//   kicker, caption, credit: rules only
// The <title> loses its site-name part (scrape/metadata.h clean_title).
// Kicker split: a title that begins with the kicker loses it (and the
// separator after it); without a kicker, a first <h1> that ends with the
// title gives what stands before it as the kicker; a title that merely ends
// with the headline known from og:title, JSON-LD or the cleaned <title>
// becomes that headline, and what stood before it becomes the kicker when
// there was none.
// Teasers (teasers.item) become FeedItems of completeness teaser whose link
// is resolved and canonicalized, so a teaser meets its article's URL.
// Thread-safe: each thread parses with its own HtmlParser (thread_local).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "html/dom.h"
#include "model/error.h"
#include "model/feed.h"
#include "scrape/rules.h"

namespace kf::scrape {

// One fetched page.
struct Document {
  std::string_view body;          // the bytes as fetched (any charset)
  std::string url;                // absolute URL after redirects
  std::string content_type;       // raw Content-Type header, may be empty
};

// Which rule or fallback produced a field, for the `scrape` preview.
struct FieldOrigin {
  std::string field;   // "title", "date", "teasers[3].link", …
  std::string origin;  // Rule::describe(), or "fallback: og:title", …
  bool operator==(const FieldOrigin&) const = default;
};

// Whether a rule matched on this page (selector health).
struct RuleHealth {
  std::string rule;    // "article.title", "teasers.item", …
  bool matched = false;
  std::string detail;  // "3 items", "no node matched", "regex did not match", …
  bool operator==(const RuleHealth&) const = default;
};

struct ScrapedPage {
  std::string url;  // canonical page URL
  std::optional<FeedItem> article;  // completeness full; none for a listing or a page without a title
  std::string image_caption;        // the article image's caption (FeedItem has no field for it)
  std::vector<FeedItem> teasers;    // completeness teaser, in page order
  std::vector<std::string> links;   // listing: article URLs, canonical, first occurrence each
  std::string next_page;            // listing: next page URL, canonical; empty when none
  std::vector<std::string> feeds;   // autodiscovered RSS/Atom URLs, absolute
  std::vector<FieldOrigin> provenance;
  std::vector<RuleHealth> health;   // every configured rule, in a fixed order
  std::vector<std::string> warnings;  // "scrape: URL: …"
  std::string charset;              // what the bytes were decoded from
};

// Scrapes one page. Fails only when the page cannot be parsed at all
// ("scrape: URL: …", e.g. MyHTML failed to initialize) or `doc.url` is not
// an absolute http(s) URL. Hostile input (invalid UTF-8, NUL bytes, deep
// nesting) is repaired or cut with a warning, never an error.
Result<ScrapedPage> scrape_page(const Document& doc, const ScrapeRules& rules,
                                const html::ParseLimits& limits = {});

}  // namespace kf::scrape
