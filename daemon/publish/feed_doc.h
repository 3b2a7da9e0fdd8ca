// FeedDoc is one page of a published output, independent of the format it is
// rendered in: the serve stage fills it (from the store, config and the
// request's page number) and hands it to render_atom, render_rss or
// render_json_feed, which must all say the same thing about the same
// articles. The identifiers built here (feed_id, entry_id, source_iri) are
// permanent: feed readers remember them, so changing one re-delivers every
// entry as unread.
// Plain value types and pure functions; thread-safe.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "model/article.h"

namespace kf::publish {

// Where an article came from (feeds.yaml source), for atom:source, RSS
// <source> and the JSON Feed extension.
struct SourceInfo {
  std::string id;    // feeds.yaml id; empty when unknown (nothing is rendered)
  std::string name;  // human-readable name
  std::string url;   // the source's feed or site URL
  // When the source was last read: atom:source's updated (RFC 4287 §4.2.11
  // asks for the source feed's updated). nullopt: the article's last_seen.
  std::optional<Timestamp> fetched;
  bool operator==(const SourceInfo&) const = default;
};

struct FeedEntry {
  Article article;
  SourceInfo source;
  // The other copies of a near-duplicate cluster (filled by dedup), rendered
  // as link rel="related"; empty for most articles.
  std::vector<std::string> related_urls;
  bool operator==(const FeedEntry&) const = default;
};

// RFC 5005 §3 paged-feed links; an empty string means "not applicable" and
// renders nothing (no "previous" on page 1, no "next" on the last page, no
// "last" when the end is not known).
struct PagingLinks {
  std::string first;
  std::string previous;
  std::string next;
  std::string last;
  bool operator==(const PagingLinks&) const = default;
};

struct FeedDoc {
  std::string id;  // permanent IRI, see feed_id()
  std::string title;
  std::string subtitle;  // optional
  Timestamp updated{};   // newest change of the output; see newest_update()
  std::string self_url;  // absolute URL this document is served at (with ?page=N)
  std::string html_url;  // the HTML page showing the same output
  std::string language = "de";
  PagingLinks paging;
  std::vector<FeedEntry> entries;  // newest first
};

// The generator named in every format.
inline constexpr std::string_view kGeneratorName = "kommunalfeed";
inline constexpr std::string_view kGeneratorUri = "https://github.com/kommunalfeed/kommunalfeed";
std::string_view generator_version();  // the project version, e.g. "0.1.0"

// "tag:kommunalfeed,2025:feed:<output id>" (RFC 4151): independent of host
// name and URL layout, so moving the server keeps every subscription's id.
std::string feed_id(std::string_view output_id);
// "tag:kommunalfeed,2025:article:<article id>": the permanent id of an entry
// in every format (Atom id, RSS guid, JSON Feed id). Must never change.
std::string entry_id(std::string_view article_id);
// "tag:kommunalfeed,2025:source:<source id>", the atom:source id.
std::string source_iri(std::string_view source_id);

// The title as every format shows it: the article's, or "(ohne Titel)" for
// an item its source published without one (readers list entries by title).
std::string_view shown_title(const Article& a);

// The date an entry was first published: article.published, else the time
// the daemon first saw it (a reader needs one, and "now" would move).
Timestamp published_of(const Article& a);
// The last change: article.updated, else published_of(a). Never earlier than
// published_of(a) (a source's updated older than its published is ignored).
Timestamp updated_of(const Article& a);
// The largest updated_of() over `entries`; `fallback` when there is none.
Timestamp newest_update(const std::vector<FeedEntry>& entries, Timestamp fallback);

// MIME type of an image from its URL's file extension (query and fragment
// ignored, case-insensitive): jpg/jpeg, png, gif, webp, svg, avif; anything
// else or no extension: "image/jpeg", the common case for photos.
std::string image_type(std::string_view url);

// `s` as text every XML 1.0 parser accepts: invalid UTF-8 becomes U+FFFD;
// C0 controls except TAB/LF/CR, DEL, C1 controls (U+0080–U+009F), U+FFFE/U+FFFF
// and NUL are dropped. Also used for JSON so all formats carry the same text.
std::string xml_safe(std::string_view s);

// The paging links for page `page` (1-based) of the output served at
// `base_url` (no query): page 1 is `base_url` itself, page N>1 is
// base_url + "?page=N". `has_next` comes from select_page(). "last" stays
// empty: finding it would mean counting the whole output.
PagingLinks paging_links(std::string_view base_url, int page, bool has_next);
// The URL of page `page` of `base_url`, as used by paging_links().
std::string page_url(std::string_view base_url, int page);

}  // namespace kf::publish
