#include "normalize/date.h"

#include <array>
#include <cstdint>
#include <cstdio>
#include <vector>

#include "normalize/date_format.h"
#include "normalize/date_tokens.h"

namespace kf::normalize {

using detail::Cls;
using detail::Fields;
using detail::Kind;
using detail::Tok;
using detail::is_alpha;
using detail::is_berlin;
using detail::is_digit;
using detail::is_space;
using detail::is_utc_zone;
using detail::match_format;
using detail::resolve;
using detail::tokenize;
using detail::two_digit_year;

namespace {

// Reads dates from tokens. `text` is find_date's stricter mode (see date.h).
class Grammar {
 public:
  Grammar(const Tok* t, size_t n, bool text) : t_(t), n_(n), text_(text) {}

  // Reads one date with optional time and zone starting at token i; returns
  // the index after it.
  std::optional<size_t> date_at(size_t i, Fields& f) const {
    std::optional<size_t> j;
    for (auto form : {&Grammar::iso, &Grammar::numeric, &Grammar::day_name, &Grammar::name_day}) {
      Fields g;  // a failed form must leave nothing behind
      if ((j = (this->*form)(i, g))) {
        f = g;
        break;
      }
    }
    if (!j) return std::nullopt;
    size_t k = f.has_time || f.partial ? *j : time_after_date(*j, f);
    if (f.has_time && !f.has_zone) k = zone(k, f);
    return k;
  }

  // parse_date: leading brackets, "am"/"on", a weekday; then one date; then
  // closing brackets, "Uhr" and a "(comment)"; nothing else.
  std::optional<Fields> whole() const {
    size_t i = 0;
    while (punct(i, '[') || punct(i, '(') || word(i, Cls::am) || word(i, Cls::prefix)) ++i;
    if (word(i, Cls::weekday)) {
      ++i;
      if (punct(i, '.')) ++i;
      if (punct(i, ',')) ++i;
    }
    Fields f;
    auto j = date_at(i, f);
    if (!j) return std::nullopt;
    for (i = *j; i < n_;) {
      if (punct(i, '(')) {
        while (i < n_ && !punct(i, ')')) ++i;
        if (i++ == n_) return std::nullopt;
      } else if (punct(i, ']') || punct(i, ')') || punct(i, '.') || punct(i, ',') ||
                 word(i, Cls::uhr)) {
        ++i;
      } else {
        return std::nullopt;
      }
    }
    return f;
  }

  bool num(size_t i, int min_digits, int max_digits) const {
    return i < n_ && t_[i].kind == Kind::num && t_[i].digits >= min_digits &&
           t_[i].digits <= max_digits;
  }
  bool punct(size_t i, char c) const { return i < n_ && t_[i].kind == Kind::punct && t_[i].ch == c; }
  bool word(size_t i, Cls c) const { return i < n_ && t_[i].kind == Kind::word && t_[i].cls == c; }
  bool letter(size_t i, char c) const { return i < n_ && t_[i].kind == Kind::word && t_[i].ch == c; }
  bool touching(size_t i) const { return i < n_ && !t_[i].space; }
  int val(size_t i) const { return t_[i].val; }

 private:
  // 2025-01-07, 2025/01/07, 20250107; parse_date also takes 2025-01 and 2025.
  std::optional<size_t> iso(size_t i, Fields& f) const {
    f.iso = true;
    if (num(i, 8, 8) && !text_) {
      f.y = val(i) / 10000, f.mo = val(i) / 100 % 100, f.d = val(i) % 100;
      return i + 1;
    }
    if (!num(i, 4, 4)) return std::nullopt;
    f.y = val(i);
    const char sep = punct(i + 1, '/') ? '/' : '-';
    if (!(punct(i + 1, sep) && touching(i + 1) && num(i + 2, 1, 2) && touching(i + 2))) {
      if (text_) return std::nullopt;
      f.mo = 1, f.partial = true;
      return i + 1;
    }
    f.mo = val(i + 2);
    if (!(punct(i + 3, sep) && touching(i + 3) && num(i + 4, 1, 2) && touching(i + 4))) {
      if (text_) return std::nullopt;
      f.partial = true;
      return i + 3;
    }
    f.d = val(i + 4);
    return i + 5;
  }

