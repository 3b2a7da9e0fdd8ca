#include "scrape/extract.h"

#include <optional>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include "html/serialize.h"
#include "text/whitespace.h"

namespace kf::scrape::detail {
namespace {

// Cuts `s` to at most `limit` bytes without splitting a UTF-8 sequence.
std::string_view utf8_prefix(std::string_view s, std::size_t limit) {
  if (s.size() <= limit) return s;
  std::size_t n = limit;
  while (n > 0 && (static_cast<unsigned char>(s[n]) & 0xC0) == 0x80) --n;
  return s.substr(0, n);
}

std::string_view trim_spaces(std::string_view s) {
  while (!s.empty() && s.front() == ' ') s.remove_prefix(1);
  while (!s.empty() && s.back() == ' ') s.remove_suffix(1);
  return s;
}

// Where the value lies inside `raw`, or nullopt when the regex fails.
std::optional<std::string_view> value_span(const Rule& rule, std::string_view raw) {
  if (!rule.regex || raw.empty()) return raw;
  const std::string_view input = utf8_prefix(raw, kRegexInputLimit);
  const std::optional<std::string_view> group = rule.regex->first_capture(input);
  if (!group) return std::nullopt;
  // Without html, `raw` is already collapsed (collapse_whitespace or
  // text_content: single spaces, no other whitespace, no NBSP, no space
  // at either end), so collapsing a piece of it only trims its ends.
  return rule.html ? *group : trim_spaces(*group);
}

// True when `s` has no C0 control, no 0xC2 (NBSP's lead byte) and no two
// spaces in a row: then single spaces are its only whitespace.
bool plain_spaced(std::string_view s) {
  std::size_t i = 0;
#if defined(__SSE2__)
  const __m128i c1f = _mm_set1_epi8(0x1F), c2 = _mm_set1_epi8(static_cast<char>(0xC2)),
                space = _mm_set1_epi8(' ');
  int carry = 0;  // a space ended the previous chunk
  for (; i + 16 <= s.size(); i += 16) {
    const __m128i x = _mm_loadu_si128(reinterpret_cast<const __m128i*>(s.data() + i));
    const int sp = _mm_movemask_epi8(_mm_cmpeq_epi8(x, space));
    const int bad = _mm_movemask_epi8(
        _mm_or_si128(_mm_cmpeq_epi8(_mm_max_epu8(x, c1f), c1f), _mm_cmpeq_epi8(x, c2)));
    if (bad | (sp & ((sp << 1) | carry))) return false;
    carry = (sp >> 15) & 1;
  }
#endif
  for (; i < s.size(); ++i) {
    const auto c = static_cast<unsigned char>(s[i]);
    if (c < 0x20 || c == 0xC2 || (c == ' ' && i > 0 && s[i - 1] == ' ')) return false;
  }
  return true;
}

}  // namespace

void collapse_into(std::string& out, std::string_view s) {
  if (!plain_spaced(s)) {
    out = text::collapse_whitespace(s);
    return;
  }
  // Only single spaces: collapsing just trims the ends.
  while (!s.empty() && s.front() == ' ') s.remove_prefix(1);
  while (!s.empty() && s.back() == ' ') s.remove_suffix(1);
  out.assign(s);
}

std::string collapsed(std::string_view s) {
  std::string out;
  collapse_into(out, s);
  return out;
}

void raw_value(const Rule& rule, pugi::xpath_node match, std::string& raw, pugi::xml_node& node) {
  if (match.attribute()) {
    node = match.parent();
    collapse_into(raw, match.attribute().value());
    return;
  }
  node = match.node();
  if (!rule.attr.empty()) {
    collapse_into(raw, node.attribute(rule.attr.c_str()).value());
  } else if (rule.html) {
    raw = html::inner_html(node);
  } else if (node.type() == pugi::node_pcdata || node.type() == pugi::node_cdata) {
    collapse_into(raw, node.value());
  } else {
    html::text_content(node, raw);
  }
}

Extracted finish(const Rule& rule, std::string_view raw, pugi::xml_node node) {
  Extracted out;
  out.node = node;
  const std::optional<std::string_view> value = value_span(rule, raw);
  if (!value) {
    out.outcome = Outcome::regex_failed;
  } else if (value->empty()) {
    out.outcome = Outcome::empty;
  } else {
    out.value = std::string(*value);
    out.outcome = Outcome::matched;
  }
  return out;
}

Extracted value_of(const Rule& rule, pugi::xpath_node match) {
  if (!match) return {};
  pugi::xml_node node;
  std::string raw;
  raw_value(rule, match, raw, node);
  // Without a regex the value is all of `raw`: hand it over, no copy.
  if (!rule.regex && !raw.empty()) return Extracted{std::move(raw), Outcome::matched, node};
  return finish(rule, raw, node);
}

Extracted apply(const Rule& rule, pugi::xml_node context, const ElementIndex* index) {
  return value_of(rule, rule.selector.first(context, index));
}

std::string_view describe(Outcome o) {
  switch (o) {
    case Outcome::matched: return "matched";
    case Outcome::no_node: return "no node matched";
    case Outcome::empty: return "matched an empty value";
    case Outcome::regex_failed: return "regex did not match";
  }
  return "";
}

}  // namespace kf::scrape::detail
