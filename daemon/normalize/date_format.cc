#include "normalize/date_format.h"

namespace kf::normalize::detail {
namespace {

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

}  // namespace

std::optional<size_t> match_format(std::string_view s, size_t p, std::string_view fmt, Fields& f,
                                   bool check) {
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

}  // namespace kf::normalize::detail
