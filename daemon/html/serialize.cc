#include "html/serialize.h"

#include "html/walk.h"
#include "text/escape.h"

namespace kf::html {
namespace {

using detail::Step;
using detail::walk_children;
using text::append_escaped_attribute;
using text::append_escaped_text;
using text::is_void_element;

bool in_list(std::string_view name, std::initializer_list<std::string_view> list) {
  for (auto n : list)
    if (n == name) return true;
  return false;
}

bool is_inline(std::string_view name) {
  return in_list(name, {"a", "abbr", "b", "bdi", "bdo", "big", "cite", "code", "data", "del", "dfn",
                        "em", "font", "i", "ins", "kbd", "label", "mark", "q", "s", "samp", "small",
                        "span", "strike", "strong", "sub", "sup", "time", "tt", "u", "var"});
}

// The same controls text::append_escaped_text drops, for the same reason.
bool is_dropped_control(unsigned char c) {
  return (c < 0x20 && c != '\t' && c != '\n' && c != '\r');
}

void open_tag(std::string& out, pugi::xml_node el) {
  out.push_back('<');
  out.append(el.name());
  for (pugi::xml_attribute a : el.attributes()) {
    out.push_back(' ');
    out.append(a.name());
    out.append("=\"");
    append_escaped_attribute(out, a.value());
    out.push_back('"');
  }
  out.push_back('>');
}

Step enter_for_html(std::string& out, pugi::xml_node n) {
  if (n.type() == pugi::node_pcdata || n.type() == pugi::node_cdata) {
    append_escaped_text(out, n.value());
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

bool is_ascii_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\f' || c == '\r'; }

// Appends `text` to `out` collapsing whitespace; `space` is true while a
// separator is owed before the next word.
void append_collapsed(std::string& out, std::string_view text, bool& space) {
  for (std::size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (is_ascii_space(c)) {
      space = true;
      continue;
    }
    if (c == '\xC2' && i + 1 < text.size() && text[i + 1] == '\xA0') {  // NBSP
      space = true;
      ++i;
      continue;
    }
    if (is_dropped_control(static_cast<unsigned char>(c))) continue;
    if (space && !out.empty()) out.push_back(' ');
    space = false;
    out.push_back(c);
  }
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
      append_escaped_text(out, node.value());
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
  bool space = false;
  if (node.type() == pugi::node_pcdata || node.type() == pugi::node_cdata) {
    append_collapsed(out, node.value(), space);
    return out;
  }
  walk_children(
      node,
      [&](pugi::xml_node n) {
        if (n.type() == pugi::node_pcdata || n.type() == pugi::node_cdata) {
          append_collapsed(out, n.value(), space);
          return Step::Skip;
        }
        if (n.type() != pugi::node_element) return Step::Skip;
        std::string_view name = n.name();
        if (name == "script" || name == "style" || name == "template") return Step::Skip;
        if (!is_inline(name)) space = true;
        return Step::Descend;
      },
      [&](pugi::xml_node n) {
        if (!is_inline(n.name())) space = true;
      });
  return out;
}

}  // namespace kf::html
