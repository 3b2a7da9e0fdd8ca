// Renders a FeedDoc as JSON Feed 1.1 (https://jsonfeed.org/version/1.1).
// Each item's "id" is the same entry_id() as the Atom entry and the RSS
// guid. Built with nlohmann::json, so every string is escaped; text passes
// through xml_safe() first so all three formats carry identical text.
//
// Items: id, url, title, content_html (the content, else the summary: the
// spec wants content_html or content_text on every item), summary (the
// summary as plain text, as the spec intends), image, date_published,
// date_modified (RFC 3339), authors, tags (kicker first, then categories),
// language, and "_kommunalfeed": {source {id, name, url}, kicker,
// completeness, related [URLs]} when any of them is known. The feed has
// version, title, home_page_url, feed_url, description, language, next_url
// (RFC 5005 "next"), and "_kommunalfeed": {id, first_url, previous_url}.
// Pure; thread-safe.
#pragma once

#include <string>

#include "publish/feed_doc.h"

namespace kf::publish {

// The whole document, pretty-printed with two-space indentation.
std::string render_json_feed(const FeedDoc& doc);

}  // namespace kf::publish
