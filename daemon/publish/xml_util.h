// Small pugixml helpers shared by the Atom and RSS renderers: every value
// goes through xml_safe() before pugixml escapes it, so no control character
// or broken UTF-8 from a source can make a published document ill-formed.
// Internal to publish/. Pure functions; thread-safe.
#pragma once

#include <pugixml.hpp>
#include <string>
#include <string_view>

namespace kf::publish::xml {

// Appends <name>value</name> to `parent` and returns it.
pugi::xml_node text_child(pugi::xml_node parent, const char* name, std::string_view value);
// Sets attribute `name` of `node` to `value`.
void attr(pugi::xml_node node, const char* name, std::string_view value);
// A document with the <?xml version="1.0" encoding="utf-8"?> declaration.
void declare(pugi::xml_document& doc);
// The serialized document, UTF-8, two-space indentation.
std::string serialize(const pugi::xml_document& doc);

}  // namespace kf::publish::xml
