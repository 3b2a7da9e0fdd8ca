// CssMatch runs a CSS scrape selector directly on the pugixml DOM, with the
// same meaning as the XPath that css_to_xpath (scrape/selector.h) makes of
// it, for speed: pugixml evaluates the class test `contains(concat(' ',
// normalize-space(@class), ' '), …)` by building strings for every element
// of the page, and a page is searched by some 25 rules. Here an element is
// matched right to left against its ancestors without allocating, and
// first() stops at the first match. Given the page's ElementIndex, a
// search from the document tests only the elements of each chain's
// rightmost class or name. Only selectors the translator accepted
// are compiled; anything unexpected makes compile() return nullopt and the
// caller keeps evaluating the XPath. Internal to daemon/scrape. Immutable
// after compile(); safe to use from many threads at once.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <pugixml.hpp>

#include "scrape/element_index.h"

namespace kf::scrape::detail {

class CssMatch {
 public:
  // Parses `css` (already accepted by css_to_xpath); nullopt when it holds
  // anything this matcher does not know.
  static std::optional<CssMatch> compile(std::string_view css);

  // The first element below `context` (not `context` itself) that matches,
  // in document order; null when none does.
  pugi::xml_node first(pugi::xml_node context) const;
  // Every element below `context` that matches, in document order.
  std::vector<pugi::xml_node> all(pugi::xml_node context) const;
  // The same, but when `context` is the root of `index` only the indexed
  // elements of each chain's rightmost class or name are tested.
  pugi::xml_node first(pugi::xml_node context, const ElementIndex* index) const;
  std::vector<pugi::xml_node> all(pugi::xml_node context, const ElementIndex* index) const;

  // Attribute tests, named after the XPath each stands for.
  enum class Op { exists, equals, word, prefix, suffix, contains, dash };
  struct AttrTest {
    std::string name;
    Op op = Op::exists;
    std::string value;
  };
  struct Compound {
    std::string name;  // empty: any element
    std::vector<AttrTest> tests;  // classes and ids are word / equals tests
    int preceding = -1;           // :nth-child(n) wants n-1 preceding element siblings; -1: any
    bool first_child = false, last_child = false;
  };
  // Compounds left to right; child[i] says whether compound i+1 must be a
  // child (>) of compound i rather than any descendant.
  struct Chain {
    std::vector<Compound> steps;
    std::vector<bool> child;
    // The rightmost compound's bucket in an ElementIndex: a class token it
    // requires, else its element name; both empty: every element.
    std::string key_class, key_name;
  };

 private:
  bool matches(pugi::xml_node element, pugi::xml_node context) const;
  // Candidates of `chain` in `index`; null: every element.
  static const std::vector<std::uint32_t>* bucket(const Chain& chain, const ElementIndex& index);
  std::vector<Chain> chains_;  // a group: any of them matches
};

// A selector group split at its top-level commas (outside brackets, quotes
// and parentheses), parts untrimmed; shared with the XPath translator.
std::vector<std::string_view> split_group(std::string_view s);

}  // namespace kf::scrape::detail
