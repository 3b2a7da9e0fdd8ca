// Charset labels and byte-to-UTF-8 conversion below encoding.h's detection:
// maps the labels found in documents and headers to one decoder (browsers'
// windows-1252 for Latin-1/ASCII, our own table for it, glibc iconv for the
// rest) and converts with U+FFFD for undecodable bytes. Pure functions;
// thread-safe (every conversion opens its own iconv descriptor).
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace kf::text {

// The decoder name for a charset label ("ISO-8859-1" → "windows-1252",
// "utf8" → "utf-8", "GB2312" → "gbk", "shift_jis" → "shift_jis"), lower-case.
// Returns nullopt when neither our table nor iconv knows the label.
std::optional<std::string> canonical_charset(std::string_view label);

// Converts `bytes` from the canonical charset `charset` (as returned by
// canonical_charset) to UTF-8. Undecodable input becomes U+FFFD, skipping one
// code unit; NUL code points are dropped. `replaced` counts the U+FFFDs
// this conversion inserted. The result is always valid UTF-8.
std::string convert_to_utf8(std::string_view bytes, std::string_view charset, int& replaced);

}  // namespace kf::text
