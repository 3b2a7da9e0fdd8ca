// Internals of the date parser (normalize/date.h), shared by its grammar
// (date.cc) and its admin-format matcher (date_format.cc): the tokenizer with
// its month, weekday and zone word table, the date fields both readers fill,
// and the calendar that turns those fields into UTC (proleptic Gregorian plus
// Germany's DST rule for Europe/Berlin). Not for use outside normalize/date*.
// Pure functions over immutable tables; thread-safe.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string_view>

#include "model/article.h"

namespace kf::normalize::detail {

// ---- tokens ---------------------------------------------------------------

enum class Kind : uint8_t { num, word, punct };
// What a word means to the grammar; single letters keep their letter in ch
// because "T" (ISO separator) and "h" (14:30h) are also military zones.
enum class Cls : uint8_t { none, month, weekday, zone, military, uhr, at, am, pm, prefix, ordinal };

struct Tok {
  Kind kind = Kind::punct;
  Cls cls = Cls::none;
  char ch = 0;         // punctuation character or the letter of a one-letter word
  uint8_t digits = 0;  // number of digits (capped at 255)
  bool space = false;  // whitespace before this token
  int32_t val = 0;     // number value (-1 above 9 digits), month, zone offset in minutes
  size_t begin = 0, end = 0;
};

// ASCII classes, locale-independent on purpose (<cctype> follows the locale).
inline bool is_digit(unsigned char c) { return c >= '0' && c <= '9'; }
inline bool is_alpha(unsigned char c) { return (c | 0x20) >= 'a' && (c | 0x20) <= 'z'; }
inline bool is_space(unsigned char c) { return c == ' ' || (c >= '\t' && c <= '\r'); }

// Multi-byte characters that web text uses as space (NBSP, thin spaces) or
// as a dash (en/em dash, "07.01.2025 – 14:30"): their length at s[i] (dash
// set for the dashes), or 0 for anything else. Inline because the tokenizer
// asks it for every non-ASCII byte.
inline size_t special_char(std::string_view s, size_t i, bool& dash) {
  auto u = [&](size_t k) { return k < s.size() ? static_cast<unsigned char>(s[k]) : 0u; };
  dash = false;
  if (u(i) == 0xC2 && u(i + 1) == 0xA0) return 2;
  if (u(i) == 0xE2 && u(i + 1) == 0x80) {
    unsigned c = u(i + 2);
    if (c == 0x93 || c == 0x94) return dash = true, 3;
    if (c <= 0x8A || c == 0xAF) return 3;
  }
  return 0;
}

// Makes `t` a word token for `raw` (letters, possibly UTF-8 umlauts) and sets
// its class and value from the word table, case- and umlaut-insensitively
// ("MÄRZ", "Maerz" -> month 3). Unknown words keep Cls::none, except single
// letters other than 'j', which are military zones.
void classify(std::string_view raw, Tok& t);

// Calls push(tok) for each token of `s`; stops early when push returns false.
// A template so parse_date can fill a fixed array without allocating.
template <class Push>
void tokenize(std::string_view s, Push&& push) {
  bool space = true;
  for (size_t i = 0; i < s.size();) {
    auto c = static_cast<unsigned char>(s[i]);
    bool dash = false;
    if (is_space(c)) {
      space = true;
      ++i;
      continue;
    }
    Tok t;
    t.begin = i;
    t.space = space;
    space = false;
    if (size_t len = special_char(s, i, dash)) {
      i += len;
      if (!dash) {
        space = true;
        continue;
      }
      t.ch = '-';
    } else if (is_digit(c)) {
      int64_t v = 0;
      size_t d = 0;
      for (; i < s.size() && is_digit(s[i]); ++i, ++d)
        if (d < 9) v = v * 10 + (s[i] - '0');
      t.kind = Kind::num;
      t.digits = static_cast<uint8_t>(d < 255 ? d : 255);
      t.val = d <= 9 ? static_cast<int32_t>(v) : -1;
    } else if (is_alpha(c) || c >= 0x80) {
      size_t b = i;
      while (i < s.size() && (is_alpha(s[i]) || (static_cast<unsigned char>(s[i]) >= 0x80 &&
                                                 !special_char(s, i, dash))))
        ++i;
      classify(s.substr(b, i - b), t);
    } else {
      t.ch = static_cast<char>(c);
      ++i;
    }
    t.end = i;
    if (!push(t)) return;
  }
}

// ---- fields and calendar --------------------------------------------------

// A date as read, before validation. -1 marks a field not (validly) read.
struct Fields {
  int y = -1, mo = -1, d = 1, h = 0, mi = 0, s = 0;
  bool has_time = false, has_seconds = false, has_zone = false, iso = false, partial = false;
  int off = 0;  // minutes east of UTC
};

// RFC 2822's reading of a two-digit year: 00-49 -> 20xx, 50-99 -> 19xx.
int two_digit_year(int yy);

// True for "UTC", "Etc/UTC", "GMT", "Etc/GMT" (ASCII case-insensitive).
bool is_utc_zone(std::string_view zone);

// True for "Europe/Berlin" (ASCII case-insensitive).
bool is_berlin(std::string_view zone);

// The UTC time `f` names; without an offset in `f`, `zone` (UTC or Berlin)
// decides. nullopt for an impossible date or time, a year outside
// 1970..2100, or an unknown zone (see date.h for the Berlin DST history and
// how gap and repeated hour are read).
std::optional<kf::Timestamp> resolve(const Fields& f, std::string_view zone);

}  // namespace kf::normalize::detail
