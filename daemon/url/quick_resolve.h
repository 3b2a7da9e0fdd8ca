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

}  // namespace kf::url::detail
