// Parsing of an HTTP request-target into the decoded, normalized path and the
// query parameters a route sees. This is the one gate against path traversal:
// a target whose decoded path holds a ".." segment, a NUL, a backslash, a
// control character or invalid UTF-8 is rejected, so no route can be tricked
// into reading outside what it means to serve. Decoding happens exactly once
// ("%252e" stays the literal "%2e"). Pure functions; thread-safe.
#pragma once

#include <string>
#include <string_view>

#include "model/error.h"
#include "serve/http.h"

namespace kf::serve {

struct Target {
  std::string path;  // starts with '/', see parse_target
  Fields query;
};

// Splits `raw` at the first '?' and decodes both parts.
// Path: origin-form ("/a/b"); an absolute-form target ("http://host/a") is
// reduced to its path. After percent-decoding once, repeated slashes collapse
// and "." segments are dropped; a trailing slash is kept ("/a/" stays "/a/").
// Query: '&'-separated; empty pieces are skipped, "k" without '=' gives
// ("k", ""), '+' means space, repeated keys are kept in order.
// Errors ("serve: bad request target …") for: a target not starting with '/',
// a '#', bad or truncated %-escapes, NUL, backslash, other control characters,
// invalid UTF-8 (path or query) and any ".." path segment.
Result<Target> parse_target(std::string_view raw);

// Percent-decodes `in` once ('+' becomes a space when `plus_is_space`);
// nullopt on a bad or truncated escape.
std::optional<std::string> percent_decode(std::string_view in, bool plus_is_space);

// True when `s` is well-formed UTF-8 (no overlongs, surrogates or > U+10FFFF).
bool valid_utf8(std::string_view s);

}  // namespace kf::serve
