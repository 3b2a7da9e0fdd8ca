// parse_feed is the parse stage's entry point: it takes a fetched document,
// detects its format (RSS 0.9x/1.0/2.0, Atom 0.3/1.0, JSON Feed 1.0/1.1,
// Microsoft CDF), decodes it to UTF-8 and reads it into the
// format-independent kf::Feed.
// Ill-formed documents are read as far as possible (Feed::recovered and
// Feed::warnings say what was repaired). Thread-safe: no shared state.
#pragma once

#include <string>
#include <string_view>

#include "model/error.h"
#include "model/feed.h"

namespace kf::parse {

struct Document {
  std::string_view bytes;    // the body as received (after content decoding)
  std::string url;           // final URL after redirects, base for relative links
  std::string content_type;  // HTTP Content-Type header value, may be empty
};

// Returns the Feed, or an Error when nothing could be read:
// "parse: <url>: not a feed (root element <html>)",
// "parse: <url>:LINE:COL: <xml error>", "parse: <url>:LINE:COL: invalid JSON".
// Never reads outside `bytes`; deep nesting and entity bombs cost linear time.
Result<Feed> parse_feed(const Document& doc);

}  // namespace kf::parse
