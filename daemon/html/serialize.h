// HTML5 text out of a pugixml DOM built by HtmlParser (or by hand): the
// serializers used by the scraper and the sanitizer. Element and attribute
// names are written as stored; void elements (br, img, …) get no end tag and
// no content; comments, processing instructions and the like are skipped.
// Deviations from the HTML5 fragment serializer, for safety in feeds: text is
// always escaped (&, <, >), also inside script/style; attribute values escape
// &, ", < and > (so no attribute can re-open markup in a parser that reads it
// differently); C0 control characters other than tab, LF and CR are dropped
// because XML feeds cannot carry them. All walks are iterative, so any depth
// is safe. Pure functions; thread-safe on distinct or unmodified trees.
#pragma once

#include <string>
#include <string_view>

#include <pugixml.hpp>

namespace kf::html {

// True for the HTML void elements (area, base, br, col, embed, hr, img,
// input, link, meta, param, source, track, wbr).
bool is_void_element(std::string_view name);

// Appends `text` escaped for HTML text content (&amp; &lt; &gt;).
void append_escaped_text(std::string& out, std::string_view text);

// Appends `value` escaped for a double-quoted attribute (&amp; &quot; &lt; &gt;).
void append_escaped_attribute(std::string& out, std::string_view value);

// The markup of `node`'s children. Empty for a null node or a text node.
std::string inner_html(pugi::xml_node node);

// The markup of `node` itself: for an element its tag, content and end tag,
// for text the escaped text, for a document its children.
std::string outer_html(pugi::xml_node node);

// The text below `node` as a reader sees it: all text nodes in order,
// except inside script, style and template; elements other than inline ones
// (a, b, span, …) separate words; runs of ASCII whitespace and NBSP become one
// space; no leading or trailing space.
std::string text_content(pugi::xml_node node);

}  // namespace kf::html
