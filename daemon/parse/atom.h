// The Atom parser: Atom 1.0 (RFC 4287) and the pre-standard 0.3 (with its
// mode="escaped|xml|base64" content), text constructs of type text, html and
// xhtml (serialized to HTML) or a non-text media type (base64, RFC 4287
// 4.1.3.3), link relation selection, xml:base chains, and the shared
// extensions. Reads from a pugixml tree loaded by XmlReader.
// Pure function; thread-safe on distinct documents.
#pragma once

#include <string_view>

#include <pugixml.hpp>

#include "model/feed.h"

namespace kf::parse {

// Reads the <feed> at `root`. Relative links resolve against xml:base (each
// relative to its parent's base), then `document_url`. Entries without an
// author take their atom:source's, then the feed's (RFC 4287 4.2.1). An id
// that is an absolute-path reference ("/a/b") is resolved; other ids stay
// as written, and guid_is_permalink is set when the id is an http(s) URL
// (Atom has no isPermaLink). A root <feed> in no namespace is read as Atom,
// with its un-namespaced children as Atom elements, and a warning in
// Feed::warnings (recovered stays false: the XML is well-formed).
Feed parse_atom(pugi::xml_node root, std::string_view document_url);

}  // namespace kf::parse