  // 07.01.2025, 7.1.25, "07. 01. 2025"
  std::optional<size_t> numeric(size_t i, Fields& f) const {
    f.iso = false;
    if (!(num(i, 1, 2) && punct(i + 1, '.') && touching(i + 1) && num(i + 2, 1, 2) &&
          punct(i + 3, '.') && touching(i + 3)))
      return std::nullopt;
    if (num(i + 4, 4, 4)) f.y = val(i + 4);
    else if (num(i + 4, 2, 2)) f.y = two_digit_year(val(i + 4));
    else return std::nullopt;
    f.d = val(i), f.mo = val(i + 2);
    return i + 5;
  }

  // 04 Feb 2025, 7. Januar 2025, 04-Feb-25, 4th February 2025
  std::optional<size_t> day_name(size_t i, Fields& f) const {
    if (!num(i, 1, 2)) return std::nullopt;
    size_t j = i + 1;
    if (word(j, Cls::ordinal) && touching(j)) ++j;
    if (punct(j, '.')) ++j;
    if (punct(j, '-')) ++j;
    if (!word(j, Cls::month)) return std::nullopt;
    f.d = val(i), f.mo = val(j++);
    if (punct(j, '.')) ++j;
    if (punct(j, '-') || punct(j, ',')) ++j;
    if (num(j, 4, 4)) f.y = val(j);
    else if (num(j, 2, 2) && !text_) f.y = two_digit_year(val(j));
    else return std::nullopt;
    return j + 1;
  }

  // February 4, 2025; asctime "Feb  4 10:00:00 2025" (zone may precede the year)
  std::optional<size_t> name_day(size_t i, Fields& f) const {
    if (!word(i, Cls::month)) return std::nullopt;
    size_t j = i + 1;
    if (punct(j, '.')) ++j;
    if (!num(j, 1, 2)) return std::nullopt;
    f.mo = val(i), f.d = val(j++);
    if (word(j, Cls::ordinal) && touching(j)) ++j;
    if (punct(j, ',') || punct(j, '.')) ++j;
    if (num(j, 4, 4)) {
      f.y = val(j);
      return j + 1;
    }
    auto k = time(j, f);
    if (!k) return std::nullopt;
    j = zone(*k, f);
    if (!num(j, 4, 4)) return std::nullopt;
    f.y = val(j);
    return j + 1;
  }

  // 14:30, 14:30:00, 14:30:00.123, 14.30 Uhr, 14 Uhr; then AM/PM and "Uhr"/"h".
  std::optional<size_t> time(size_t j, Fields& out) const {
    if (!num(j, 1, 2)) return std::nullopt;
    Fields f = out;  // committed only on success
    size_t k;
    f.h = val(j);
    if (punct(j + 1, ':') && touching(j + 1) && num(j + 2, 2, 2) && touching(j + 2)) {
      f.mi = val(j + 2);
      k = j + 3;
      if (punct(k, ':') && touching(k) && num(k + 1, 2, 2) && touching(k + 1)) {
        f.s = val(k + 1), f.has_seconds = true;
        k += 2;
        if ((punct(k, '.') || punct(k, ',')) && touching(k) && num(k + 1, 1, 255) &&
            touching(k + 1))
          k += 2;  // fractions of a second are dropped
      }
    } else if (punct(j + 1, '.') && touching(j + 1) && num(j + 2, 2, 2) && word(j + 3, Cls::uhr)) {
      f.mi = val(j + 2);
      k = j + 3;
    } else if (word(j + 1, Cls::uhr)) {
      k = j + 1;
    } else {
      return std::nullopt;
    }
    f.has_time = true;
    if (!text_ && (word(k, Cls::am) || word(k, Cls::pm))) {
      if (f.h < 1 || f.h > 12) f.h = -1;  // "14:00 pm" is no time
      else f.h = f.h % 12 + (word(k, Cls::pm) ? 12 : 0);
      ++k;
    }
    if (word(k, Cls::uhr) || (letter(k, 'h') && touching(k))) ++k;
    out = f;
    return k;
  }

