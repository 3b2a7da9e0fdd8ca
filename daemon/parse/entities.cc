#include "parse/entities.h"

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <string_view>

#if defined(__x86_64__)
#include <immintrin.h>
#endif

#include "parse/dtd.h"
#include "text/html_entities.h"
#include "text/utf8.h"

namespace kf::parse {
namespace {

// windows-1252 for numeric references 128..159 (HTML's rule).
constexpr char16_t kC1[32] = {0x20AC, 0x0081, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
                              0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0x008D, 0x017D, 0x008F,
                              0x0090, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
                              0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x009D, 0x017E, 0x0178};

bool is_name_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

// Appends `text` to `rep` with the characters that are markup escaped:
// expanded text must stay text or it would change the tree.
void append_as_text(std::string& rep, std::string_view text) {
  for (const char c : text) {
    switch (c) {
      case '<': rep += "&lt;"; break;
      case '>': rep += "&gt;"; break;
      case '&': rep += "&amp;"; break;
      case '"': rep += "&quot;"; break;
      case '\'': rep += "&apos;"; break;
      default: rep.push_back(c);
    }
  }
}

enum class Kind { keep, repair, declared };

// What to do with the reference starting at text[i] ('&'): keep it, or
// replace it by `rep` (a repair of an HTML or invalid reference, or the
// value of an entity declared in the internal subset); `length` receives the
// reference's length including ';'.
Kind replacement_for(std::string_view text, std::size_t i, const DeclaredEntities* declared,
                     std::string& rep, std::size_t& length) {
  // Names are short; a bounded look-ahead keeps many bare '&' linear.
  const std::size_t semi_rel = text.substr(i + 1, 40).find(';');
  if (semi_rel == std::string_view::npos) return Kind::keep;
  const std::size_t semi = i + 1 + semi_rel;
  const std::string_view body = text.substr(i + 1, semi - i - 1);
  length = semi - i + 1;
  if (body.size() >= 2 && body[0] == '#') {
    const bool hex = body[1] == 'x' || body[1] == 'X';
    const std::string_view digits = body.substr(hex ? 2 : 1);
    if (digits.empty() || digits.size() > 8) return Kind::keep;
    std::uint32_t cp = 0;
    for (const char c : digits) {
      std::uint32_t d;
      if (c >= '0' && c <= '9') {
        d = static_cast<std::uint32_t>(c - '0');
      } else if (hex && c >= 'a' && c <= 'f') {
        d = static_cast<std::uint32_t>(c - 'a' + 10);
      } else if (hex && c >= 'A' && c <= 'F') {
        d = static_cast<std::uint32_t>(c - 'A' + 10);
      } else {
        return Kind::keep;
      }
      cp = cp * (hex ? 16 : 10) + d;
    }
    if (cp >= 128 && cp < 160) {
      rep.clear();
      text::append_utf8(rep, kC1[cp - 128]);
      return Kind::repair;
    }
    if (cp != 0 && cp <= 0x10FFFF && !(cp >= 0xD800 && cp <= 0xDFFF)) return Kind::keep;
    rep = "\xEF\xBF\xBD";
    return Kind::repair;
  }
  if (body.empty() || body == "amp" || body == "lt" || body == "gt" || body == "quot" ||
      body == "apos") {
    return Kind::keep;
  }
  // A declared entity is the document's own definition, even of an HTML name.
  if (declared != nullptr) {
    if (const std::string* value = declared->find(body)) {
      rep.clear();
      append_as_text(rep, *value);
      return Kind::declared;
    }
  }
  if (!std::all_of(body.begin(), body.end(), is_name_char)) return Kind::keep;
  const auto expansion = text::html_entity(body);
  if (!expansion) return Kind::keep;
  rep.clear();
  append_as_text(rep, *expansion);
  return Kind::repair;
}

// End of the markup construct starting at text[i] == '<' that must be
// skipped whole (CDATA, comment, PI, DOCTYPE), or i + 1 for ordinary tags.
std::size_t skip_markup(std::string_view text, std::size_t i) {
  auto past = [&](std::string_view terminator, std::size_t from) {
    const std::size_t end = text.find(terminator, from);
    return end == std::string_view::npos ? text.size() : end + terminator.size();
  };
  const std::string_view rest = text.substr(i);
  if (rest.starts_with("<![CDATA[")) return past("]]>", i + 9);
  if (rest.starts_with("<!--")) return past("-->", i + 4);
  if (rest.starts_with("<?")) return past("?>", i + 2);
  if (rest.starts_with("<!")) {
    // DOCTYPE, possibly with an internal subset in brackets.
    int depth = 0;
    for (std::size_t j = i + 2; j < text.size(); ++j) {
      if (text[j] == '[') ++depth;
      if (text[j] == ']') --depth;
      if (text[j] == '>' && depth <= 0) return j + 1;
    }
    return text.size();
  }
  return i + 1;
}

// The five XML entities: by far the most frequent references, and never
// replaced, so they skip the general lookup.
bool is_xml_entity(std::string_view text, std::size_t i) {
  const std::string_view rest = text.substr(i + 1, 5);
  return rest.starts_with("amp;") || rest.starts_with("lt;") || rest.starts_with("gt;") ||
         rest.starts_with("quot;") || rest.starts_with("apos;");
}

// The five XML references (&amp; &lt; &gt; &quot; &apos;), checked on the
// raw bytes: escaped HTML in descriptions has hundreds of them per feed,
// and the block scans pass over them without returning.
bool is_xml_ref_at(const char* p, std::size_t i, std::size_t n) {
  if (i + 6 > n) return false;
  std::uint32_t w;
  std::memcpy(&w, p + i + 1, 4);
  const auto word = [](const char (&s)[5]) {
    std::uint32_t v;
    std::memcpy(&v, s, 4);
    return v;
  };
  if (w == word("amp;")) return true;
  if (std::memcmp(p + i + 1, "lt;", 3) == 0 || std::memcmp(p + i + 1, "gt;", 3) == 0) return true;
  return (w == word("quot") || w == word("apos")) && p[i + 5] == ';';
}

// The first position in the set bits of `mask` (bit k: p[i + k]) that is
// not a plain XML reference, or npos.
std::size_t first_event(const char* p, std::size_t i, std::size_t n, std::uint32_t mask) {
  while (mask != 0) {
    const std::size_t at = i + static_cast<std::size_t>(__builtin_ctz(mask));
    if (p[at] != '&' || !is_xml_ref_at(p, at, n)) return at;
    mask &= mask - 1;
  }
  return std::string_view::npos;
}

#if defined(__x86_64__)
// next_event's block scan: 32 bytes per step on CPUs with AVX2.
__attribute__((target("avx2"))) std::size_t next_event_avx2(const char* p, std::size_t i,
                                                            std::size_t n) {
  const __m256i amp = _mm256_set1_epi8('&'), lt = _mm256_set1_epi8('<');
  const __m256i bang = _mm256_set1_epi8('!'), question = _mm256_set1_epi8('?');
  while (i + 33 <= n) {
    const __m256i v = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(p + i));
    const __m256i next = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(p + i + 1));
    const __m256i opens = _mm256_and_si256(
        _mm256_cmpeq_epi8(v, lt),
        _mm256_or_si256(_mm256_cmpeq_epi8(next, bang), _mm256_cmpeq_epi8(next, question)));
    const auto mask = static_cast<std::uint32_t>(
        _mm256_movemask_epi8(_mm256_or_si256(_mm256_cmpeq_epi8(v, amp), opens)));
    if (mask != 0) {
      if (const std::size_t at = first_event(p, i, n, mask); at != std::string_view::npos) return at;
    }
    i += 32;
  }
  return i;
}

