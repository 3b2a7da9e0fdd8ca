// The list readers of scrape_page (scrape/scrape.h): the teasers of a page
// (teasers.item and its field rules) and the article links and next page of
// a listing (list.item, list.link, list.next). Internal to daemon/scrape.
// Read-only on the tree; a call is not thread-safe with another on the
// same ScrapedPage.
#pragma once

#include <pugixml.hpp>

#include "scrape/metadata.h"
#include "scrape/reader.h"
#include "scrape/rules.h"
#include "scrape/scrape.h"

namespace kf::scrape::detail {

// Appends one FeedItem (completeness teaser, canonical link) per match of
// `rules.item` to page.teasers, in page order, and the health of every
// teaser rule as "N of M items".
void read_teasers(Reader& rd, pugi::xml_node root, const TeaserRules& rules, const PageMeta& meta,
                  ScrapedPage& page);

// Fills page.links (canonical, first occurrence each) and page.next_page;
// true when the page is a listing (list.item matched).
bool read_list(Reader& rd, pugi::xml_node root, const ListRules& rules, const PageMeta& meta,
               ScrapedPage& page);

}  // namespace kf::scrape::detail
