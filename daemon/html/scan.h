// Byte scanning for the streaming HTML code (tokenizer, sanitizer, the
// plain-text collapsers): finds the next byte of interest 16 bytes at a
// time with SSE2 (baseline on x86-64; a plain loop elsewhere), because the
// tokenizer and the escaper each look at every byte of every article and
// most bytes are plain text.
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

#if defined(__SSE2__)
// Index of the first byte at or after `from` whose bit is set in the mask
// `hits(chunk)` computes for 16 loaded bytes; s.size() if none. Inputs of
// 16 bytes or more end with one overlapping load of their last 16 bytes
// (bits before `from` masked off), so no byte-wise tail loop is needed;
// shorter inputs return npos for the caller's scalar loop.
template <class Hits>
inline std::size_t scan16(std::string_view s, std::size_t from, Hits hits) {
  std::size_t i = from;
  if (s.size() < 16) return std::string_view::npos;
  for (; i + 16 <= s.size(); i += 16) {
    int mask = hits(_mm_loadu_si128(reinterpret_cast<const __m128i*>(s.data() + i)));
    if (mask) return i + static_cast<std::size_t>(__builtin_ctz(mask));
  }
  if (i == s.size()) return i;
  const std::size_t last = s.size() - 16;
  int mask = hits(_mm_loadu_si128(reinterpret_cast<const __m128i*>(s.data() + last)));
  mask &= ~((1 << (i - last)) - 1);
  return mask ? last + static_cast<std::size_t>(__builtin_ctz(mask)) : s.size();
}
#endif

// Index of the first byte at or after `from` equal to a, b, c or d; s.size() if none.
inline std::size_t find_any(std::string_view s, std::size_t from, char a, char b, char c, char d) {
  std::size_t i = from;
#if defined(__SSE2__)
  const __m128i va = _mm_set1_epi8(a), vb = _mm_set1_epi8(b), vc = _mm_set1_epi8(c),
                vd = _mm_set1_epi8(d);
  i = scan16(s, from, [&](__m128i x) {
    return _mm_movemask_epi8(_mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(x, va), _mm_cmpeq_epi8(x, vb)),
                                          _mm_or_si128(_mm_cmpeq_epi8(x, vc), _mm_cmpeq_epi8(x, vd))));
  });
  if (i != std::string_view::npos) return i;
  i = from;
#endif
  for (; i < s.size(); ++i)
    if (s[i] == a || s[i] == b || s[i] == c || s[i] == d) return i;
  return s.size();
}

// The text scan of the tokenizer: index of the first '<', '&', NUL or CR at
// or after `from` (s.size() if none). Sets `escapable` when a byte before
// that index is one text::append_escaped_text changes besides those ('>'
// and C0 controls other than tab and LF), and leaves it alone otherwise, so
// a text run known to hold none can be copied without escaping.
inline std::size_t find_text_stop(std::string_view s, std::size_t from, bool& escapable) {
  std::size_t i = from;
#if defined(__SSE2__)
  if (s.size() >= 16) {
    const __m128i lt = _mm_set1_epi8('<'), amp = _mm_set1_epi8('&'), nul = _mm_setzero_si128(),
                  cr = _mm_set1_epi8('\r'), gt = _mm_set1_epi8('>'), c1f = _mm_set1_epi8(0x1F),
                  tab = _mm_set1_epi8('\t'), lf = _mm_set1_epi8('\n');
    int stop = 0, esc = 0, seen = 0;
    auto classify = [&](std::size_t at) {
      __m128i x = _mm_loadu_si128(reinterpret_cast<const __m128i*>(s.data() + at));
      stop = _mm_movemask_epi8(_mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(x, lt), _mm_cmpeq_epi8(x, amp)),
                                            _mm_or_si128(_mm_cmpeq_epi8(x, nul), _mm_cmpeq_epi8(x, cr))));
      __m128i control = _mm_cmpeq_epi8(_mm_max_epu8(x, c1f), c1f);  // x <= 0x1F
      __m128i space = _mm_or_si128(_mm_cmpeq_epi8(x, tab), _mm_cmpeq_epi8(x, lf));
      esc = _mm_movemask_epi8(_mm_or_si128(_mm_andnot_si128(space, control), _mm_cmpeq_epi8(x, gt)));
    };
    // Only escapable bytes before the stop count; then the result.
    auto found = [&](std::size_t at) {
      seen |= esc & ((stop & -stop) - 1);
      escapable = escapable || seen != 0;
      return at + static_cast<std::size_t>(__builtin_ctz(stop));
    };
    // Most chunks are plain text: one cheap test ('<' and '>' differ only in
    // bit 1) lets them pass; only a chunk with a candidate byte is classified.
    const __m128i two = _mm_set1_epi8(2);
    for (; i + 16 <= s.size(); i += 16) {
      __m128i x = _mm_loadu_si128(reinterpret_cast<const __m128i*>(s.data() + i));
      __m128i candidate = _mm_or_si128(
          _mm_or_si128(_mm_cmpeq_epi8(_mm_or_si128(x, two), gt), _mm_cmpeq_epi8(x, amp)),
          _mm_cmpeq_epi8(_mm_max_epu8(x, c1f), c1f));
      if (!_mm_movemask_epi8(candidate)) continue;
      classify(i);
      if (stop) return found(i);
      seen |= esc;
    }
    if (i < s.size()) {  // one overlapping load; bytes before i were scanned
      const std::size_t last = s.size() - 16;
      const int scanned = (1 << (i - last)) - 1;
      classify(last);
      stop &= ~scanned;
      esc &= ~scanned;
      if (stop) return found(last);
      seen |= esc;
    }
    escapable = escapable || seen != 0;
    return s.size();
  }
