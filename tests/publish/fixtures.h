// Articles and feed pages shared by the publish tests: one of each kind a
// renderer must cope with (full, teaser, undated, anonymous, with image and
// related copies, umlauts, markup-like text, control characters), and a
// realistic page of 30 of them. Test code only.
#pragma once

#include <string>
#include <vector>

#include "publish/feed_doc.h"

namespace kf::test {

inline const Timestamp kJan7{std::chrono::seconds{1736245800}};  // 2025-01-07T10:30:00Z

// A full article from "kommune21" with every field set.
Article full_article();
// The SourceInfo of the sources used by the fixtures ("kommune21", "egovernment").
publish::SourceInfo source_info(const std::string& id);
// One entry per ordinary kind (full, teaser, undated, anonymous, image and
// related copies, umlauts), newest first, no two with the same updated time.
std::vector<publish::FeedEntry> entry_kinds();
// Entries whose text is hostile: "]]>", "<script>" and quotes in plain text,
// HTML in the author, control characters and an invalid UTF-8 byte.
std::vector<publish::FeedEntry> hostile_kinds();
// `n` entries cycling through entry_kinds() with distinct ids and dates.
std::vector<publish::FeedEntry> realistic_entries(int n);
// A page of the "all" output served at http://127.0.0.1:8080/feeds/all.<ext>.
publish::FeedDoc feed_doc(std::vector<publish::FeedEntry> entries, const std::string& ext,
                          int page = 1, bool has_next = false);

}  // namespace kf::test
