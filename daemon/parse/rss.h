// The RSS family parser: RSS 0.90 and 1.0 (RDF, items beside the channel),
// 0.91–0.94 and 2.0, including the Dublin Core, content, Media RSS, iTunes
// and atom:link extensions. Reads from a pugixml tree loaded by XmlReader.
// Pure function; thread-safe on distinct documents.
#pragma once

#include <string_view>

#include <pugixml.hpp>

#include "model/feed.h"

namespace kf::parse {

// Reads the feed rooted at `root` (<rss>, <rdf:RDF> or a bare <channel>).
// Relative links resolve against xml:base, then `document_url`. Elements it
// does not know are skipped; missing fields stay empty. A guid is never
// copied into FeedItem.link: guid_is_permalink (isPermaLink="true", or no
// attribute and an http(s) guid) lets normalize use it when the link is
// missing. managingEditor, channel dc:creator/publisher and itunes:author
// give Feed.author; webMaster (the technical contact) does not.
Feed parse_rss(pugi::xml_node root, std::string_view document_url);

}  // namespace kf::parse
