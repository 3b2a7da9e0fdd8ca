#include "normalize/date_tokens.h"

#include <algorithm>
#include <array>
#include <vector>

namespace kf::normalize::detail {
namespace {

// ---- word table -----------------------------------------------------------

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

}  // namespace

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

// ---- calendar -------------------------------------------------------------

namespace {

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

}  // namespace

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

}  // namespace kf::normalize::detail
