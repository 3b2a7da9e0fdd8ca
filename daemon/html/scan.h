// Byte scanning for the streaming HTML code (tokenizer, sanitizer): finds
// the next byte of interest 16 bytes at a time with SSE2 (baseline on
// x86-64; a plain loop elsewhere), because the tokenizer and the escaper
// each look at every byte of every article and most bytes are plain text.
// Internal to daemon/html. Pure functions; thread-safe.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include "text/escape.h"

namespace kf::html::detail {

// Index of the first byte at or after `from` equal to a, b, c or d; s.size() if none.
inline std::size_t find_any(std::string_view s, std::size_t from, char a, char b, char c, char d) {
  std::size_t i = from;
#if defined(__SSE2__)
  const __m128i va = _mm_set1_epi8(a), vb = _mm_set1_epi8(b), vc = _mm_set1_epi8(c),
                vd = _mm_set1_epi8(d);
  for (; i + 16 <= s.size(); i += 16) {
    __m128i x = _mm_loadu_si128(reinterpret_cast<const __m128i*>(s.data() + i));
    __m128i hit = _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(x, va), _mm_cmpeq_epi8(x, vb)),
                               _mm_or_si128(_mm_cmpeq_epi8(x, vc), _mm_cmpeq_epi8(x, vd)));
    if (int mask = _mm_movemask_epi8(hit)) return i + static_cast<std::size_t>(__builtin_ctz(mask));
  }
#endif
  for (; i < s.size(); ++i)
    if (s[i] == a || s[i] == b || s[i] == c || s[i] == d) return i;
  return s.size();
}

// Index of the first byte at or after `from` that text::append_escaped_text
// (or, with `attribute`, append_escaped_attribute) changes: & < > ('"') and
// C0 controls other than tab, LF and CR; s.size() if none.
inline std::size_t find_escapable(std::string_view s, std::size_t from, bool attribute) {
  std::size_t i = from;
  char quote = attribute ? '"' : '&';
#if defined(__SSE2__)
  const __m128i amp = _mm_set1_epi8('&'), lt = _mm_set1_epi8('<'), gt = _mm_set1_epi8('>'),
                q = _mm_set1_epi8(quote), c1f = _mm_set1_epi8(0x1F), tab = _mm_set1_epi8('\t'),
                lf = _mm_set1_epi8('\n'), cr = _mm_set1_epi8('\r');
  for (; i + 16 <= s.size(); i += 16) {
    __m128i x = _mm_loadu_si128(reinterpret_cast<const __m128i*>(s.data() + i));
    __m128i control = _mm_cmpeq_epi8(_mm_max_epu8(x, c1f), c1f);  // x <= 0x1F
    __m128i space = _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(x, tab), _mm_cmpeq_epi8(x, lf)),
                                 _mm_cmpeq_epi8(x, cr));
    __m128i hit = _mm_or_si128(_mm_andnot_si128(space, control),
                               _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(x, amp), _mm_cmpeq_epi8(x, lt)),
                                            _mm_or_si128(_mm_cmpeq_epi8(x, gt), _mm_cmpeq_epi8(x, q))));
    if (int mask = _mm_movemask_epi8(hit)) return i + static_cast<std::size_t>(__builtin_ctz(mask));
  }
#endif
  for (; i < s.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    if (c == '&' || c == '<' || c == '>' || c == static_cast<unsigned char>(quote) ||
        (c < 0x20 && c != '\t' && c != '\n' && c != '\r'))
      return i;
  }
  return s.size();
}

// Index of the first byte at or after `from` that is ASCII whitespace, a C0
// control or 0xC2 (the lead byte of NBSP); s.size() if none. Plain-text
// collapsing copies everything before it unchanged.
inline std::size_t find_text_break(std::string_view s, std::size_t from) {
  std::size_t i = from;
#if defined(__SSE2__)
  const __m128i c20 = _mm_set1_epi8(0x20), c2 = _mm_set1_epi8(static_cast<char>(0xC2));
  for (; i + 16 <= s.size(); i += 16) {
    __m128i x = _mm_loadu_si128(reinterpret_cast<const __m128i*>(s.data() + i));
    __m128i hit = _mm_or_si128(_mm_cmpeq_epi8(_mm_max_epu8(x, c20), c20), _mm_cmpeq_epi8(x, c2));
    if (int mask = _mm_movemask_epi8(hit)) return i + static_cast<std::size_t>(__builtin_ctz(mask));
  }
#endif
  for (; i < s.size(); ++i)
    if (static_cast<unsigned char>(s[i]) <= 0x20 || s[i] == '\xC2') return i;
  return s.size();
}

// Appends `s` escaped exactly as text/escape.h does, copying plain runs in
// one append each and leaving each special byte to text/escape.h, so the
// escaping rules stay defined in one place.
inline void append_escaped(std::string& out, std::string_view s, bool attribute) {
  std::size_t i = 0;
  while (i < s.size()) {
    std::size_t j = find_escapable(s, i, attribute);
    out.append(s.data() + i, j - i);
    if (j == s.size()) break;
    if (attribute) text::append_escaped_attribute(out, s.substr(j, 1));
    else text::append_escaped_text(out, s.substr(j, 1));
    i = j + 1;
  }
}

}  // namespace kf::html::detail
