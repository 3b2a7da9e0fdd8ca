// HTML5 character-reference decoding and input preprocessing for the
// streaming tokenizer (html/tokenizer.h): what a browser turns the bytes of a
// text run or an attribute value into. Named references come from
// kf::text::html_entity plus the 106 legacy names a browser also accepts
// without ';' (&amp &lt &nbsp &auml …); numeric references get the HTML5
// repairs (0x80–0x9F read as windows-1252, 0, surrogates and values above
// U+10FFFF become U+FFFD). CR and CRLF become LF as in the HTML5 input
// stream. Pure functions; thread-safe.
#pragma once

#include <string>
#include <string_view>

namespace kf::html {

enum class DecodeMode {
  Data,       // text content: references decoded, NUL dropped (browsers ignore it there)
  Attribute,  // attribute value: references decoded except a legacy name followed by
              // '=' or an alphanumeric ("?a=1&copy=2" stays), NUL → U+FFFD
  RcData,     // textarea/title content: references decoded, NUL → U+FFFD
  RawText,    // script/style/… content: no references, NUL → U+FFFD
};

// True when `s` holds nothing decode_into would change (no '&', NUL or CR),
// so a caller may use `s` itself instead of a decoded copy.
bool needs_decoding(std::string_view s, DecodeMode mode);

// Appends the decoded form of `s` to `out`. A '&' that starts no known
// reference stays literal ("AT&T", "&#;", "&unknown;").
void decode_into(std::string& out, std::string_view s, DecodeMode mode);

}  // namespace kf::html
