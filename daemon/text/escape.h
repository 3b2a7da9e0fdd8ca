// HTML escaping and the HTML void-element list, shared by the serializers of
// the html module (scraped pages, sanitizer) and the parse module (XHTML
// content of feeds). Both outputs end up in XML feeds, so escaping also drops
// the C0 control characters other than tab, LF and CR: XML 1.0 cannot carry
// them even as character references. Everything else, invalid UTF-8
// included, passes through unchanged (decoding is text/encoding's job).
// Pure functions; thread-safe.
#pragma once

#include <string>
#include <string_view>

namespace kf::text {

// Appends `text` escaped for HTML/XML text content: & < > become &amp; &lt;
// &gt;; '"' stays; C0 controls other than tab, LF and CR are dropped.
void append_escaped_text(std::string& out, std::string_view text);

// Appends `value` escaped for a double-quoted attribute value: like
// append_escaped_text, and '"' becomes &quot;. '<' and '>' are escaped too so
// no attribute can re-open markup in a parser that reads it differently.
void append_escaped_attribute(std::string& out, std::string_view value);

// True for the HTML void elements (area, base, br, col, embed, hr, img,
// input, link, meta, param, source, track, wbr), which have no end tag and no
// content. Case-sensitive: callers pass lower-case names as HTML parsers and
// XHTML store them.
bool is_void_element(std::string_view name);

}  // namespace kf::text
