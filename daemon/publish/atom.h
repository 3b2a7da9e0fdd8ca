// Renders a FeedDoc as an Atom 1.0 document (RFC 4287), the main output of
// kommunalfeed. Built with pugixml and serialized by it, so every value is
// escaped and the result is well-formed XML whatever the articles contain
// (control characters and broken UTF-8 are cleaned by xml_safe()).
//
// Per entry: id (entry_id, permanent), title, link alternate, published,
// updated, author (the article's, else the source's name, else the feed
// title: RFC 4287 §4.1.2 wants one per entry), summary and content as
// type="html", category for the kicker (scheme "tag:kommunalfeed,2025:kicker")
// and each category, atom:source (§4.2.11) with the source's id, title,
// link and updated (SourceInfo::fetched, else the article's last_seen), the image as link
// rel="enclosure" (type guessed from the extension, no length: §4.2.7.6 makes it optional and we do
// not know it) plus Media RSS media:content (alt text as media:description, credit as media:credit)
// and media:thumbnail, and link rel="related" per near-duplicate copy. The feed carries RFC 5005
// paging links (first, previous, next, last when set). Pure; thread-safe.
#pragma once

#include <string>

#include "publish/feed_doc.h"

namespace kf::publish {

// The whole document, starting with the XML declaration.
std::string render_atom(const FeedDoc& doc);

}  // namespace kf::publish
