// The reader for Microsoft's Channel Definition Format (CDF, 1997): a root
// <CHANNEL HREF BASE LASTMOD> whose <ITEM HREF LASTMOD> children carry a
// <TITLE> and an <ABSTRACT>. Element and attribute names are matched
// case-insensitively, as CDF writers varied. Only what maps to FeedItem is
// read: link, title (plain text), abstract (as summary) and LASTMOD (as the
// updated date); nested sub-channels are not descended into. Pure function;
// thread-safe on distinct documents.
#pragma once

#include <string_view>

#include <pugixml.hpp>

#include "model/feed.h"

namespace kf::parse {

// Reads the <CHANNEL> at `root`. HREFs resolve against the channel's BASE
// attribute (itself resolved against `document_url`), else `document_url`.
// format is "cdf".
Feed parse_cdf(pugi::xml_node root, std::string_view document_url);

}  // namespace kf::parse