bool has_avx2() {
  static const bool has = __builtin_cpu_supports("avx2");
  return has;
}
#endif

// The next position at or after `i` where expansion has something to do: an
// '&' that does not start one of the five XML references (the block scan
// skips those; the byte-by-byte tail may still return one), or a '<'
// opening a CDATA section, comment, PI or DOCTYPE (other tags are plain
// text to it). Feeds have long stretches of neither, so they are
// skipped a vector of bytes per step.
std::size_t next_event(std::string_view text, std::size_t i) {
  const char* p = text.data();
  const std::size_t n = text.size();
#if defined(__x86_64__)
  if (has_avx2()) {
    i = next_event_avx2(p, i, n);
  } else {
    const __m128i amp = _mm_set1_epi8('&'), lt = _mm_set1_epi8('<');
    const __m128i bang = _mm_set1_epi8('!'), question = _mm_set1_epi8('?');
    while (i + 17 <= n) {
      const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p + i));
      const __m128i next = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p + i + 1));
      const __m128i opens = _mm_and_si128(_mm_cmpeq_epi8(v, lt), _mm_or_si128(_mm_cmpeq_epi8(next, bang),
                                                                           _mm_cmpeq_epi8(next, question)));
      const auto mask = static_cast<std::uint32_t>(_mm_movemask_epi8(_mm_or_si128(_mm_cmpeq_epi8(v, amp), opens)));
      if (mask != 0) {
        if (const std::size_t at = first_event(p, i, n, mask); at != std::string_view::npos) return at;
      }
      i += 16;
    }
  }
