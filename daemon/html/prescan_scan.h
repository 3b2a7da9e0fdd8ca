// The tokenizing half of prescan (see html/prescan.h): finds the start and
// end tags of a page where the HTML tokenizer would, and names each by a
// small id plus the tree-builder classes the nesting estimate needs. It runs
// over every page before MyHTML, so the bytes between tags, tag names,
// quoted attribute values and raw text are read 16 at a time (SSE2, the
// compile baseline); only odd markup (control bytes in names, quotes that do
// not open a value, comments) goes byte by byte. scan_tags is a template so
// that the caller's per-tag work inlines into the loop. Internal to
// daemon/html. Pure functions over immutable tables; thread-safe.
#pragma once

#include <emmintrin.h>

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>
#include <unordered_map>

namespace kf::html::detail {

// Tag classes of the HTML5 tree builder that decide when it closes elements.
enum : std::uint32_t {
  kVoid = 1u << 0,        // never pushed
  kSpecial = 1u << 1,     // "special" category: stops "any other end tag"
  kScope = 1u << 2,       // scope boundary: default scope, plus button, svg and math
  kClosesP = 1u << 3,     // start tag closes a <p> in button scope
  kFormatting = 1u << 4,  // goes to the list of active formatting elements
  kRawText = 1u << 5,     // content is text up to the matching end tag
  kForeign = 1u << 6,     // svg, math: raw text rules stop applying
  kMarker = 1u << 7,      // closing it ends the formatting elements opened inside
};

// Ids of the names the estimator's rules test for. The name table hands out
// these ids first, in this order, so the rules compare against constants.
enum NameId : std::uint32_t {
  kIdA, kIdNobr, kIdButton, kIdP, kIdAddress, kIdDiv, kIdLi, kIdDd, kIdDt, kIdTd, kIdTh, kIdTr,
  kIdTable, kIdTbody, kIdThead, kIdTfoot, kIdTemplate, kIdHtml, kIdCaption, kIdOption, kIdOptgroup,
  kIdSelect, kIdDatalist, kIdPlaintext,
  kRuleIdCount
};

inline constexpr std::uint32_t kUnknownName = ~0u;

// A lower-case name of 1 to 16 bytes as two zero-padded words plus its
// length, so a lookup is a multiply and three compares, no string compare.
struct NameKey {
  std::uint64_t lo = 0, hi = 0;
  std::uint32_t len = 0;
  bool operator==(const NameKey&) const = default;
};

// The tag names the estimator knows (and frequent ones without a class),
// built once.
class NameTable {
 public:
  static const NameTable& get();

  // The id of a key, or kUnknownName.
  std::uint32_t find(const NameKey& key) const {
    for (std::size_t slot = hash(key);; slot = (slot + 1) & (kSlots - 1)) {
      const Slot& e = slots_[slot];
      if (e.key == key) return e.id;
      if (e.key.len == 0) return kUnknownName;
    }
  }
  // The id of a lower-case name of any length, or kUnknownName.
  std::uint32_t find(std::string_view lower) const;
  // The number of names; per-scan ids start here.
  std::uint32_t size() const { return size_; }
  // The class bits of an id; 0 for per-scan ids.
  std::uint32_t tag_class(std::uint32_t id) const { return id < size_ ? classes_[id] : 0; }
  // The lower-case name of a table id; empty for per-scan ids.
  std::string_view name(std::uint32_t id) const { return id < size_ ? names_[id] : std::string_view(); }

 private:
  static constexpr std::size_t kSlots = 512;  // a power of two, ~3× the names
  static constexpr std::size_t kMaxNames = 256;
  struct Slot {
    NameKey key;  // len 0: free
    std::uint32_t id = 0;
  };

  NameTable();
  static std::size_t hash(const NameKey& k) {
    return static_cast<std::size_t>(((k.lo + k.len) * 0x9E3779B97F4A7C15ull) >> 55);  // the top 9 bits
  }
  void add(std::string_view name, std::uint32_t cls);

  Slot slots_[kSlots];
  std::uint32_t classes_[kMaxNames] = {};
  std::string_view names_[kMaxNames];
  std::uint32_t size_ = 0;
};

// Ids for the names outside the table (custom elements, typos), per scan.
class OtherNames {
 public:
  explicit OtherNames(std::uint32_t first) : first_(first) {}
  // The id of a lower-case name: the same for the same name in one scan.
  std::uint32_t id(std::string_view lower);

