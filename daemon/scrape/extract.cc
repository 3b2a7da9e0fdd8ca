#include "scrape/extract.h"

#include <optional>

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

}  // namespace


Extracted value_of(const Rule& rule, pugi::xpath_node match) {
  Extracted out;
  if (!match) return out;
  std::string raw;
  if (match.attribute()) {
    out.node = match.parent();
    raw = text::collapse_whitespace(match.attribute().value());
  } else {
    out.node = match.node();
    if (!rule.attr.empty()) {
      raw = text::collapse_whitespace(out.node.attribute(rule.attr.c_str()).value());
    } else if (rule.html) {
      raw = html::inner_html(out.node);
    } else if (out.node.type() == pugi::node_pcdata || out.node.type() == pugi::node_cdata) {
      raw = text::collapse_whitespace(out.node.value());
    } else {
      raw = html::text_content(out.node);
    }
  }
  if (rule.regex && !raw.empty()) {
    const std::string_view input = utf8_prefix(raw, kRegexInputLimit);
    const std::optional<std::string_view> group = rule.regex->first_capture(input);
    if (!group) {
      out.outcome = Outcome::regex_failed;
      return out;
    }
    raw = rule.html ? std::string(*group) : text::collapse_whitespace(*group);
  }
  if (raw.empty()) {
    out.outcome = Outcome::empty;
    return out;
  }
  out.value = std::move(raw);
  out.outcome = Outcome::matched;
  return out;
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
