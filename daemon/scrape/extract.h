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
// raw_value is the non-null `match`'s text, attribute or inner HTML before
// the regex (`node` gets the element), finish applies the regex to it.
std::string raw_value(const Rule& rule, pugi::xpath_node match, pugi::xml_node& node);
Extracted finish(const Rule& rule, std::string raw, pugi::xml_node node);

// "no node matched", "regex did not match" …, for health and provenance.
std::string_view describe(Outcome o);


}  // namespace kf::scrape::detail
