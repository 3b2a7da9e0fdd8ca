// The one iterative tree walk of daemon/html, shared by the serializers and
// the sanitizer so no code path recurses over a DOM of attacker-chosen depth.
// Internal to daemon/html. Stateless; thread-safe on distinct trees.
#pragma once

#include <pugixml.hpp>

namespace kf::html::detail {

enum class Step {
  Skip,     // ignore this node and its subtree; no leave()
  Close,    // do not look at the children, but call leave()
  Descend,  // visit the children, then call leave()
};

// Pre-order walk below `root` (exclusive): enter(node) returns a Step;
// leave(node) runs after the children of a node entered with Close/Descend.
template <class Enter, class Leave>
void walk_children(pugi::xml_node root, Enter enter, Leave leave) {
  pugi::xml_node node = root.first_child();
  while (node) {
    Step step = enter(node);
    if (step == Step::Descend && node.first_child()) {
      node = node.first_child();
      continue;
    }
    if (step != Step::Skip) leave(node);
    while (!node.next_sibling()) {
      node = node.parent();
      if (!node || node == root) return;
      leave(node);
    }
    node = node.next_sibling();
  }
}

}  // namespace kf::html::detail
