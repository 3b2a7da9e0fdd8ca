// HTML5 text out of a pugixml DOM built by HtmlParser (or by hand): the
// serializers used by the scraper and the sanitizer. Element and attribute
// names are written as stored; void elements (br, img, …) get no end tag and
// no content; comments, processing instructions and the like are skipped.
// Deviations from the HTML5 fragment serializer, for safety in feeds: text is
// always escaped, also inside script/style, and attribute values also escape
// < and > (see text/escape.h, which also drops C0 controls other than tab,
// LF and CR); text_content drops those controls as well. All walks are
// iterative, so any depth is safe. Pure functions; thread-safe on distinct or unmodified trees.
#pragma once

#include <string>
#include <string_view>

#include <pugixml.hpp>

namespace kf::html {

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

// text_content into `out`, replacing what it held but keeping its capacity:
// for callers that read many fields one after another.
void text_content(pugi::xml_node node, std::string& out);

}  // namespace kf::html
