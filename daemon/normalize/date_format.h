// Internals of the date parser (normalize/date.h): the matcher for the
// strptime-like format an admin may give a source (DateOptions::format).
// Not for use outside normalize/date*. Pure function; thread-safe.
#pragma once

#include <cstddef>
#include <optional>
#include <string_view>

#include "normalize/date_tokens.h"

namespace kf::normalize::detail {

// Matches `fmt` (directives as listed at DateOptions::format) against `s`
// from byte `p` and fills `f`; returns the end of the match, or nullopt when
// `s` does not follow the format or a numeric field is missing. Validation of
// the values is left to resolve(). With `check`, only the format itself is
// checked (`s` is ignored): nullopt for an unknown directive, and f.y and f.mo
// are set to 0 when the format has a year and a month directive.
std::optional<size_t> match_format(std::string_view s, size_t p, std::string_view fmt, Fields& f,
                                   bool check = false);

}  // namespace kf::normalize::detail
