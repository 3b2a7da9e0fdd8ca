#include "normalize/date.h"

#include <algorithm>
#include <array>
#include <cstdint>
#include <cstdio>
#include <vector>

namespace kf::normalize {
namespace {

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

struct Entry {
  std::string_view word;
  Cls cls;
  int val;
};

constexpr Entry kWords[] = {
    {"jan", Cls::month, 1}, {"januar", Cls::month, 1}, {"january", Cls::month, 1},
    {"jaen", Cls::month, 1}, {"jaenner", Cls::month, 1}, {"feb", Cls::month, 2},
    {"februar", Cls::month, 2}, {"february", Cls::month, 2}, {"mar", Cls::month, 3},
    {"maer", Cls::month, 3}, {"mrz", Cls::month, 3}, {"maerz", Cls::month, 3},
    {"march", Cls::month, 3}, {"apr", Cls::month, 4}, {"april", Cls::month, 4},
    {"mai", Cls::month, 5}, {"may", Cls::month, 5}, {"jun", Cls::month, 6},
    {"juni", Cls::month, 6}, {"june", Cls::month, 6}, {"jul", Cls::month, 7},
    {"juli", Cls::month, 7}, {"july", Cls::month, 7}, {"aug", Cls::month, 8},
    {"august", Cls::month, 8}, {"sep", Cls::month, 9}, {"sept", Cls::month, 9},
    {"september", Cls::month, 9}, {"okt", Cls::month, 10}, {"oct", Cls::month, 10},
    {"oktober", Cls::month, 10}, {"october", Cls::month, 10}, {"nov", Cls::month, 11},
    {"november", Cls::month, 11}, {"dez", Cls::month, 12}, {"dec", Cls::month, 12},
    {"dezember", Cls::month, 12}, {"december", Cls::month, 12},
    {"mon", Cls::weekday, 1}, {"monday", Cls::weekday, 1}, {"mo", Cls::weekday, 1},
    {"montag", Cls::weekday, 1}, {"tue", Cls::weekday, 2}, {"tues", Cls::weekday, 2},
    {"tuesday", Cls::weekday, 2}, {"di", Cls::weekday, 2}, {"dienstag", Cls::weekday, 2},
    {"wed", Cls::weekday, 3}, {"wednesday", Cls::weekday, 3}, {"mi", Cls::weekday, 3},
    {"mittwoch", Cls::weekday, 3}, {"thu", Cls::weekday, 4}, {"thur", Cls::weekday, 4},
    {"thurs", Cls::weekday, 4}, {"thursday", Cls::weekday, 4}, {"do", Cls::weekday, 4},
    {"donnerstag", Cls::weekday, 4}, {"fri", Cls::weekday, 5}, {"friday", Cls::weekday, 5},
    {"fr", Cls::weekday, 5}, {"freitag", Cls::weekday, 5}, {"sat", Cls::weekday, 6},
    {"saturday", Cls::weekday, 6}, {"sa", Cls::weekday, 6}, {"samstag", Cls::weekday, 6},
    {"sonnabend", Cls::weekday, 6}, {"sun", Cls::weekday, 0}, {"sunday", Cls::weekday, 0},
    {"so", Cls::weekday, 0}, {"sonntag", Cls::weekday, 0},
    {"ut", Cls::zone, 0}, {"utc", Cls::zone, 0}, {"gmt", Cls::zone, 0}, {"z", Cls::zone, 0},
    {"est", Cls::zone, -300}, {"edt", Cls::zone, -240}, {"cst", Cls::zone, -360},
    {"cdt", Cls::zone, -300}, {"mst", Cls::zone, -420}, {"mdt", Cls::zone, -360},
    {"pst", Cls::zone, -480}, {"pdt", Cls::zone, -420}, {"cet", Cls::zone, 60},
    {"cest", Cls::zone, 120}, {"mez", Cls::zone, 60}, {"mesz", Cls::zone, 120},
    {"wet", Cls::zone, 0}, {"west", Cls::zone, 60}, {"eet", Cls::zone, 120},
    {"eest", Cls::zone, 180}, {"bst", Cls::zone, 60},
    {"uhr", Cls::uhr, 0}, {"um", Cls::at, 0}, {"at", Cls::at, 0}, {"am", Cls::am, 0},
    {"pm", Cls::pm, 0}, {"on", Cls::prefix, 0}, {"vom", Cls::prefix, 0},
    {"st", Cls::ordinal, 0}, {"nd", Cls::ordinal, 0}, {"rd", Cls::ordinal, 0},
    {"th", Cls::ordinal, 0},
};

// Buckets by first letter so a word costs a handful of compares, not ~100.
const std::array<std::vector<Entry>, 26>& word_buckets() {
  static const auto buckets = [] {
    std::array<std::vector<Entry>, 26> b;
    for (const auto& e : kWords) b[e.word[0] - 'a'].push_back(e);
    return b;
  }();
  return buckets;
}

bool is_digit(unsigned char c) { return c >= '0' && c <= '9'; }
bool is_alpha(unsigned char c) { return (c | 0x20) >= 'a' && (c | 0x20) <= 'z'; }
bool is_space(unsigned char c) { return c == ' ' || (c >= '\t' && c <= '\r'); }

// Multi-byte characters that web text uses as space (NBSP, thin spaces) or
// as a dash (en/em dash, "07.01.2025 – 14:30"); returns their length or 0.
size_t special_char(std::string_view s, size_t i, bool& dash) {
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

// Lower-cases and spells umlauts out ("MÄRZ" -> "maerz") so "März", "Maerz"
// and "MÄR" meet one table entry.
void classify(std::string_view raw, Tok& t) {
  t.kind = Kind::word;
  if (raw.size() == 1) t.ch = static_cast<char>(raw[0] | 0x20);
  char buf[12];
  size_t n = 0;
  for (size_t i = 0; i < raw.size(); ++i) {
    if (n + 2 > sizeof buf) return;
    auto c = static_cast<unsigned char>(raw[i]);
    if (c < 0x80) {
      buf[n++] = static_cast<char>(c | 0x20);
      continue;
    }
    unsigned char c2 = i + 1 < raw.size() ? static_cast<unsigned char>(raw[i + 1]) : 0;
    if (c != 0xC3) return;
    const char* repl = c2 == 0xA4 || c2 == 0x84 ? "ae" : c2 == 0xB6 || c2 == 0x96 ? "oe"
                     : c2 == 0xBC || c2 == 0x9C ? "ue" : c2 == 0x9F ? "ss" : nullptr;
    if (!repl) return;
    buf[n++] = repl[0];
    buf[n++] = repl[1];
    ++i;
  }
  if (n == 0 || buf[0] < 'a' || buf[0] > 'z') return;
  std::string_view w(buf, n);
  for (const auto& e : word_buckets()[buf[0] - 'a'])
    if (e.word == w) {
      t.cls = e.cls;
      t.val = e.val;
      return;
    }
  if (n == 1 && buf[0] != 'j') t.cls = Cls::military;
}

// Calls push(tok) for each token; stops early when push returns false.
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

// ---- calendar -------------------------------------------------------------

// Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's algorithm).
int64_t days_from_civil(int64_t y, unsigned m, unsigned d) {
  y -= m <= 2;
  const int64_t era = (y >= 0 ? y : y - 399) / 400;
  const unsigned yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<int64_t>(doe) - 719468;
}

bool is_leap(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

int days_in_month(int y, int m) {
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return m == 2 && is_leap(y) ? 29 : kDays[m - 1];
}

int64_t last_sunday(int y, int m) {
  int64_t last = days_from_civil(y, m, days_in_month(y, m));
  return last - (last + 4) % 7;  // 1970-01-01 was a Thursday (4)
}

// Local Berlin time (seconds as if it were UTC) to UTC, see date.h for history.
int64_t berlin_to_utc(int64_t local, int year) {
  int64_t start = 0, end = 0;  // summer time in UTC days
  if (year == 1980) {
    start = days_from_civil(1980, 4, 6), end = days_from_civil(1980, 9, 28);
  } else if (year > 1980) {
    start = last_sunday(year, 3), end = last_sunday(year, year < 1996 ? 9 : 10);
  }
  const int64_t summer = local - 7200;
  if (summer >= start * 86400 + 3600 && summer < end * 86400 + 3600) return summer;
  return local - 3600;
}

bool is_utc_zone(std::string_view z) {
  for (std::string_view k : {"UTC", "Etc/UTC", "GMT", "Etc/GMT"})
    if (z.size() == k.size() && std::equal(z.begin(), z.end(), k.begin(), [](char a, char b) {
          return (a | 0x20) == (b | 0x20);
        }))
      return true;
  return false;
}

bool is_berlin(std::string_view z) {
  std::string_view k = "europe/berlin";
  return z.size() == k.size() &&
         std::equal(z.begin(), z.end(), k.begin(), [](char a, char b) { return (a | 0x20) == b; });
}

// ---- fields and grammar ---------------------------------------------------

struct Fields {
  int y = -1, mo = -1, d = 1, h = 0, mi = 0, s = 0;
  bool has_time = false, has_seconds = false, has_zone = false, iso = false, partial = false;
  int off = 0;  // minutes east of UTC
};

int two_digit_year(int yy) { return yy < 50 ? 2000 + yy : 1900 + yy; }

std::optional<Timestamp> resolve(const Fields& f, std::string_view zone) {
  if (f.y < 1970 || f.y > 2100 || f.mo < 1 || f.mo > 12 || f.d < 1 ||
      f.d > days_in_month(f.y, f.mo) || f.h < 0 || f.h > 23 || f.mi < 0 || f.mi > 59 ||
      f.s < 0 || f.s > 60)
    return std::nullopt;
  int64_t local = days_from_civil(f.y, f.mo, f.d) * 86400 + f.h * 3600 + f.mi * 60 + f.s;
  int64_t utc;
  if (f.has_zone)
    utc = local - f.off * 60;
  else if (is_berlin(zone))
    utc = berlin_to_utc(local, f.y);
  else if (is_utc_zone(zone))
    utc = local;
  else
    return std::nullopt;
  return Timestamp{std::chrono::seconds{utc}};
}

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

// ---- admin formats --------------------------------------------------------

// Reads 1..max digits at s[p]; -1 when there is none.
int read_int(std::string_view s, size_t& p, size_t max_digits) {
  int v = 0;
  size_t d = 0;
  for (; p < s.size() && d < max_digits && is_digit(s[p]); ++p, ++d) v = v * 10 + (s[p] - '0');
  return d ? v : -1;
}

// Reads one word at s[p] and classifies it like the tokenizer does.
Tok read_word(std::string_view s, size_t& p) {
  Tok t;
  size_t b = p;
  while (p < s.size() && (is_alpha(s[p]) || static_cast<unsigned char>(s[p]) >= 0x80)) ++p;
  if (p > b) classify(s.substr(b, p - b), t);
  return t;
}

// Matches `fmt` against s from p; returns the end of the match. With `check`
// only the format is validated (s is ignored).
std::optional<size_t> match_format(std::string_view s, size_t p, std::string_view fmt, Fields& f,
                                   bool check = false) {
  int pm = -1;  // -1 no %p, 0 AM, 1 PM
  for (size_t i = 0; i < fmt.size(); ++i) {
    const char c = fmt[i];
    if (is_space(c)) {
      while (p < s.size()) {
        bool dash;
        size_t len = special_char(s, p, dash);
        if (is_space(s[p])) ++p;
        else if (len && !dash) p += len;
        else break;
      }
      continue;
    }
    if (c != '%') {
      if (!check && (p >= s.size() || (s[p] | 0x20) != (c | 0x20))) return std::nullopt;
      ++p;
      continue;
    }
    if (++i == fmt.size()) return std::nullopt;
    const char d = fmt[i];
    std::string_view expand = d == 'T' ? "%H:%M:%S" : d == 'R' ? "%H:%M" : d == 'F' ? "%Y-%m-%d" : "";
    if (!expand.empty()) {
      auto r = match_format(s, p, expand, f, check);
      if (!r) return std::nullopt;
      p = *r;
      continue;
    }
    if (check) {
      if (std::string_view("demYyHIMSbBhaAzZp%").find(d) == std::string_view::npos)
        return std::nullopt;
      if (d == 'Y' || d == 'y') f.y = 0;
      if (d == 'm' || d == 'b' || d == 'B' || d == 'h') f.mo = 0;
      continue;
    }
    int v = 0;
    switch (d) {
      case 'e':
        while (p < s.size() && s[p] == ' ') ++p;
        [[fallthrough]];
      case 'd': v = f.d = read_int(s, p, 2); break;
      case 'm': v = f.mo = read_int(s, p, 2); break;
      case 'Y': v = f.y = read_int(s, p, 4); break;
      case 'y': v = read_int(s, p, 2), f.y = v < 0 ? v : two_digit_year(v); break;
      case 'H': case 'I': v = f.h = read_int(s, p, 2); break;
      case 'M': v = f.mi = read_int(s, p, 2); break;
      case 'S': v = f.s = read_int(s, p, 2); break;
      case 'b': case 'B': case 'h': case 'a': case 'A': case 'Z': case 'p': {
        Tok t = read_word(s, p);
        const bool want_month = d == 'b' || d == 'B' || d == 'h';
        if (want_month && t.cls == Cls::month) f.mo = t.val;
        else if (d == 'Z' && t.cls == Cls::zone) f.off = t.val, f.has_zone = true;
        else if (d == 'p' && (t.cls == Cls::am || t.cls == Cls::pm)) pm = t.cls == Cls::pm;
        else if ((d != 'a' && d != 'A') || t.cls != Cls::weekday) return std::nullopt;
        // Abbreviations may carry a dot ("Jan.", "Di.") the format does not spell.
        if (p < s.size() && s[p] == '.' && (i + 1 == fmt.size() || fmt[i + 1] != '.')) ++p;
        break;
      }
      case 'z': {
        if (p < s.size() && (s[p] | 0x20) == 'z') {
          ++p, f.off = 0, f.has_zone = true;
          break;
        }
        if (p >= s.size() || (s[p] != '+' && s[p] != '-')) return std::nullopt;
        const int sign = s[p++] == '-' ? -1 : 1;
        const int h = read_int(s, p, 2);
        if (p < s.size() && s[p] == ':') ++p;
        const int m = read_int(s, p, 2);
        if (h < 0 || h > 23 || m < 0 || m > 59) return std::nullopt;
        f.off = sign * (h * 60 + m), f.has_zone = true;
        break;
      }
      case '%':
        if (p >= s.size() || s[p++] != '%') return std::nullopt;
        break;
      default:
        return std::nullopt;
    }
    if (v < 0) return std::nullopt;
  }
  if (pm >= 0) f.h = f.h < 1 || f.h > 12 ? -1 : f.h % 12 + (pm ? 12 : 0);
  return p;
}

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

std::string format_rfc822(Timestamp t) {
  static constexpr const char* kDays[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
  static constexpr const char* kMonths[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                            "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  const auto day = std::chrono::floor<std::chrono::days>(t);
  const std::chrono::year_month_day ymd{day};
  const std::chrono::hh_mm_ss hms{t - day};
  const unsigned wd = std::chrono::weekday{day}.c_encoding();
  char buf[48];
  std::snprintf(buf, sizeof buf, "%s, %02u %s %04d %02d:%02d:%02d +0000", kDays[wd],
                static_cast<unsigned>(ymd.day()), kMonths[static_cast<unsigned>(ymd.month()) - 1],
                static_cast<int>(ymd.year()), static_cast<int>(hms.hours().count()),
                static_cast<int>(hms.minutes().count()), static_cast<int>(hms.seconds().count()));
  return buf;
}

}  // namespace kf::normalize
