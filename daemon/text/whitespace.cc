#include "text/whitespace.h"

namespace kf::text {

namespace {

// Bytes that may start whitespace (ASCII spaces, C0 controls, the NBSP lead
// byte 0xC2); everything else is copied as it is.
constexpr bool may_break(char c) {
  return static_cast<unsigned char>(c) <= 0x20 || c == '\xC2';
}

}  // namespace

std::string collapse_whitespace(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  bool pending_space = false;
  std::size_t i = 0;
  while (i < s.size()) {
    // Words are copied in one append each: this runs on every title.
    std::size_t end = i;
    while (end < s.size() && !may_break(s[end])) ++end;
    if (end > i) {
      if (pending_space) out += ' ';
      pending_space = false;
      out.append(s.data() + i, end - i);
      i = end;
      continue;
    }
    char c = s[i];
    bool space = c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
    if (!space && c == '\xC2' && i + 1 < s.size() && s[i + 1] == '\xA0') {  // NBSP
      space = true;
      ++i;
    }
    ++i;
    if (space) {
      pending_space = !out.empty();
      continue;
    }
    if (pending_space) out += ' ';
    pending_space = false;
    out += c;
  }
  return out;
}

}  // namespace kf::text
