#include "html/serialize.h"

#include "html/elements.h"
#include "html/scan.h"
#include "html/walk.h"
#include "text/escape.h"

namespace kf::html {
namespace {

using detail::Step;
using detail::walk_children;
using text::is_void_element;

// The phrasing elements (a, b, span, …) of html/elements.h: one hash lookup
// instead of comparing against 31 names, twice per element of every field.
bool is_inline(std::string_view name) { return detail::has(detail::element_info(name), detail::kInline); }

void open_tag(std::string& out, pugi::xml_node el) {
  out.push_back('<');
  out.append(el.name());
  for (pugi::xml_attribute a : el.attributes()) {
    out.push_back(' ');
    out.append(a.name());
    out.append("=\"");
    detail::append_escaped(out, a.value(), true);
    out.push_back('"');
  }
  out.push_back('>');
}

Step enter_for_html(std::string& out, pugi::xml_node n) {
  if (n.type() == pugi::node_pcdata || n.type() == pugi::node_cdata) {
    // Whole plain runs at a time: this copies every article body.
    detail::append_escaped(out, n.value(), false);
    return Step::Skip;
  }
  if (n.type() != pugi::node_element) return Step::Skip;
  open_tag(out, n);
  return is_void_element(n.name()) ? Step::Close : Step::Descend;
}

void leave_for_html(std::string& out, pugi::xml_node n) {
  if (is_void_element(n.name())) return;
  out.append("</");
  out.append(n.name());
  out.push_back('>');
}

void append_children_html(std::string& out, pugi::xml_node node) {
  walk_children(
      node, [&](pugi::xml_node n) { return enter_for_html(out, n); },
      [&](pugi::xml_node n) { leave_for_html(out, n); });
}

}  // namespace

std::string inner_html(pugi::xml_node node) {
  std::string out;
  if (node && node.type() != pugi::node_pcdata) append_children_html(out, node);
  return out;
}

std::string outer_html(pugi::xml_node node) {
  std::string out;
  if (!node) return out;
  switch (node.type()) {
    case pugi::node_document:
      append_children_html(out, node);
      break;
    case pugi::node_pcdata:
    case pugi::node_cdata:
      detail::append_escaped(out, node.value(), false);
      break;
    case pugi::node_element:
      open_tag(out, node);
      if (is_void_element(node.name())) break;
      append_children_html(out, node);
      leave_for_html(out, node);
      break;
    default:
      break;
  }
  return out;
}

std::string text_content(pugi::xml_node node) {
  std::string out;
  text_content(node, out);
  return out;
}

void text_content(pugi::xml_node node, std::string& out) {
  out.clear();
  bool space = false;
  const pugi::xml_node_type type = node.type();
  if (type == pugi::node_pcdata || type == pugi::node_cdata) {
    detail::append_collapsed(out, node.value(), space);
    return;
  }
  walk_children(
      node,
      [&](pugi::xml_node n) {
        const pugi::xml_node_type t = n.type();
        if (t == pugi::node_pcdata || t == pugi::node_cdata) {
          detail::append_collapsed(out, n.value(), space);
          return Step::Skip;
        }
        if (t != pugi::node_element) return Step::Skip;
        const std::string_view name = n.name();
        if (name == "script" || name == "style" || name == "template") return Step::Skip;
        if (!is_inline(name)) space = true;
        return Step::Descend;
      },
      [&](pugi::xml_node n) {
        if (!is_inline(n.name())) space = true;
      });
}

}  // namespace kf::html
