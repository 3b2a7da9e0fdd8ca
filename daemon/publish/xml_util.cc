#include "publish/xml_util.h"

#include <sstream>

#include "publish/feed_doc.h"

namespace kf::publish::xml {

pugi::xml_node text_child(pugi::xml_node parent, const char* name, std::string_view value) {
  auto node = parent.append_child(name);
  node.text().set(xml_safe(value).c_str());
  return node;
}

void attr(pugi::xml_node node, const char* name, std::string_view value) {
  node.append_attribute(name) = xml_safe(value).c_str();
}

void declare(pugi::xml_document& doc) {
  auto decl = doc.append_child(pugi::node_declaration);
  decl.append_attribute("version") = "1.0";
  decl.append_attribute("encoding") = "utf-8";
}

std::string serialize(const pugi::xml_document& doc) {
  std::ostringstream out;
  doc.save(out, "  ", pugi::format_indent, pugi::encoding_utf8);
  return out.str();
}

}  // namespace kf::publish::xml