#endif
  for (; i < s.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    if (c == '<' || c == '&' || c == 0 || c == '\r') return i;
    if (c == '>' || (c < 0x20 && c != '\t' && c != '\n')) escapable = true;
  }
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
  i = scan16(s, from, [&](__m128i x) {
    __m128i control = _mm_cmpeq_epi8(_mm_max_epu8(x, c1f), c1f);  // x <= 0x1F
    __m128i space = _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(x, tab), _mm_cmpeq_epi8(x, lf)),
                                 _mm_cmpeq_epi8(x, cr));
    return _mm_movemask_epi8(
        _mm_or_si128(_mm_andnot_si128(space, control),
                     _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(x, amp), _mm_cmpeq_epi8(x, lt)),
                                  _mm_or_si128(_mm_cmpeq_epi8(x, gt), _mm_cmpeq_epi8(x, q)))));
  });
  if (i != std::string_view::npos) return i;
  i = from;
#endif
  for (; i < s.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    if (c == '&' || c == '<' || c == '>' || c == static_cast<unsigned char>(quote) ||
        (c < 0x20 && c != '\t' && c != '\n' && c != '\r'))
      return i;
  }
  return s.size();
}

inline bool is_ascii_space(unsigned char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\f' || c == '\r'; }

// Appends `text` to `out` collapsing whitespace; `space` is true while a
// separator is owed before the next word. Runs of ASCII whitespace and NBSP
// become that separator, other C0 controls are dropped (as text/escape.h
// drops them: XML cannot carry them), every other byte is copied. Every
// scraped field goes through here, so plain prose (words and single spaces)
// is copied 16 bytes at a time; the rest goes byte by byte. Writing through a
// pointer into room reserved once: the result never exceeds the input plus
// the one owed separator. Shared by text_content (html/serialize.h) and
// fragment_text (html/text.h), which promise the same collapsing.
inline void append_collapsed(std::string& out, std::string_view text, bool& space) {
  if (text.empty()) return;
  const std::size_t old = out.size();
  const auto* in = reinterpret_cast<const unsigned char*>(text.data());
  const std::size_t n = text.size();
  out.resize_and_overwrite(old + n + 1, [&](char* buf, std::size_t) {
    char* w = buf + old;
    bool owed = space;
    std::size_t i = 0;
    auto word_byte = [&](unsigned char c) {
      if (owed && w != buf) *w++ = ' ';
      owed = false;
      *w++ = static_cast<char>(c);
    };
    // One byte (two for NBSP) of the general case.
    auto step = [&] {
      const unsigned char c = in[i];
      if (is_ascii_space(c)) {
        owed = true;
        ++i;
      } else if (c == 0xC2 && i + 1 < n && in[i + 1] == 0xA0) {
        owed = true;
        i += 2;
      } else {
        if (c >= 0x20) word_byte(c);
        ++i;
      }
    };
#if defined(__SSE2__)
    const __m128i c20 = _mm_set1_epi8(0x20), c2 = _mm_set1_epi8(static_cast<char>(0xC2));
    while (i + 16 <= n) {
      const __m128i x = _mm_loadu_si128(reinterpret_cast<const __m128i*>(in + i));
      const int sp = _mm_movemask_epi8(_mm_cmpeq_epi8(x, c20));
      const int low = _mm_movemask_epi8(_mm_cmpeq_epi8(_mm_max_epu8(x, c20), c20));  // <= 0x20
      // Bytes the plain copy cannot take: controls and other whitespace,
      // a possible NBSP, a space next to a space or at the chunk's start.
      const int stop = (low & ~sp) | _mm_movemask_epi8(_mm_cmpeq_epi8(x, c2)) | (sp & (sp >> 1)) | (sp & 1);
      std::size_t k = stop ? static_cast<std::size_t>(__builtin_ctz(stop)) : 16;
      if (k > 0) {
        // A space just before the stop is owed, not copied: whitespace may follow.
        const bool trailing = (sp >> (k - 1)) & 1;
        if (owed && w != buf) *w++ = ' ';
        // The store may run past the copied bytes, inside the reserved room.
        _mm_storeu_si128(reinterpret_cast<__m128i*>(w), x);
        w += k - trailing;
        owed = trailing;
        i += k;
      }
      if (k < 16) step();
    }
#endif
    while (i < n) step();
    space = owed;
    return static_cast<std::size_t>(w - buf);
  });
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
