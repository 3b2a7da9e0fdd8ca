// Byte classes of RFC 3986 and the WHATWG URL standard, shared by the url
// module's sources. Internal to daemon/url; locale-independent on purpose
// (<cctype> would follow the process locale). Pure functions; thread-safe.
#pragma once

#include <string_view>

#include "text/ascii.h"

namespace kf::url::detail {

constexpr bool is_alpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }

constexpr bool is_digit(char c) { return c >= '0' && c <= '9'; }

constexpr bool is_hex(char c) {
  return is_digit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

constexpr int hex_value(char c) {
  return is_digit(c) ? c - '0' : (c >= 'a' && c <= 'f') ? c - 'a' + 10 : c - 'A' + 10;
}

using text::to_lower;

constexpr bool is_scheme_char(char c) {
  return is_alpha(c) || is_digit(c) || c == '+' || c == '-' || c == '.';
}

// Browsers drop these anywhere in a URL, so they never separate anything.
constexpr bool is_tab_or_newline(char c) { return c == '\t' || c == '\n' || c == '\r'; }

// C0 control or space: what browsers trim from both ends of a URL.
constexpr bool is_c0_or_space(char c) { return static_cast<unsigned char>(c) <= 0x20; }

constexpr bool is_control(char c) {
  return static_cast<unsigned char>(c) < 0x20 || static_cast<unsigned char>(c) == 0x7f;
}

constexpr bool is_unreserved(char c) {
  return is_alpha(c) || is_digit(c) || c == '-' || c == '.' || c == '_' || c == '~';
}

constexpr bool is_sub_delim(char c) { return std::string_view("!$&'()*+,;=").find(c) != std::string_view::npos; }

// Index of the first byte of `s` equal to one of `Set`, or npos: what
// s.find_first_of("...") returns, without libstdc++'s memchr call per byte
// (URL code runs this on every link of every item).
template <char... Set>
constexpr std::size_t find_first_of(std::string_view s) {
  for (std::size_t i = 0; i < s.size(); ++i)
    if (((s[i] == Set) || ...)) return i;
  return std::string_view::npos;
}

// Length of the scheme that ends at the first ':' of `s`, or 0 when `s` does
// not start with one.
constexpr std::size_t scheme_length(std::string_view s) {
  if (s.empty() || !is_alpha(s[0])) return 0;
  for (std::size_t i = 1; i < s.size(); ++i) {
    if (s[i] == ':') return i;
    if (!is_scheme_char(s[i])) return 0;
  }
  return 0;
}

// Length of a leading "https://" or "http://" (exactly so, lower case), or
// 0: the start of the plain absolute URLs the fast paths take.
constexpr std::size_t http_prefix_length(std::string_view s) {
  if (s.starts_with("https://")) return 8;
  if (s.starts_with("http://")) return 7;
  return 0;
}

// True when `path` has a "." or ".." segment (remove_dot_segments would
// change it).
constexpr bool has_dot_segment(std::string_view p) {
  // A segment starts at 0 or after a '/'; one byte pass, no search per segment.
  for (std::size_t i = 0; i < p.size(); ++i) {
    if (p[i] != '.' || (i > 0 && p[i - 1] != '/')) continue;
    std::size_t k = i + 1;
    if (k < p.size() && p[k] == '.') ++k;
    if (k == p.size() || p[k] == '/') return true;
  }
  return false;
}

}  // namespace kf::url::detail
