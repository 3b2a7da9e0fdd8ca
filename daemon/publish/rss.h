// Renders a FeedDoc as RSS 2.0 (with the content, dc, atom and media
// namespaces) for readers that prefer it. Same entries and ids as the Atom
// output: guid isPermaLink="false" carries entry_id(), so switching format
// does not re-deliver anything.
//
// Per item: title, link, description (the summary, or the content when there
// is no summary), content:encoded (content), guid, pubDate (RFC 822 in GMT),
// dc:creator (author, else source name, else feed title), category for the
// kicker (domain "tag:kommunalfeed,2025:kicker") and each category,
// enclosure for the image (length="0": RSS requires the attribute, we do not
// know the size, and 0 is what the W3C validator recommends for "unknown"),
// media:content/media:thumbnail, <source url="…"> naming the source, and
// atom:link rel="related" per near-duplicate copy. The channel carries
// atom:link rel="self" and the RFC 5005 paging links.
// Built with pugixml, so every value is escaped; "&" and "<" are then
// written as "&#x26;" and "&#x3C;" as the RSS Profile advises (readers that
// decode twice cannot turn escaped text into markup). Pure; thread-safe.
#pragma once

#include <string>

#include "publish/feed_doc.h"

namespace kf::publish {

// The whole document, starting with the XML declaration.
std::string render_rss(const FeedDoc& doc);

// RFC 822 date as RSS readers parse best: "Tue, 07 Jan 2025 10:30:00 GMT".
std::string format_rss_date(Timestamp t);

}  // namespace kf::publish
