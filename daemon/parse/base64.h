// Base64 (RFC 4648 §4) decoding for Atom text constructs that carry binary
// or base64-encoded text: Atom 0.3's mode="base64" and Atom 1.0 content whose
// type is a media type that is neither text nor XML (RFC 4287 §4.1.3.3).
// Pure function; thread-safe.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace kf::parse {

// Decodes `text`, ignoring ASCII whitespace anywhere (feeds wrap base64 at
// 76 columns). Padding is optional, but when present it must complete the
// final group and end the input. Returns nullopt for any other character, a
// misplaced '=' or a final group of a single character; the empty input
// decodes to "". The result is raw bytes and may not be UTF-8.
std::optional<std::string> decode_base64(std::string_view text);

}  // namespace kf::parse
