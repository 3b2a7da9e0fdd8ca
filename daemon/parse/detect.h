// Format detection for parse_feed: JSON or XML from the first bytes (and the
// Content-Type), and which feed family (RSS, Atom, CDF) a parsed XML tree's
// root element belongs to. Pure functions; thread-safe.
#pragma once

#include <string_view>

#include <pugixml.hpp>

namespace kf::parse {

enum class Syntax { xml, json };

// JSON when the first byte after a BOM and whitespace is '{', or when there
// is no '<' there and the Content-Type says json; XML otherwise.
Syntax sniff_syntax(std::string_view bytes, std::string_view content_type);

enum class Family { rss, atom, cdf, none };

struct FeedRoot {
  pugi::xml_node node;  // the feed's root, or the first element when none
  Family family = Family::none;
};

// The first top-level element that is a feed root (<rss>, <rdf:RDF>,
// <channel>, <feed>; CDF's <CHANNEL> in any other letter case), skipping
// junk elements before it (e.g. a PHP
// warning's <b>). When there is none, `node` is the first element, if any,
// so the caller can name it.
FeedRoot find_feed_root(const pugi::xml_document& doc);

}  // namespace kf::parse
