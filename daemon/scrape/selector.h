// A Selector is one compiled scrape selector: an XPath 1.0 expression for
// pugixml, written by the admin either as XPath (when it starts with '/',
// './' or '(') or as CSS, which css_to_xpath translates once at config load.
// Supported CSS: type and '*', .class, #id, [attr], [attr=v], [attr~=v],
// [attr^=v], [attr$=v], [attr*=v], the descendant (space) and child ('>')
// combinators, :first-child, :last-child, :nth-child(n) and groups joined
// by ','. A CSS selector always searches below the context node (".//…"),
// so the same selector works on the document and relative to a list item.
// Pseudo-elements, sibling combinators and :not() are refused with a reason.
// A CSS selector is evaluated by a direct matcher with the same meaning
// (scrape/css_match.h) rather than by pugixml's XPath engine, which is
// several times slower on class tests; the XPath stays for display. Simple
// XPath location paths run the same way (scrape/path_match.h).
// A compiled Selector is immutable and can be evaluated from many threads at
// once (pugixml evaluation allocates per call).
#pragma once

#include <memory>
#include <string>
#include <string_view>

#include <pugixml.hpp>

#include "model/error.h"
#include "scrape/css_match.h"
#include "scrape/path_match.h"

namespace kf::scrape {

class Selector {
 public:
  // The text as written in feeds.yaml, e.g. "h1 .dachzeile".
  const std::string& source() const { return source_; }
  // The XPath it runs as, e.g. ".//h1//*[contains(concat(' ', …), ' dachzeile ')]".
  const std::string& xpath() const { return xpath_; }
  // True when it was written as CSS.
  bool is_css() const { return css_; }

  // The first matching node in document order below (or, for absolute
  // XPath, anywhere in the document of) `context`; null when none matches or
  // the expression does not yield nodes.
  // `index`, when given and rooted at `context`, lets a CSS selector test
  // only its candidates (scrape/element_index.h); the result is the same.
  pugi::xpath_node first(pugi::xml_node context, const detail::ElementIndex* index = nullptr) const;
  // Every matching node, in document order.
  pugi::xpath_node_set all(pugi::xml_node context, const detail::ElementIndex* index = nullptr) const;

 private:
  friend Result<Selector> compile_selector(std::string_view text);
  std::string source_;
  std::string xpath_;
  bool css_ = false;
  std::shared_ptr<const pugi::xpath_query> query_;
  std::shared_ptr<const detail::CssMatch> match_;  // null: evaluate path_ or query_
  std::shared_ptr<const detail::PathMatch> path_;  // null: evaluate query_
};

// Translates a CSS selector to XPath 1.0 relative to the context node.
// Fails with "selector 'x': <why>" (unsupported syntax, unbalanced bracket,
// empty group member …).
Result<std::string> css_to_xpath(std::string_view css);

// Compiles `text` (trimmed) as XPath or CSS, see above. Fails with
// "selector 'x': <why>" for an empty selector, bad CSS, or an XPath that
// pugixml rejects (its message and offset are given) or that does not
// evaluate to a node set.
Result<Selector> compile_selector(std::string_view text);

}  // namespace kf::scrape