  // "T14:30", "T143000", ", 14:30", "- 14:30", "um 14 Uhr", " 14:30"
  size_t time_after_date(size_t j, Fields& f) const {
    if (letter(j, 't') && touching(j) && touching(j + 1)) {
      if (num(j + 1, 6, 6) || num(j + 1, 4, 4)) {
        const int v = val(j + 1), six = t_[j + 1].digits == 6;
        f.h = six ? v / 10000 : v / 100, f.mi = six ? v / 100 % 100 : v % 100;
        f.s = six ? v % 100 : 0, f.has_time = true, f.has_seconds = six;
        return j + 2;
      }
      return time(j + 1, f).value_or(j);
    }
    size_t k = j;
    if (punct(k, ',') || punct(k, '-') || punct(k, '/')) ++k;
    if (word(k, Cls::at)) ++k;
    return time(k, f).value_or(j);
  }

  // Z, GMT, MESZ, GMT+1, +0100, +01:00, -05, military letters (parse_date only).
  size_t zone(size_t k, Fields& f) const {
    if (word(k, Cls::zone) && (!text_ || t_[k].ch != 'z' || touching(k))) {
      f.off = val(k++), f.has_zone = true;
      if (auto r = offset(k, f.off)) k = *r;
      return k;
    }
    if (word(k, Cls::military) && !text_) {
      f.off = 0, f.has_zone = true;  // -0000, see date.h
      return k + 1;
    }
    // "10:00-12:00" is a time range, not -12:00: outside ISO and hh:mm:ss an
    // offset needs RFC 822's space before it, and running text never has one.
    if (!f.iso && !f.has_seconds && (text_ || touching(k))) return k;
    int off = 0;
    if (auto r = offset(k, off)) {
      f.off = off, f.has_zone = true;
      return *r;
    }
    return k;
  }

  // +hhmm, +hh:mm, +hh added to `off`; nullopt leaves `off` alone.
  std::optional<size_t> offset(size_t k, int& off) const {
    if (!(punct(k, '+') || punct(k, '-')) || !touching(k + 1)) return std::nullopt;
    const int sign = punct(k, '-') ? -1 : 1;
    int h, m = 0;
    size_t e = k + 2;
    if (num(k + 1, 4, 4)) {
      h = val(k + 1) / 100, m = val(k + 1) % 100;
    } else if (num(k + 1, 1, 2)) {
      h = val(k + 1);
      if (punct(k + 2, ':') && touching(k + 2) && num(k + 3, 2, 2) && touching(k + 3))
        m = val(k + 3), e = k + 4;
    } else {
      return std::nullopt;
    }
    if (h > 23 || m > 59) return std::nullopt;
    off += sign * (h * 60 + m);
    return e;
  }

