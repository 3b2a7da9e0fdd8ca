// PageMeta is what a page says about itself outside its visible article:
// <link rel=canonical|alternate>, <base>, <title>, <html lang>, OpenGraph
// and article:* meta tags, <meta name=description|author>, and the first
// JSON-LD NewsArticle/Article object (top level, in an array, or inside
// @graph). The scraper's generic fallbacks read these. Internal to
// daemon/scrape. Pure functions; thread-safe on distinct or unmodified trees.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include <pugixml.hpp>

#include "scrape/element_index.h"

namespace kf::scrape::detail {

struct JsonLdArticle {
  bool found = false;
  std::string type;  // "NewsArticle", …
  std::string headline, description, date_published, date_modified, image, author, url;
};

struct PageMeta {
  std::string base_url;   // <base href> resolved against the page URL, else the page URL
  std::string canonical;  // <link rel=canonical>, absolute, as written otherwise
  std::string title_tag;  // <title> text
  std::string language;   // <html lang>
  std::string og_url, og_title, og_description, og_image, og_image_alt, og_site_name;
  std::string description, author;             // <meta name=…>
  std::string published_time, modified_time;   // article:published_time / modified_time
  std::vector<std::string> categories;         // article:section, then article:tag
  std::vector<std::string> feeds;              // rel=alternate RSS/Atom links, absolute, in order
  JsonLdArticle ld;
  std::vector<std::string> warnings;           // JSON-LD that does not parse, …
};

// Reads the metadata of the document below `root`; `page_url` is the
// (absolute) fetched URL that relative references resolve against.
// `index`, when given and rooted at `root`, finds the elements instead of
// a walk over the tree per lookup; the result is the same.
PageMeta read_meta(pugi::xml_node root, std::string_view page_url, const ElementIndex* index = nullptr);

// `title` without its site-name part. The title is split at " | ", " - ",
// " – " and " — "; a segment names the site when it contains `site_name`
// (og:site_name) or the host's main label ("kommune21" for
// www.kommune21.de), ignoring ASCII case. Site-naming segments at the start
// are dropped, then the title ends before the next site-naming segment:
// "Impulse - Kommune21 online | Kommune21 - Portal" gives "Impulse". When
// nothing would remain (or no separator is present) the whole title comes
// back, whitespace-collapsed.
std::string clean_title(std::string_view title, std::string_view site_name, std::string_view page_url);

}  // namespace kf::scrape::detail
