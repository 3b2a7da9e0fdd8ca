#include "parse/xml_text.h"

#include <algorithm>

#include "parse/xml_scope.h"
#include "text/escape.h"

namespace kf::parse {
namespace {

void open_tag(std::string& out, pugi::xml_node n) {
  out.push_back('<');
  out.append(local_name(n.name()));
  for (pugi::xml_attribute a = n.first_attribute(); a; a = a.next_attribute()) {
    const std::string_view name(a.name());
    if (name == "xmlns" || name.starts_with("xmlns:")) continue;
    out.push_back(' ');
    // xml:lang stays meaningful to HTML as lang.
    out.append(name == "xml:lang" ? std::string_view("lang") : local_name(a.name()));
    out.append("=\"");
    text::append_escaped_attribute(out, a.value());
    out.push_back('"');
  }
  out.push_back('>');
}

void close_tag(std::string& out, pugi::xml_node n) {
  const std::string_view name = local_name(n.name());
  if (text::is_void_element(name) && !n.first_child()) return;
  out.append("</");
  out.append(name);
  out.push_back('>');
}

}  // namespace

std::string_view trim(std::string_view s) {
  while (!s.empty() && static_cast<unsigned char>(s.front()) <= ' ') s.remove_prefix(1);
  while (!s.empty() && static_cast<unsigned char>(s.back()) <= ' ') s.remove_suffix(1);
  return s;
}

std::string line_col(std::string_view text, std::size_t offset) {
  offset = std::min(offset, text.size());
  std::size_t line = 1, line_start = 0;
  for (std::size_t i = 0; i < offset; ++i) {
    if (text[i] == '\n') {
      ++line;
      line_start = i + 1;
    }
  }
  return std::to_string(line) + ":" + std::to_string(offset - line_start + 1);
}

namespace {

// `escape_text` is false when the text nodes already are HTML source (an
// RSS description whose author left some tags unescaped).
std::string serialize_children(pugi::xml_node element, bool escape_text) {
  std::string out;
  pugi::xml_node n = element.first_child();
  while (n && n != element) {
    bool descend = false;
    switch (n.type()) {
      case pugi::node_pcdata:
      case pugi::node_cdata:
        if (escape_text) {
          text::append_escaped_text(out, n.value());
        } else {
          out.append(n.value());
        }
        break;
      case pugi::node_element:
        open_tag(out, n);
        descend = static_cast<bool>(n.first_child());
        if (!descend) close_tag(out, n);
        break;
      default:
        break;
    }
    if (descend) {
      n = n.first_child();
      continue;
    }
    // Climb until a next sibling exists, closing the elements we leave.
    while (n != element && !n.next_sibling()) {
      n = n.parent();
      if (n != element) close_tag(out, n);
    }
    if (n == element) break;
    n = n.next_sibling();
  }
  return out;
}

}  // namespace

std::string inner_html(pugi::xml_node element) { return serialize_children(element, true); }

std::string inner_text(pugi::xml_node element) {
  pugi::xml_node first = element.first_child();
  if (!first) return {};
  const bool single = !first.next_sibling();
  if (single && (first.type() == pugi::node_pcdata || first.type() == pugi::node_cdata)) {
    return first.value();
  }
  std::string out;
  for (pugi::xml_node c = first; c; c = c.next_sibling()) {
    if (c.type() == pugi::node_element) return serialize_children(element, false);
    if (c.type() == pugi::node_pcdata || c.type() == pugi::node_cdata) out.append(c.value());
  }
  return out;
}

std::string_view trimmed_view(pugi::xml_node element, std::string& storage) {
  pugi::xml_node first = element.first_child();
  if (first && !first.next_sibling() &&
      (first.type() == pugi::node_pcdata || first.type() == pugi::node_cdata)) {
    return trim(first.value());
  }
  storage = inner_text(element);
  return trim(storage);
}

std::string trimmed_text(pugi::xml_node element) {
  pugi::xml_node first = element.first_child();
  if (first && !first.next_sibling() &&
      (first.type() == pugi::node_pcdata || first.type() == pugi::node_cdata)) {
    return std::string(trim(first.value()));
  }
  return std::string(trim(inner_text(element)));
}

}  // namespace kf::parse