  const Tok* t_;
  size_t n_;
  bool text_;
};

size_t trim_front(std::string_view s) {
  size_t i = 0;
  while (i < s.size() && is_space(s[i])) ++i;
  return i;
}

}  // namespace

bool is_known_zone(std::string_view zone) { return is_utc_zone(zone) || is_berlin(zone); }

bool is_valid_format(std::string_view format) {
  Fields f;
  f.d = f.mo = f.y = -1;
  return match_format({}, 0, format, f, true) && f.y == 0 && f.mo == 0;
}

std::optional<Timestamp> parse_date(std::string_view text, const DateOptions& opt) {
  if (opt.format) {
    Fields f;
    auto end = match_format(text, trim_front(text), *opt.format, f);
    if (!end || *end + trim_front(text.substr(*end)) != text.size()) return std::nullopt;
    return resolve(f, opt.default_zone);
  }
  // A date is a dozen tokens; far more means a sentence, not a date field.
  std::array<Tok, 40> toks;
  size_t n = 0;
  bool overflow = false;
  tokenize(text, [&](const Tok& t) {
    if (n == toks.size()) return !(overflow = true);
    toks[n++] = t;
    return true;
  });
  if (overflow || n == 0) return std::nullopt;
  auto f = Grammar(toks.data(), n, false).whole();
  if (!f) return std::nullopt;
  return resolve(*f, opt.default_zone);
}

std::optional<FoundDate> find_date(std::string_view text, const DateOptions& opt) {
  if (opt.format) {
    for (size_t p = 0; p < text.size(); ++p) {
      const auto c = static_cast<unsigned char>(text[p]);
      const auto prev = p ? static_cast<unsigned char>(text[p - 1]) : ' ';
      if ((c & 0xC0) == 0x80 || is_digit(prev) || is_alpha(prev) || is_space(c)) continue;
      Fields f;
      if (auto end = match_format(text, p, *opt.format, f))
        if (auto when = resolve(f, opt.default_zone)) return FoundDate{*when, p, *end};
    }
    return std::nullopt;
  }
  std::vector<Tok> toks;
  tokenize(text, [&](const Tok& t) {
    toks.push_back(t);
    return true;
  });
  const Grammar g(toks.data(), toks.size(), true);
  for (size_t i = 0; i < toks.size(); ++i) {
    if (toks[i].kind != Kind::num && !g.word(i, Cls::month)) continue;
    // Not the tail of a longer number ("311.2.2025", "v1.2.2025", "1.2.2025" in "3.1.2.2025").
    if (i > 0 && g.touching(i) && toks[i - 1].kind != Kind::punct) continue;
    if (i > 1 && g.touching(i) && g.touching(i - 1) && toks[i - 2].kind == Kind::num &&
        (g.punct(i - 1, '.') || g.punct(i - 1, '-') || g.punct(i - 1, '/') || g.punct(i - 1, ':')))
      continue;
    Fields f;
    auto end = g.date_at(i, f);
    if (!end) continue;
    size_t e = *end;
    // Not the head of a version number ("1.2.2025.3").
    if (g.touching(e) && (toks[e].kind != Kind::punct ||
                          (g.punct(e, '.') && g.touching(e + 1) && g.num(e + 1, 1, 255))))
      continue;
    auto when = resolve(f, opt.default_zone);
    if (!when) continue;
    size_t b = i;
    if (b > 0 && g.touching(b) && g.touching(e) &&
        ((g.punct(b - 1, '[') && g.punct(e, ']')) || (g.punct(b - 1, '(') && g.punct(e, ')'))))
      --b, ++e;
    return FoundDate{*when, toks[b].begin, toks[e - 1].end};
  }
  return std::nullopt;
}

std::string format_rfc3339(Timestamp t) {
  const auto day = std::chrono::floor<std::chrono::days>(t);
  const std::chrono::year_month_day ymd{day};
  const std::chrono::hh_mm_ss hms{t - day};
  char buf[40];
  std::snprintf(buf, sizeof buf, "%04d-%02u-%02uT%02d:%02d:%02dZ", static_cast<int>(ymd.year()),
                static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()),
                static_cast<int>(hms.hours().count()), static_cast<int>(hms.minutes().count()),
                static_cast<int>(hms.seconds().count()));
  return buf;
}

namespace {

std::string format_822(Timestamp t, const char* zone) {
  static constexpr const char* kDays[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
  static constexpr const char* kMonths[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                            "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  const auto day = std::chrono::floor<std::chrono::days>(t);
  const std::chrono::year_month_day ymd{day};
  const std::chrono::hh_mm_ss hms{t - day};
  const unsigned wd = std::chrono::weekday{day}.c_encoding();
  char buf[48];
  std::snprintf(buf, sizeof buf, "%s, %02u %s %04d %02d:%02d:%02d %s", kDays[wd],
                static_cast<unsigned>(ymd.day()), kMonths[static_cast<unsigned>(ymd.month()) - 1],
                static_cast<int>(ymd.year()), static_cast<int>(hms.hours().count()),
                static_cast<int>(hms.minutes().count()), static_cast<int>(hms.seconds().count()),
                zone);
  return buf;
}

}  // namespace

std::string format_rfc822(Timestamp t) { return format_822(t, "+0000"); }

std::string format_http_date(Timestamp t) { return format_822(t, "GMT"); }

}  // namespace kf::normalize
