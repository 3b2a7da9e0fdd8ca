// The namespaced extensions shared by the RSS and Atom parsers: Dublin Core,
// content:encoded, Media RSS (content, thumbnail, group), iTunes basics,
// XHTML bodies, and Atom links (which RSS feeds borrow as atom:link). Each
// function reads one child element into the item or feed and reports
// whether it knew it. Pure functions over the tree; thread-safe on distinct
// documents.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include <pugixml.hpp>

#include "model/feed.h"
#include "parse/xml_scope.h"

namespace kf::parse {

// Collects Atom <link> elements and keeps the best alternate: rel
// "alternate" or absent, type text/html or absent preferred, else the first
// alternate of another type. Enclosures go to media, rel="related" to
// related links.
class LinkPicker {
 public:
  void add(const Scope& parent, pugi::xml_node link, std::vector<MediaRef>* media,
           std::vector<std::string>* related);
  // The chosen alternate link (absolute when a base was known), or empty.
  const std::string& best() const { return best_; }

 private:
  std::string best_;
  bool best_is_html_ = false;
};

// Reads a Dublin Core, dcterms, content, media, iTunes or XHTML child of an
// item. Returns false for other namespaces (and unknown local names), so the
// format parser can handle them.
bool apply_item_extension(const Scope& item_scope, pugi::xml_node child, const QName& name,
                          FeedItem& item);

// Gives an item that has no title after all its children were read the
// title of its item-level media:title (Media RSS; type="html" is HTML, the
// default "plain" is text): podcast and video items sometimes carry only
// that, and a reader shows it rather than no title at all (feedparser does
// the same). media:title inside media:content or media:group names one
// media object and is never used.
void apply_media_title_fallback(const Scope& item_scope, pugi::xml_node item, FeedItem& out);

// The same for a child of the channel / feed element.
bool apply_feed_extension(const Scope& feed_scope, pugi::xml_node child, const QName& name,
                          Feed& feed);

// The display name in an RSS author field (also dc:creator and friends):
// "jo@example.org (Jo Doe)", "Jo Doe (jo@example.org)" and
// "Jo Doe <jo@example.org>" all give "Jo Doe"; a value without '@', or one
// whose name part is empty, is returned trimmed as is (so a bare address
// stays the address).
std::string rss_author_name(std::string_view value);

// True when `s` is an absolute http or https URL (scheme case-insensitive,
// as a browser reads it).
bool is_http_url(std::string_view s);

// A byte count as enclosure length, Atom link length and Media RSS fileSize
// attributes write it: decimal digits, surrounding whitespace allowed;
// nullopt for anything else (empty, sign, unit, overflow).
std::optional<std::uint64_t> parse_length(std::string_view s);

// Sets `target` to `value` when `target` is still empty (first one wins).
void set_if_empty(std::string& target, std::string value);

}  // namespace kf::parse
