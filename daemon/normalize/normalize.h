// normalize turns the format-independent Feed (from parse/ or scrape/) into
// Articles: plain-text titles, sanitized HTML, canonical URLs, UTC dates, a
// stable identity and a content hash. It is pure: no I/O, no clock (the fetch
// time is passed in), so the same input always gives the same Articles.
// Thread-safe: normalize() may run on several workers at once.
#pragma once

#include <string>
#include <vector>

#include "model/article.h"
#include "model/feed.h"

namespace kf::normalize {

struct Context {
  std::string source_id;
  std::string document_url;  // final URL after redirects
  Timestamp fetched_at{};    // becomes first_seen/last_seen
  std::string default_language = "de";
};

struct Normalized {
  std::vector<Article> articles;  // in document order
  std::vector<std::string> warnings;  // "normalize: <source>: item 3: dropped javascript: link"
};

// Normalizes every item of `feed`. An item without any usable identity
// (no guid, no http(s) link, no title) is dropped with a warning. Items are
// never dated "now": an item without a parseable date keeps published empty
// and publish orders it by first_seen.
Normalized normalize(const Feed& feed, const Context& context);

}  // namespace kf::normalize
