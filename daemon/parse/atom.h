// The Atom parser: Atom 1.0 (RFC 4287) and the pre-standard 0.3 (with its
// mode="escaped|xml" content), text constructs of type text, html and xhtml
// (serialized to HTML), link relation selection, xml:base chains, and the
// shared extensions. Reads from a pugixml tree loaded by XmlReader.
// Pure function; thread-safe on distinct documents.
#pragma once

#include <string_view>

#include <pugixml.hpp>

#include "model/feed.h"

namespace kf::parse {

// Reads the <feed> at `root`. Relative links resolve against xml:base (each
// relative to its parent's base), then `document_url`. Entries without an
// author inherit the feed's.
Feed parse_atom(pugi::xml_node root, std::string_view document_url);

}  // namespace kf::parse
