// A shortcut for url::resolve on the plain URLs feeds carry in nearly every
// link, enclosure and xml:base: an absolute http(s) URL with a lower-case
// host and nothing a browser would rewrite is its own resolution, and a plain
// relative path against such a base is a concatenation. url::resolve parses
// both sides into components for each call; a feed calls it several times
// per item. Pure functions; thread-safe.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace kf::url::detail {

// What url::resolve(base, ref) returns, when both are plain enough to know
// it without parsing; nullopt otherwise (url::resolve then does the full work).
// "Plain": printable ASCII without spaces and backslashes, no "." or ".."
// path segments; an absolute `ref` is "http(s)://" with a host of lower-case
// letters, digits, '-' and '.' only (no userinfo, no port); a relative `ref`
// has no ':' and a non-empty path, and `base` is such an absolute URL.
std::optional<std::string> quick_resolve(std::string_view base, std::string_view ref);

// quick_resolve appending its answer to `out` (true) instead of returning
// it; false (and `out` unchanged) where quick_resolve gives nullopt. For
// callers that copy the URL on anyway, such as the sanitizer.
bool quick_resolve_into(std::string& out, std::string_view base, std::string_view ref);

// What url::canonicalize(url) returns, when `url` is plain enough to know it
// without parsing; nullopt otherwise. "Plain": printable ASCII only (no
// space), "http(s)://" in lower case, a host of lower-case letters, digits,
// '-' and '.' not ending in '.' (no userinfo, no port), a path of characters
// canonicalize keeps as they are (no '%', no backslash) without "." or ".."
// segments. The query goes through the same parameter clean-up as in
// canonicalize; the fragment is dropped. Defined in canonicalize.cc.
std::optional<std::string> quick_canonicalize(std::string_view url);

// url::canonicalize without the quick_canonicalize shortcut, so tests can
// show both agree. Defined in canonicalize.cc.
std::optional<std::string> canonicalize_parsed(std::string_view url);

}  // namespace kf::url::detail