 private:
  struct Hash {
    using is_transparent = void;
    std::size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
  };
  std::uint32_t first_;
  std::unordered_map<std::string, std::uint32_t, Hash, std::equal_to<>> ids_;
};

struct ScannedTag {
  std::size_t begin = 0;        // offset of '<'
  std::size_t end = 0;          // offset just after '>'
  std::string_view name;        // as written, any case
  std::string_view attributes;  // raw text between the name and '>'
  std::uint32_t id = 0;         // equal for names equal ignoring ASCII case
  std::uint32_t cls = 0;        // class bits of the id
  bool end_tag = false;
};

// What the scan does after a tag: go on, treat what follows the start tag
// as raw text up to its end tag, or end.
enum class ScanStep { kNext, kSkipRawText, kStop };

namespace scan {

constexpr std::size_t kNpos = std::string_view::npos;

using V = __m128i;
inline V eq(V v, char c) { return _mm_cmpeq_epi8(v, _mm_set1_epi8(c)); }
inline unsigned bits(V v) { return static_cast<unsigned>(_mm_movemask_epi8(v)); }
inline unsigned first(unsigned m) { return static_cast<unsigned>(__builtin_ctz(m)); }
inline bool is_alpha(char c) { return static_cast<unsigned char>((c | 0x20) - 'a') < 26; }

// The 16 bytes at p when they all exist; otherwise the `avail` that do,
// then `fill` (never reading past the input, which ASan would rightly flag).
V load_tail(const char* p, std::size_t avail, char fill);
inline V load(const char* p, std::size_t avail, char fill) {
  return avail >= 16 ? _mm_loadu_si128(reinterpret_cast<const V*>(p)) : load_tail(p, avail, fill);
}

// The first offset >= i whose byte `match` flags, or s.size().
template <class Match>
[[gnu::always_inline]] inline std::size_t find_if(std::string_view s, std::size_t i, Match match) {
  const char* p = s.data();
  const std::size_t n = s.size();
  for (; i + 16 <= n; i += 16)
    if (const unsigned m = bits(match(_mm_loadu_si128(reinterpret_cast<const V*>(p + i))))) return i + first(m);
  if (i < n)
    if (const unsigned m = bits(match(load_tail(p + i, n - i, '\0'))) & ((1u << (n - i)) - 1)) return i + first(m);
  return n;
}

[[gnu::always_inline]] inline std::size_t find_byte(std::string_view s, std::size_t i, char c) {
  return find_if(s, i, [c](V v) { return eq(v, c); });
}

// 16 0xff then 16 zeros: the 16 bytes at kPrefixMasks + 16 - len keep the
// first len bytes of a vector.
alignas(16) inline constexpr unsigned char kPrefixMasks[32] = {
    0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff};

inline NameKey key_of(V name, unsigned len) {
  NameKey key;
  key.lo = static_cast<std::uint64_t>(_mm_cvtsi128_si64(name));
  key.hi = static_cast<std::uint64_t>(_mm_cvtsi128_si64(_mm_unpackhi_epi64(name, name)));
  key.len = len;
  return key;
}

// The bytes that can end a run of attributes: '>' and the quotes.
inline V attribute_stops(V v) { return _mm_or_si128(eq(v, '>'), _mm_or_si128(eq(v, '"'), eq(v, '\''))); }

// The exact attribute rules, byte by byte, from a point where an attribute
// may start to after the tag's '>'; npos when the input ends inside the tag.
std::size_t skip_attributes(std::string_view s, std::size_t i);
// Whether skip_attributes from `r` reads the quote at `q` as opening a value,
// given that [r, q) holds no '>' and no quote. False means "not sure".
bool quote_opens_value(std::string_view s, std::size_t r, std::size_t q);
// After "<!" or "<?" (i at the '!' or '?'): the offset after the comment,
// doctype or processing instruction; npos when the input ends inside it.
std::size_t skip_declaration(std::string_view s, std::size_t i);
// From i, the offset of "</name" (any case) followed by a space, '/', '>'
// or the end of input; s.size() when there is none.
std::size_t skip_raw_text(std::string_view s, std::size_t i, std::string_view name);
// A name of 16 bytes or more, or with control bytes, byte by byte: sets
// tag.name and tag.id, returns the offset after the name.
std::size_t slow_name(std::string_view s, std::size_t start, OtherNames& others, ScannedTag& tag);

}  // namespace scan

// Calls sink(const ScannedTag&) -> ScanStep for each start and end tag in
// order, stepping over text, comments, doctypes and processing
// instructions. Ends at the end of input, at kStop, or when the input ends
// inside a tag, comment or declaration (the parser drops an unfinished tag,
// so nothing after it is a tag).
template <class Sink>
void scan_tags(std::string_view s, Sink&& sink) {
  using namespace scan;
  const NameTable& table = NameTable::get();
  OtherNames others(table.size());
  const char* p = s.data();
  const std::size_t n = s.size();
  ScannedTag tag;
  std::size_t lt = find_byte(s, 0, '<');
  while (lt + 1 < n) {
    std::size_t i = lt + 1;
    bool end_tag = false;
    if (p[i] == '/') {
      if (i + 1 >= n || !is_alpha(p[i + 1])) {  // "</>" and "</ " are not end tags
        lt = find_byte(s, i, '<');
        continue;
      }
      end_tag = true;
      ++i;
    } else if (!is_alpha(p[i])) {
      if (p[i] == '!' || p[i] == '?') {
        i = skip_declaration(s, i);
        if (i == kNpos) return;
      }
      lt = find_byte(s, i, '<');
      continue;
    }
    // The name ends at a space, '/' or '>'. Bytes <= ' ' are candidates;
    // a control byte among them is part of the name, and goes the slow way.
    // Past the input reads as ' ', ending the name there.
    const std::size_t start = i;
    const V v = load(p + start, n - start, ' ');
    const V le_space = _mm_cmpeq_epi8(_mm_min_epu8(v, _mm_set1_epi8(' ')), v);
    const unsigned term = bits(_mm_or_si128(le_space, _mm_or_si128(eq(v, '/'), eq(v, '>'))));
    const unsigned len = term ? first(term) : 16;
    if (len >= n - start) return;  // the input ends inside the name
    const char stop = p[start + len];
    std::size_t r;  // where the attributes start
    std::size_t q;  // the first '>' or quote from r, or n
    if (len == 16 || (stop < ' ' && stop != '\t' && stop != '\n' && stop != '\f' && stop != '\r')) {
      r = slow_name(s, start, others, tag);
      q = find_if(s, r, attribute_stops);
    } else {
      // Look the name up as written first: nearly all are lower case. Only
      // a miss pays for lower-casing (a name with capitals never matches).
      const V in_name = _mm_loadu_si128(reinterpret_cast<const V*>(kPrefixMasks + 16 - len));
      NameKey key = key_of(_mm_and_si128(v, in_name), len);
      tag.name = std::string_view(p + start, len);
      tag.id = table.find(key);
      if (tag.id == kUnknownName) {
        const V upper = _mm_and_si128(_mm_cmpgt_epi8(v, _mm_set1_epi8('A' - 1)), _mm_cmplt_epi8(v, _mm_set1_epi8('Z' + 1)));
        const V lower = _mm_and_si128(_mm_or_si128(v, _mm_and_si128(upper, _mm_set1_epi8(0x20))), in_name);
        tag.id = table.find(key_of(lower, len));
        if (tag.id == kUnknownName) {
          alignas(16) char buf[16];
          _mm_store_si128(reinterpret_cast<V*>(buf), lower);
          tag.id = others.id(std::string_view(buf, len));
        }
      }
      r = start + len;
      const unsigned stops = bits(attribute_stops(v)) >> len;
      q = stops ? r + first(stops) : find_if(s, start + 16, attribute_stops);
    }
    // Attributes: from stop to stop ('>' or quote); a quote that opens a
    // value jumps to its closing quote. Odd quoting takes the exact path.
    const std::size_t attributes = r;
    std::size_t after;
    while (true) {
      if (q >= n) return;
      if (p[q] == '>') {
        after = q + 1;
        break;
      }
      // Nearly always `name="`: then the quote opens a value if no other
      // '=' came since r.
      const bool opens =
          q - r >= 2 && p[q - 1] == '=' && p[q - 2] > ' ' && p[q - 2] != '/' && p[q - 2] != '=' &&
                  q - 1 - r <= 16
              ? (bits(eq(load(p + r, n - r, '\0'), '=')) & ((1u << (q - 1 - r)) - 1)) == 0
              : quote_opens_value(s, r, q);
      if (!opens) {
        after = skip_attributes(s, r);
        if (after == kNpos) return;
        break;
      }
      const std::size_t close = find_byte(s, q + 1, p[q]);
      if (close >= n) return;
      r = close + 1;
      q = find_if(s, r, attribute_stops);
    }
    tag.begin = lt;
    tag.end = after;
    tag.attributes = std::string_view(p + attributes, after - 1 - attributes);
    tag.cls = table.tag_class(tag.id);
    tag.end_tag = end_tag;
    switch (sink(static_cast<const ScannedTag&>(tag))) {
      case ScanStep::kNext:
        // Short tags end inside the 16 bytes read at the name, which then
        // often hold the next '<' too.
        if (after < start + 16) {
          if (const unsigned m = bits(eq(v, '<')) >> (after - start)) {
            lt = after + first(m);
            continue;
          }
          lt = find_byte(s, start + 16, '<');
        } else {
          lt = find_byte(s, after, '<');
        }
        break;
      case ScanStep::kSkipRawText: lt = find_byte(s, skip_raw_text(s, after, table.name(tag.id)), '<'); break;
      case ScanStep::kStop: return;
    }
  }
}

}  // namespace kf::html::detail
