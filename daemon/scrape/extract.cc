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

std::string_view trim_spaces(std::string_view s) {
  while (!s.empty() && s.front() == ' ') s.remove_prefix(1);
  while (!s.empty() && s.back() == ' ') s.remove_suffix(1);
  return s;
}

}  // namespace

std::string raw_value(const Rule& rule, pugi::xpath_node match, pugi::xml_node& node) {
  if (match.attribute()) {
    node = match.parent();
    return text::collapse_whitespace(match.attribute().value());
  }
  node = match.node();
  if (!rule.attr.empty()) return text::collapse_whitespace(node.attribute(rule.attr.c_str()).value());
  if (rule.html) return html::inner_html(node);
  if (node.type() == pugi::node_pcdata || node.type() == pugi::node_cdata)
    return text::collapse_whitespace(node.value());
  return html::text_content(node);
}

Extracted finish(const Rule& rule, std::string raw, pugi::xml_node node) {
  Extracted out;
  out.node = node;
  if (rule.regex && !raw.empty()) {
    const std::string_view input = utf8_prefix(raw, kRegexInputLimit);
    const std::optional<std::string_view> group = rule.regex->first_capture(input);
    if (!group) {
      out.outcome = Outcome::regex_failed;
      return out;
    }
    // Without html, `raw` is already collapsed (collapse_whitespace or
    // text_content: single spaces, no other whitespace, no NBSP, no space
    // at either end), so collapsing a piece of it only trims its ends.
    raw = rule.html ? std::string(*group) : std::string(trim_spaces(*group));
  }
  if (raw.empty()) {
    out.outcome = Outcome::empty;
    return out;
  }
  out.value = std::move(raw);
  out.outcome = Outcome::matched;
  return out;
}

Extracted value_of(const Rule& rule, pugi::xpath_node match) {
  if (!match) return {};
  pugi::xml_node node;
  std::string raw = raw_value(rule, match, node);
  return finish(rule, std::move(raw), node);
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
