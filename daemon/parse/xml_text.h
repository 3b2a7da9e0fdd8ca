// Text out of pugixml elements for the feed parsers: the character data of
// an element (text and CDATA joined), and the HTML serialization of mixed or
// XHTML content with namespace prefixes removed; plus the two plain-text
// helpers every feed format shares (trim, line:col of an error offset).
// Iterative, so arbitrarily deep markup cannot overflow the stack. Pure
// functions; thread-safe on distinct documents.
#pragma once

#include <string>
#include <string_view>

#include <pugixml.hpp>

namespace kf::parse {

// The element's content as a string: its text and CDATA children joined;
// element children (unescaped HTML inside an RSS description) are kept as
// HTML markup so nothing the author wrote is lost.
std::string inner_text(pugi::xml_node element);

// Like inner_text, then trimmed of surrounding ASCII whitespace (for names,
// links, dates and ids).
std::string trimmed_text(pugi::xml_node element);

// The same text as trimmed_text, without a copy when the element holds a
// single text or CDATA child (the usual case): the view then points into
// the document; otherwise the text is built in `storage` and the view
// points there. Valid while both live.
std::string_view trimmed_view(pugi::xml_node element, std::string& storage);

// Serializes the children of `element` as HTML: prefixes dropped from
// element and attribute names, xmlns attributes dropped, text and attribute
// values escaped as text/escape.h does (C0 controls other than tab, LF and CR
// dropped), empty void elements (br, img…) without end tag.
std::string inner_html(pugi::xml_node element);

// Removes surrounding ASCII whitespace (and control characters: every byte
// up to ' ').
std::string_view trim(std::string_view s);

// "line:column" (both 1-based, column in bytes) of byte `offset` in `text`,
// for error messages; an offset past the end names the end.
std::string line_col(std::string_view text, std::size_t offset);

}  // namespace kf::parse
