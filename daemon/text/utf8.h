// Small UTF-8 helpers shared by the decoders and parsers: appending a code
// point and checking well-formedness. Pure functions; thread-safe.
#pragma once

#include <string>
#include <string_view>

namespace kf::text {

// Appends the UTF-8 form of `cp`; surrogates, values above U+10FFFF and NUL
// are written as U+FFFD because none of them may appear in our output.
void append_utf8(std::string& out, char32_t cp);

// True when `s` is well-formed UTF-8 (RFC 3629) without NUL bytes.
bool is_valid_utf8(std::string_view s);

}  // namespace kf::text
