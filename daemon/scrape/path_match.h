// PathMatch runs the simple XPath location paths admins write in scrape
// rules ("./p/span[@class='datum']", "//p[@class='lead']/text()[1]",
// "//figcaption/span[@class='credit']", "//meta[@name='x']/@content")
// directly on the pugixml DOM, with the meaning pugixml gives them, because
// pugixml's evaluator allocates and builds node sets on every call and a
// teaser rule runs once per teaser. The subset: a path starting with "./",
// ".//", "/" or "//"; steps joined by '/' or '//'; a step is a name, '*' or
// text(); element steps may carry any number of [@a] and [@a='v']
// predicates, text() one [n]; a last step may be @name after '/'. Anything
// else (whitespace, axes, functions, unions, positions on elements) makes
// compile() return nullopt and the caller keeps pugixml's evaluator.
// Internal to daemon/scrape. Immutable after compile(); safe to use from
// many threads at once.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <pugixml.hpp>

#include "scrape/element_index.h"

namespace kf::scrape::detail {

class PathMatch {
 public:
  // Parses `xpath`; nullopt when it is outside the subset above.
  static std::optional<PathMatch> compile(std::string_view xpath);

  // The first node of the path's result in document order, from `context`
  // (relative paths) or its document (absolute ones); null when none.
  // `index`, when rooted at the start node, narrows the search to the
  // elements named by the last element step; the result is the same.
  pugi::xpath_node first(pugi::xml_node context, const ElementIndex* index = nullptr) const;
  // The whole result in document order.
  std::vector<pugi::xpath_node> all(pugi::xml_node context, const ElementIndex* index = nullptr) const;

 private:
  enum class Kind { element, any_element, text, attribute };
  struct Predicate {
    std::string name;
    bool has_value = false;  // [@name='value'] rather than [@name]
    std::string value;
  };
  struct Step {
    bool descendant = false;  // joined to the previous step (or the start) by '//'
    Kind kind = Kind::element;
    std::string name;                   // element or attribute name
    std::vector<Predicate> predicates;  // element steps
    int position = 0;                   // text()[n]; 0: any
  };

  pugi::xml_node start_of(pugi::xml_node context) const;
  bool step_matches(pugi::xml_node n, const Step& s) const;
  bool matches(pugi::xml_node n, std::size_t k, pugi::xml_node start) const;
  // Calls `f(node)` for every match in document order until it returns true.
  template <class F>
  void each_match(pugi::xml_node context, const ElementIndex* index, F f) const;

  bool absolute_ = false;
  std::vector<Step> steps_;
};

}  // namespace kf::scrape::detail
