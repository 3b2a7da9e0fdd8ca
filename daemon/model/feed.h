// Feed and FeedItem are the format-independent intermediate between the
// format parsers (parse/: RSS, RDF, Atom, JSON Feed) or the scraper (scrape/)
// and normalize/. They hold what the document said, decoded to UTF-8 but not
// yet interpreted: dates are raw strings, HTML is unsanitized, URLs are
// absolute (resolved against xml:base / the document URL) but not canonical.
// Plain value types; thread-compatible.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "model/article.h"

namespace kf {

// An image, enclosure or Media RSS object attached to an item.
struct MediaRef {
  std::string url{};     // absolute
  std::string type{};    // MIME type when the document gave one
  std::string medium{};  // Media RSS medium ("image", "video"…) when given
  std::string alt{};     // alt text / media:description / media:title
  std::string credit{};  // media:credit
  std::optional<std::uint64_t> length{};
  bool thumbnail = false;  // media:thumbnail rather than the object itself
  bool operator==(const MediaRef&) const = default;
};

// How a text field is encoded in the document (Atom's type attribute; RSS
// titles are "html" in practice, RSS descriptions always).
enum class TextType { text, html };

struct FeedItem {
  std::string guid;                // RSS guid / Atom id / JSON id, trimmed
  bool guid_is_permalink = false;  // RSS isPermaLink; Atom/JSON Feed: the id is an http(s) URL
  std::string link;                // the alternate link, absolute
  std::vector<std::string> related_links;
  std::string title;
  TextType title_type = TextType::text;
  std::string summary;  // description / summary / content_text
  TextType summary_type = TextType::html;
  std::string content;  // content:encoded / atom:content / content_html
  TextType content_type = TextType::html;
  std::string author;
  std::string published_raw;  // as written, e.g. "Di, 04 Feb 2025 10:00:00 +0100"
  std::string updated_raw;
  std::vector<std::string> categories;
  std::string language;  // xml:lang in scope, or the feed's
  std::string base_url;  // base for URLs inside summary/content
  std::vector<MediaRef> media;
  // Only the scraper fills these.
  std::string kicker;
  Completeness completeness = Completeness::full;

  bool operator==(const FeedItem&) const = default;
};

struct Feed {
  std::string format;  // "rss2.0", "rss1.0", "rss0.91", "atom1.0", "atom0.3", "json1.1"…
  std::string title;
  std::string link;  // the site (alternate) link, absolute
  std::string id;
  std::string language;
  std::string author;
  std::string updated_raw;
  std::optional<int> ttl_minutes;  // RSS <ttl>
  std::string image_url;
  std::vector<FeedItem> items;
  // Set when the document was ill-formed and we recovered what we could.
  bool recovered = false;
  std::vector<std::string> warnings;  // each names what was wrong and where
};

}  // namespace kf
