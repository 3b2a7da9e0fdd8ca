// What the streaming HTML consumers (sanitize, fragment_text) know about
// element names: the sanitizer's allowlist with its attributes, the elements
// dropped together with their content, and the few HTML5 tree-construction
// classes they imitate (elements that close an open <p>, "special" elements
// that stop implied end tags, inline elements that do not separate words).
// Internal to daemon/html. Immutable static data; thread-safe.
#pragma once

#include <array>
#include <cstdint>
#include <string_view>

namespace kf::html::detail {

enum ElementFlag : std::uint16_t {
  kAllowed = 1 << 0,      // kept by the sanitizer
  kDropContent = 1 << 1,  // dropped with everything inside (see html/content_drop.h)
  kVoid = 1 << 2,         // no content, no end tag
  kClosesP = 1 << 3,      // its start tag closes an open <p> (HTML5 "in body")
  kSpecial = 1 << 4,      // HTML5 "special": stops the search of li/dt/dd start tags
  kInline = 1 << 5,       // phrasing content: no word break in plain text
  kHeading = 1 << 6,      // h1–h6
  kTablePart = 1 << 7,    // caption thead tbody tfoot tr td th: only inside a table
  kForeign = 1 << 8,      // svg, math: "<svg/>" is complete, HTML breaks out of it
  kNoNesting = 1 << 9,    // option, button: a start tag closes the open one
};

struct ElementInfo {
  std::string_view name;
  std::uint16_t flags = 0;
  std::array<std::string_view, 5> attributes{};  // allowed ones, in output order
};

// The entry for the lower-case `name`, or nullptr for any other element.
const ElementInfo* element_info(std::string_view name);

inline bool has(const ElementInfo* e, std::uint16_t flag) { return e && (e->flags & flag); }

}  // namespace kf::html::detail
