// Applying one Rule to a DOM node: the first match's whitespace-collapsed
// text, an attribute, or its inner HTML, then the rule's regex. Internal to
// daemon/scrape. Pure functions; thread-safe on distinct or unmodified trees.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include <pugixml.hpp>

#include "scrape/rules.h"

namespace kf::scrape::detail {

// A regex sees at most this many bytes of a value (cut at a UTF-8
// boundary): rule values are headlines, dates and teasers, and the cap keeps
// a backtracking-heavy pattern's cost per value small (text/regex.h bounds
// it too).
inline constexpr std::size_t kRegexInputLimit = 4096;

enum class Outcome {
  matched,        // a node matched and gave a non-empty value
  no_node,        // the selector matched nothing
  empty,          // a node matched, its value is empty
  regex_failed,   // a node matched, the regex did not
};

struct Extracted {
  std::string value;  // empty unless matched
  Outcome outcome = Outcome::no_node;
  pugi::xml_node node;  // the element that matched (null for no_node)
};

// Applies `rule` below `context`. Values read from attributes are trimmed;
// text is whitespace-collapsed (html/serialize.h text_content); html: true
// gives the inner HTML unsanitized.
Extracted apply(const Rule& rule, pugi::xml_node context, const ElementIndex* index = nullptr);

// The value of one matched node under the rule's attr/html/regex settings.
Extracted value_of(const Rule& rule, pugi::xpath_node match);

// value_of in two halves, so rules that read the same node the same way
// (teasers.kicker and teasers.title on "h3 a") can share the first:
// raw_value puts the non-null `match`'s text, attribute or inner HTML
// before the regex into `raw` (replacing its content, keeping its capacity,
// so a caller reading many items allocates once) and the element into
// `node`; finish applies the regex to it and copies out the value.
void raw_value(const Rule& rule, pugi::xpath_node match, std::string& raw, pugi::xml_node& node);
Extracted finish(const Rule& rule, std::string_view raw, pugi::xml_node node);

// text::collapse_whitespace(s), the same bytes, assigned to `out` (keeping
// its capacity) and faster for the common case: a value whose only
// whitespace is single spaces (a URL, a title, a meta content) is trimmed
// and copied instead of rebuilt byte by byte.
void collapse_into(std::string& out, std::string_view s);
std::string collapsed(std::string_view s);

// "no node matched", "regex did not match" …, for health and provenance.
std::string_view describe(Outcome o);


}  // namespace kf::scrape::detail
