// The article reader of scrape_page (scrape/scrape.h): every field of an
// article page from its rule, else from the generic fallbacks in the order
// scrape.h lists, including the kicker/title split and the body with the
// remove rules applied. Internal to daemon/scrape. Not thread-safe on one
// tree: reading the body changes the tree.
#pragma once

#include <optional>

#include <pugixml.hpp>

#include "model/feed.h"
#include "scrape/metadata.h"
#include "scrape/reader.h"
#include "scrape/rules.h"
#include "scrape/scrape.h"

namespace kf::scrape::detail {

// The article below `root`, or nullopt (with a warning in `page`) when no
// title is found. Records provenance and health through `rd`, puts the
// image caption into `page`. Runs last on a page: the remove rules and the
// headline removal take nodes out of the tree, and `rd`'s index is dropped
// before they do.
std::optional<FeedItem> read_article(Reader& rd, pugi::xml_node root, const ArticleRules& rules,
                                     const PageMeta& meta, ScrapedPage& page);

}  // namespace kf::scrape::detail
