// The river of news: a page of published entries, newest first, grouped by
// their Berlin calendar day, each with kicker, title (linking the article),
// source name, time, image and summary; and the search result page, which
// shows entries the same way in the order of relevance, ungrouped.
// Pure functions; thread-safe.
#pragma once

#include <string>
#include <vector>

#include "publish/feed_doc.h"
#include "publish/html_page.h"

namespace kf::publish {

struct RiverPage {
  PageFrame frame;
  std::string heading;  // the <h1>
  std::vector<FeedEntry> entries;
  bool group_by_day = true;  // false: one list (search results keep their rank order)
  std::string newer_url;     // pager links; empty: none
  std::string older_url;
  std::string empty_text = "Noch keine Artikel.";  // shown when entries is empty
};

// The whole HTML document. Summaries are trusted (already sanitized by
// html/sanitize); every other value is escaped. Only http(s) article URLs
// become links and only https images are shown (http would be mixed content
// and leak the reader to a third party without TLS).
std::string render_river(const RiverPage& page);

// One entry as an <article> element (used by render_river).
std::string render_entry(const FeedEntry& entry);

}  // namespace kf::publish