#endif
  for (; i < n; ++i) {
    if (p[i] == '&') return i;
    if (p[i] == '<' && i + 1 < n && (p[i + 1] == '!' || p[i + 1] == '?')) return i;
  }
  return n;
}

// Rewrites `text` front to back: kept runs move left over the bytes freed by
// shorter replacements; once a replacement would overtake the unread text,
// the rest is built in a second string instead.
class Rewriter {
 public:
  explicit Rewriter(std::string& text) : text_(text) {}

  // Keeps text[copied_, at) and writes `rep` in place of text[at, at + length).
  void replace(std::size_t at, std::size_t length, std::string_view rep) {
    const std::size_t kept = at - copied_;
    if (!spilled_ && write_ + kept + rep.size() > at + length) {
      out_.reserve(text_.size() + text_.size() / 8 + rep.size());
      out_.assign(text_, 0, write_);
      spilled_ = true;
    }
    if (spilled_) {
      out_.append(text_, copied_, kept);
      out_.append(rep);
    } else {
      if (write_ != copied_) std::memmove(text_.data() + write_, text_.data() + copied_, kept);
      std::memcpy(text_.data() + write_ + kept, rep.data(), rep.size());
      write_ += kept + rep.size();
    }
    copied_ = at + length;
  }

  void finish() {
    if (spilled_) {
      out_.append(text_, copied_);
      text_ = std::move(out_);
    } else if (write_ != copied_) {
      const std::size_t rest = text_.size() - copied_;
      std::memmove(text_.data() + write_, text_.data() + copied_, rest);
      text_.resize(write_ + rest);
    }
  }

 private:
  std::string& text_;
  std::string out_;
  bool spilled_ = false;
  std::size_t write_ = 0;   // text_[0, write_) is final (in-place mode)
  std::size_t copied_ = 0;  // text_[0, copied_) has been consumed
};

}  // namespace

int expand_entities(std::string& text, const DeclaredEntities* declared, bool* capped) {
  if (declared != nullptr && declared->empty()) declared = nullptr;
  if (capped != nullptr) *capped = false;
  std::size_t budget = DeclaredEntities::kMaxExpansion;
  int count = 0;
  std::string rep;
  // A copy of the view: the rewriter only changes bytes before the current
  // position, and the scan never looks back.
  const std::string_view view(text);
  Rewriter rewriter(text);
  std::size_t i = 0;
  while ((i = next_event(view, i)) < view.size()) {
    if (view[i] == '<') {
      i = skip_markup(view, i);
      continue;
    }
    if (is_xml_entity(view, i)) {
      ++i;
      continue;
    }
    std::size_t length = 0;
    const Kind kind = replacement_for(view, i, declared, rep, length);
    if (kind == Kind::keep) {
      ++i;
      continue;
    }
    if (kind == Kind::declared) {
      if (rep.size() > budget) {
        // Past the cap the references stay as written, so a document of
        // many references to a long value cannot grow without bound.
        if (capped != nullptr) *capped = true;
        declared = nullptr;
        continue;  // the same '&' again, now without declared entities
      }
      budget -= rep.size();
    }
    if (kind == Kind::repair) ++count;
    rewriter.replace(i, length, rep);
    i += length;
  }
  rewriter.finish();
  return count;
}

}  // namespace kf::parse
