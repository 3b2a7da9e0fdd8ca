// The JSON Feed parser (versions 1.0 and 1.1, https://jsonfeed.org): reads
// an already decoded UTF-8 text with nlohmann_json, tolerating members of
// the wrong type (they are ignored) as feed readers do. Pure function;
// thread-safe.
#pragma once

#include <string_view>

#include "model/error.h"
#include "model/feed.h"

namespace kf::parse {

// Parses `utf8` as a JSON Feed; relative URLs resolve against `document_url`.
// Errors: "parse: <url>:LINE:COL: invalid JSON (…)" for syntax errors and
// "parse: <url>: not a feed (…)" for JSON that is not an object with items.
Result<Feed> parse_json_feed(std::string_view utf8, std::string_view document_url);

}  // namespace kf::parse
