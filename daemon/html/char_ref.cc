#include "html/char_ref.h"

#include <algorithm>
#include <array>
#include <optional>

#include "html/scan.h"
#include "text/html_entities.h"
#include "text/utf8.h"

namespace kf::html {
namespace {

// The names HTML5 also matches without a ';' (WHATWG list), sorted.
constexpr std::array<std::string_view, 106> kLegacyNames = {
    "AElig",  "AMP",    "Aacute", "Acirc",  "Agrave", "Aring",  "Atilde", "Auml",   "COPY",
    "Ccedil", "ETH",    "Eacute", "Ecirc",  "Egrave", "Euml",   "GT",     "Iacute", "Icirc",
    "Igrave", "Iuml",   "LT",     "Ntilde", "Oacute", "Ocirc",  "Ograve", "Oslash", "Otilde",
    "Ouml",   "QUOT",   "REG",    "THORN",  "Uacute", "Ucirc",  "Ugrave", "Uuml",   "Yacute",
    "aacute", "acirc",  "acute",  "aelig",  "agrave", "amp",    "aring",  "atilde", "auml",
    "brvbar", "ccedil", "cedil",  "cent",   "copy",   "curren", "deg",    "divide", "eacute",
    "ecirc",  "egrave", "eth",    "euml",   "frac12", "frac14", "frac34", "gt",     "iacute",
    "icirc",  "iexcl",  "igrave", "iquest", "iuml",   "laquo",  "lt",     "macr",   "micro",
    "middot", "nbsp",   "not",    "ntilde", "oacute", "ocirc",  "ograve", "ordf",   "ordm",
    "oslash", "otilde", "ouml",   "para",   "plusmn", "pound",  "quot",   "raquo",  "reg",
    "sect",   "shy",    "sup1",   "sup2",   "sup3",   "szlig",  "thorn",  "times",  "uacute",
    "ucirc",  "ugrave", "uml",    "uuml",   "yacute", "yen",    "yuml"};

// HTML5 "numeric character reference end": C1 codes are read as windows-1252.
constexpr std::array<char16_t, 32> kC1 = {
    0x20AC, 0x81,   0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160,
    0x2039, 0x0152, 0x8D,   0x017D, 0x8F,   0x90,   0x2018, 0x2019, 0x201C, 0x201D, 0x2022,
    0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x9D,   0x017E, 0x0178};

constexpr std::size_t kLongestName = 32;  // "CounterClockwiseContourIntegral" is 31

bool is_alpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_alnum(char c) { return is_alpha(c) || is_digit(c); }
int hex_value(char c) {
  if (is_digit(c)) return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// The named references feeds use most, looked up once through
// text::html_entity (so the values are the same by construction): a scan of
// this short list costs far less than the binary search over all 2,000+.
struct Common {
  std::string_view name;
  std::optional<std::string_view> value;
};

constexpr std::array<std::string_view, 16> kCommonNames = {
    "amp", "lt", "gt", "quot", "apos", "nbsp", "ndash", "mdash",
    "hellip", "bdquo", "ldquo", "rdquo", "auml", "ouml", "uuml", "szlig"};

std::optional<std::string_view> entity(std::string_view name) {
  static const std::array<Common, kCommonNames.size()> common = [] {
    std::array<Common, kCommonNames.size()> t{};
    for (std::size_t i = 0; i < t.size(); ++i)
      t[i] = {kCommonNames[i], text::html_entity(kCommonNames[i])};
    return t;
  }();
  if (name.size() <= 6)
    for (const Common& c : common)
      if (c.name == name) return c.value;
  return text::html_entity(name);
}

bool is_legacy(std::string_view name) {
  return std::binary_search(kLegacyNames.begin(), kLegacyNames.end(), name);
}

// Decodes the reference starting at s[i] == '&' into `out`; returns the index
// after what it consumed (i + 1 with a literal '&' when nothing matched).
std::size_t decode_reference(std::string& out, std::string_view s, std::size_t i, DecodeMode mode) {
  std::size_t p = i + 1;
  if (p < s.size() && s[p] == '#') {
    std::size_t q = p + 1;
    bool hex = q < s.size() && (s[q] == 'x' || s[q] == 'X');
    if (hex) ++q;
    std::size_t digits = q;
    char32_t cp = 0;
    for (; q < s.size(); ++q) {
      int d = hex ? hex_value(s[q]) : (is_digit(s[q]) ? s[q] - '0' : -1);
      if (d < 0) break;
      cp = std::min<char32_t>(cp * (hex ? 16 : 10) + static_cast<char32_t>(d), 0x110000);
    }
    if (q == digits) {  // "&#" or "&#x" without digits: not a reference
      out.push_back('&');
      return i + 1;
    }
    if (q < s.size() && s[q] == ';') ++q;
    if (cp == 0 || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) cp = 0xFFFD;
    else if (cp >= 0x80 && cp <= 0x9F) cp = kC1[cp - 0x80];
    text::append_utf8(out, cp);
    return q;
  }
  std::size_t end = p;
  while (end < s.size() && end - p <= kLongestName && is_alnum(s[end])) ++end;
  if (end == p) {
    out.push_back('&');
    return i + 1;
  }
  std::string_view run = s.substr(p, end - p);
  if (end < s.size() && s[end] == ';') {
    if (auto v = entity(run)) {
      out.append(*v);
      return end + 1;
    }
  }
  // The longest legacy name that is a prefix of the run ("&notit;" is "¬it;").
  for (std::size_t len = std::min<std::size_t>(run.size(), 6); len >= 2; --len) {
    std::string_view name = run.substr(0, len);
    if (!is_legacy(name)) continue;
    std::size_t after = p + len;
    bool ambiguous = after < s.size() && (s[after] == '=' || is_alnum(s[after]));
    if (mode == DecodeMode::Attribute && ambiguous) break;  // historical: "?a&copy=1" is a URL
    out.append(*text::html_entity(name));
    return after;
  }
  out.push_back('&');
  return i + 1;
}

}  // namespace

bool needs_decoding(std::string_view s, DecodeMode mode) {
  char amp = mode == DecodeMode::RawText ? '\0' : '&';
  return detail::find_any(s, 0, amp, '\0', '\r', '\0') != s.size();
}

void decode_into(std::string& out, std::string_view s, DecodeMode mode) {
  std::size_t run = 0;
  std::size_t i = 0;
  // Raw text keeps '&': then only NUL and CR are special.
  const char amp = mode == DecodeMode::RawText ? '\0' : '&';
  out.reserve(out.size() + s.size());
  while (i < s.size()) {
    i = detail::find_any(s, i, amp, '\0', '\r', '\0');
    if (i == s.size()) break;
    char c = s[i];
    out.append(s.substr(run, i - run));
    if (c == '&') {
      i = decode_reference(out, s, i, mode);
    } else if (c == '\r') {
      out.push_back('\n');
      i += (i + 1 < s.size() && s[i + 1] == '\n') ? 2 : 1;
    } else {
      if (mode != DecodeMode::Data) out.append("\xEF\xBF\xBD");
      ++i;
    }
    run = i;
  }
  out.append(s.substr(run));
}

}  // namespace kf::html
