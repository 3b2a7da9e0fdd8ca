// ScrapeRules are the typed `scrape:` block of an html source in feeds.yaml
// (config keeps it as YAML text plus file positions, config::ScrapeBlock).
// parse_rules compiles every selector and regex once, at config load, and
// reports every problem at once as "FILE:LINE:COL: scrape: …" with the
// position of the offending node in feeds.yaml.
//
// A rule is a string (a selector, see scrape/selector.h) or a mapping with
// exactly one of `css:` / `xpath:` plus optional `attr:` (take that
// attribute instead of the text), `regex:` (ECMAScript, exactly one capture
// group, which becomes the value) and `html: true` (keep inner HTML).
// `link` and `next` take href, `image` takes src unless `attr` says
// otherwise; `body` is always HTML. Rules inside `list` and `teasers` are
// relative to their `item`.
// Not validated here (scrape must not depend on normalize/): whether
// `date_format` and `timezone` are understood by the date parser.
// Immutable after parsing; safe to share between threads.
#pragma once

#include <expected>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "config/config.h"
#include "scrape/selector.h"
#include "text/regex.h"

namespace kf::scrape {

struct Rule {
  std::string name;  // where it stands in the block: "article.title", "teasers.link"
  Selector selector;
  std::string attr;  // empty: the text (or HTML)
  std::string regex_source;
  std::shared_ptr<const text::Regex> regex;  // null: the value is used whole
  bool html = false;
  config::Mark mark;  // position in feeds.yaml

  // For provenance and diagnostics: "article.date (css 'p .datum', regex '\[(.*)\]')".
  std::string describe() const;
};

struct ListRules {
  Rule item;
  Rule link;
  std::optional<Rule> next;
  int max_pages = 1;       // listing pages followed through `next`, this one included
  bool follow = true;      // fetch listed links as full articles
  int max_articles = 50;   // per run
};

struct ArticleRules {
  std::optional<Rule> kicker, title, date, lead, body, image, image_alt, caption, credit, author,
      categories;
  std::string date_format;              // strptime-like, empty: automatic
  std::string timezone = "Europe/Berlin";
  std::vector<Rule> remove;             // stripped from the body before it is read
};

struct TeaserRules {
  Rule item;
  std::optional<Rule> kicker, title, date, summary, link;
};

struct ScrapeRules {
  std::optional<ListRules> list;
  ArticleRules article;  // every field without a rule falls back to generic extraction
  std::optional<TeaserRules> teasers;
};

// Parses and validates `block`; `file` names feeds.yaml in diagnostics.
// Returns every problem, sorted by position: unknown or repeated keys, a
// missing `item`/`link`, a rule with both or neither of css/xpath, selectors
// or regexes that do not compile, a regex without exactly one capture
// group, out-of-range numbers. Never throws.
std::expected<ScrapeRules, std::vector<config::Diagnostic>> parse_rules(const config::ScrapeBlock& block,
                                                                        const std::string& file);

// The rules of an html source without a `scrape:` block: generic
// extraction only.
inline ScrapeRules default_rules() { return {}; }

}  // namespace kf::scrape
