#include "text/utf8.h"

#include <algorithm>
#include <cstdint>
#include <cstring>

#if defined(__x86_64__)
#include <immintrin.h>
#define KF_UTF8_X86 1
#else
#define KF_UTF8_X86 0
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

// Feeds are ASCII markup with German text: a two-byte letter every few
// dozen bytes, three-byte quotes and dashes now and then. Whole blocks of
// those are accepted with a few vector compares; anything else (NUL, a
// four-byte sequence, E0/ED leads with their narrower second byte, invalid
// bytes) is left to the byte-by-byte reader.
//
// The block rule, on bit masks with bit k for byte k: every high byte is a
// continuation or an accepted lead, and the continuations are exactly the
// ones the leads ask for. Two sequences cannot overlap then, since a lead
// inside another's tail is no continuation. Returns how many bytes of the
// block are accepted: all, or up to a sequence cut by the block's end (read
// again with the next block), or 0. `special` marks the high bytes and NUL.
std::size_t accepted_bytes(std::uint64_t special, std::uint64_t cont, std::uint64_t lead2,
                           std::uint64_t lead3, unsigned width) {
  const std::uint64_t all = (std::uint64_t{1} << width) - 1;
  if ((special & ~(cont | lead2 | lead3)) != 0) return 0;
  if ((((lead2 | lead3) << 1 | lead3 << 2) & all) != cont) return 0;
  if (((lead3 >> (width - 2)) & 1) != 0) return width - 2;
  if ((((lead2 | lead3) >> (width - 1)) & 1) != 0) return width - 1;
  return width;
}

#if KF_UTF8_X86
// Skips (and with kCopy copies to d) accepted 16-byte blocks from the
// sequence boundary `i`; returns where a block was not accepted or fewer
// than 16 bytes remain. Signed compares see 0x80..0xFF as -128..-1.
template <bool kCopy>
std::size_t blocks_sse2(const char* p, char* d, std::size_t i, std::size_t n) {
  const __m128i one = _mm_set1_epi8(1);
  const auto in_range = [](__m128i v, char lo, char hi) {
    return _mm_and_si128(_mm_cmpgt_epi8(v, _mm_set1_epi8(static_cast<char>(lo - 1))),
                         _mm_cmpgt_epi8(_mm_set1_epi8(static_cast<char>(hi + 1)), v));
  };
  while (i + 16 <= n) {
    const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p + i));
    // High bytes and NUL: what plain ASCII text does not have.
    const auto special = static_cast<unsigned>(_mm_movemask_epi8(_mm_cmpgt_epi8(one, v)));
    std::size_t step = 16;
    if (special != 0) {
      const __m128i lead3 = _mm_andnot_si128(
          _mm_or_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8(static_cast<char>(0xE0))),
                       _mm_cmpeq_epi8(v, _mm_set1_epi8(static_cast<char>(0xED)))),
          in_range(v, -32, -17));
      step = accepted_bytes(special, static_cast<unsigned>(_mm_movemask_epi8(_mm_cmpgt_epi8(_mm_set1_epi8(-64), v))),
                            static_cast<unsigned>(_mm_movemask_epi8(in_range(v, -62, -33))),
                            static_cast<unsigned>(_mm_movemask_epi8(lead3)), 16);
      if (step == 0) return i;
    }
    if constexpr (kCopy) _mm_storeu_si128(reinterpret_cast<__m128i*>(d + i), v);
    i += step;
  }
  return i;
}

__attribute__((target("avx2"))) __m256i in_range_avx2(__m256i v, char lo, char hi) {
  return _mm256_and_si256(_mm256_cmpgt_epi8(v, _mm256_set1_epi8(static_cast<char>(lo - 1))),
                          _mm256_cmpgt_epi8(_mm256_set1_epi8(static_cast<char>(hi + 1)), v));
}

__attribute__((target("avx2"))) std::uint64_t mask_avx2(__m256i v) {
  return static_cast<std::uint32_t>(_mm256_movemask_epi8(v));
}

// The same with 32-byte blocks, for CPUs with AVX2.
template <bool kCopy>
__attribute__((target("avx2"))) std::size_t blocks_avx2(const char* p, char* d, std::size_t i,
                                                        std::size_t n) {
  const __m256i one = _mm256_set1_epi8(1);
  while (i + 32 <= n) {
    const __m256i v = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(p + i));
    const std::uint64_t special = mask_avx2(_mm256_cmpgt_epi8(one, v));
    std::size_t step = 32;
    if (special != 0) {
      const __m256i lead3 = _mm256_andnot_si256(
          _mm256_or_si256(_mm256_cmpeq_epi8(v, _mm256_set1_epi8(static_cast<char>(0xE0))),
                          _mm256_cmpeq_epi8(v, _mm256_set1_epi8(static_cast<char>(0xED)))),
          in_range_avx2(v, -32, -17));
      step = accepted_bytes(special, mask_avx2(_mm256_cmpgt_epi8(_mm256_set1_epi8(-64), v)),
                            mask_avx2(in_range_avx2(v, -62, -33)), mask_avx2(lead3), 32);
      if (step == 0) return i;
    }
    if constexpr (kCopy) _mm256_storeu_si256(reinterpret_cast<__m256i*>(d + i), v);
    i += step;
  }
  return i;
}

bool has_avx2() {
  static const bool has = __builtin_cpu_supports("avx2");
  return has;
}
#endif

// The length of the well-formed, NUL-free prefix of `s`, starting at `i`
// (a sequence boundary); with kCopy that prefix is also copied to d[i..].
template <bool kCopy>
std::size_t valid_prefix(std::string_view s, char* d, std::size_t i) {
  const char* p = s.data();
  const std::size_t n = s.size();
#if KF_UTF8_X86
  const bool avx2 = has_avx2();
#endif
  while (true) {
#if KF_UTF8_X86
    i = avx2 ? blocks_avx2<kCopy>(p, d, i, n) : blocks_sse2<kCopy>(p, d, i, n);
    // The rest of a block that was not accepted is read byte by byte, so one
    // emoji does not make every later block fail.
    const std::size_t scalar_end = std::min(n, i + 32);
#else
    const std::size_t scalar_end = n;
#endif
    while (i < scalar_end) {
      const auto c = static_cast<unsigned char>(p[i]);
      if (c - 1U < 0x7FU) {
        if constexpr (kCopy) d[i] = p[i];
        ++i;
        continue;
      }
      if (c == 0) return i;
      std::size_t consumed = 0;
      const std::size_t length = sequence_length(s, i, consumed);
      if (length == 0) return i;
      if constexpr (kCopy) std::memcpy(d + i, p + i, length);
      i += length;
    }
    if (i >= n) return n;
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

bool is_valid_utf8(std::string_view s) { return valid_prefix<false>(s, nullptr, 0) == s.size(); }

std::string repair_utf8(std::string_view s, int* replaced) {
  if (replaced != nullptr) *replaced = 0;
  // Most documents are well-formed: validated while copied, one pass.
  std::string out;
  std::size_t i = 0;
  out.resize_and_overwrite(s.size(), [&](char* d, std::size_t) {
    i = valid_prefix<true>(s, d, 0);
    return i;
  });
  if (i == s.size()) return out;
  out.reserve(s.size() + 16);
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
    const std::size_t end = valid_prefix<false>(s, nullptr, i);
    out.append(s.substr(i, end - i));
    i = end;
  }
  if (replaced != nullptr) *replaced = count;
  return out;
}

}  // namespace kf::text
