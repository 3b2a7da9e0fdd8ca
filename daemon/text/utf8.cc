#include "text/utf8.h"

#include <cstring>

#include "text/encoding.h"

namespace kf::text {
namespace {

constexpr std::string_view kReplacement = "\xEF\xBF\xBD";

// Length of the well-formed sequence starting at s[i], or 0 when the bytes
// there are not one; `consumed` then says how many bytes form the maximal
// invalid subpart (WHATWG: one U+FFFD per subpart).
std::size_t sequence_length(std::string_view s, std::size_t i, std::size_t& consumed) {
  const auto b = static_cast<unsigned char>(s[i]);
  std::size_t need = 0;
  unsigned char lower = 0x80, upper = 0xBF;
  if (b >= 0xC2 && b <= 0xDF) {
    need = 1;
  } else if (b >= 0xE0 && b <= 0xEF) {
    need = 2;
    if (b == 0xE0) lower = 0xA0;
    if (b == 0xED) upper = 0x9F;
  } else if (b >= 0xF0 && b <= 0xF4) {
    need = 3;
    if (b == 0xF0) lower = 0x90;
    if (b == 0xF4) upper = 0x8F;
  } else {
    consumed = 1;
    return 0;
  }
  for (std::size_t k = 1; k <= need; ++k) {
    if (i + k >= s.size()) {
      consumed = k;
      return 0;
    }
    const auto c = static_cast<unsigned char>(s[i + k]);
    const unsigned char lo = k == 1 ? lower : 0x80;
    const unsigned char hi = k == 1 ? upper : 0xBF;
    if (c < lo || c > hi) {
      consumed = k;
      return 0;
    }
  }
  return need + 1;
}

// Bytes from `i` that are printable-or-control ASCII except NUL; checks eight
// at a time because feeds are mostly ASCII markup.
std::size_t ascii_run(std::string_view s, std::size_t i) {
  std::size_t j = i;
  while (j + 8 <= s.size()) {
    std::uint64_t w;
    std::memcpy(&w, s.data() + j, 8);
    // High bit set, or any zero byte.
    const bool has_high = (w & 0x8080808080808080ULL) != 0;
    const bool has_zero = ((w - 0x0101010101010101ULL) & ~w & 0x8080808080808080ULL) != 0;
    if (has_high || has_zero) break;
    j += 8;
  }
  while (j < s.size() && static_cast<unsigned char>(s[j]) < 0x80 && s[j] != '\0') ++j;
  return j - i;
}

}  // namespace

void append_utf8(std::string& out, char32_t cp) {
  if (cp == 0 || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
    out.append(kReplacement);
  } else if (cp < 0x80) {
    out.push_back(static_cast<char>(cp));
  } else if (cp < 0x800) {
    out.push_back(static_cast<char>(0xC0 | (cp >> 6)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else if (cp < 0x10000) {
    out.push_back(static_cast<char>(0xE0 | (cp >> 12)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else {
    out.push_back(static_cast<char>(0xF0 | (cp >> 18)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  }
}

bool is_valid_utf8(std::string_view s) {
  std::size_t i = 0;
  while (i < s.size()) {
    i += ascii_run(s, i);
    if (i >= s.size()) break;
    if (s[i] == '\0') return false;
    std::size_t consumed = 0;
    const std::size_t n = sequence_length(s, i, consumed);
    if (n == 0) return false;
    i += n;
  }
  return true;
}

std::string repair_utf8(std::string_view s, int* replaced) {
  std::string out;
  out.reserve(s.size());
  int count = 0;
  std::size_t i = 0;
  std::size_t run_start = 0;  // start of the pending well-formed run
  while (i < s.size()) {
    i += ascii_run(s, i);
    if (i >= s.size()) break;
    if (s[i] == '\0') {
      out.append(s.substr(run_start, i - run_start));
      ++i;
      run_start = i;
      continue;
    }
    std::size_t consumed = 0;
    const std::size_t n = sequence_length(s, i, consumed);
    if (n > 0) {
      i += n;
      continue;
    }
    out.append(s.substr(run_start, i - run_start));
    out.append(kReplacement);
    ++count;
    i += consumed;
    run_start = i;
  }
  out.append(s.substr(run_start));
  if (replaced != nullptr) *replaced = count;
  return out;
}

}  // namespace kf::text
