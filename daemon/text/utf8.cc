#include "text/utf8.h"

#include <cstdint>
#include <cstring>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

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

// The index of the first byte at or after `i` that is NUL or not ASCII, or
// `n`. Feeds are ASCII markup with a non-ASCII letter every few dozen bytes,
// so whole runs are skipped sixteen bytes per step.
std::size_t skip_ascii(const char* p, std::size_t i, std::size_t n) {
#if defined(__SSE2__)
  const __m128i zero = _mm_setzero_si128();
  while (i + 16 <= n) {
    const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p + i));
    const unsigned mask = static_cast<unsigned>(_mm_movemask_epi8(v)) |
                          static_cast<unsigned>(_mm_movemask_epi8(_mm_cmpeq_epi8(v, zero)));
    if (mask != 0) return i + static_cast<std::size_t>(__builtin_ctz(mask));
    i += 16;
  }
#else
  while (i + 8 <= n) {
    std::uint64_t w;
    std::memcpy(&w, p + i, 8);
    const bool has_high = (w & 0x8080808080808080ULL) != 0;
    const bool has_zero = ((w - 0x0101010101010101ULL) & ~w & 0x8080808080808080ULL) != 0;
    if (has_high || has_zero) break;
    i += 8;
  }
#endif
  while (i < n && static_cast<unsigned char>(p[i]) - 1U < 0x7FU) ++i;
  return i;
}

// The end of the well-formed, NUL-free run starting at `i`: the index of the
// first byte that starts an invalid sequence or is NUL, or s.size(). The
// two-byte sequences of Latin letters are checked inline.
std::size_t valid_run_end(std::string_view s, std::size_t i) {
  const char* p = s.data();
  const std::size_t n = s.size();
  while (true) {
    i = skip_ascii(p, i, n);
    if (i >= n) return n;
    const auto c = static_cast<unsigned char>(p[i]);
    if (c >= 0xC2 && c <= 0xDF && i + 1 < n && (static_cast<unsigned char>(p[i + 1]) & 0xC0) == 0x80) {
      i += 2;
      continue;
    }
    if (c == 0) return i;
    std::size_t consumed = 0;
    const std::size_t length = sequence_length(s, i, consumed);
    if (length == 0) return i;
    i += length;
  }
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

bool is_valid_utf8(std::string_view s) { return valid_run_end(s, 0) == s.size(); }

std::string repair_utf8(std::string_view s, int* replaced) {
  std::size_t i = valid_run_end(s, 0);
  if (replaced != nullptr) *replaced = 0;
  // Most documents are well-formed: one copy, no appends.
  if (i == s.size()) return std::string(s);
  std::string out;
  out.reserve(s.size() + 16);
  out.append(s.substr(0, i));
  int count = 0;
  while (i < s.size()) {
    if (s[i] == '\0') {
      ++i;
    } else {
      std::size_t consumed = 0;
      sequence_length(s, i, consumed);
      out.append(kReplacement);
      ++count;
      i += consumed;
    }
    const std::size_t end = valid_run_end(s, i);
    out.append(s.substr(i, end - i));
    i = end;
  }
  if (replaced != nullptr) *replaced = count;
  return out;
}

}  // namespace kf::text
