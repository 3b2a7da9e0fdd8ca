// Renders Articles as an Atom 1.0 document (RFC 4287). The document is built
// with pugixml and serialized by it, so every value is escaped and the result
// is always well-formed XML. Pure; thread-safe.
#pragma once

#include <functional>
#include <span>
#include <string>
#include <string_view>

#include "model/article.h"

namespace kf::publish {

// The feed-level elements.
struct AtomFeed {
  std::string id;        // permanent IRI of this feed
  std::string title;
  std::string self_url;  // link rel="self"; omitted when empty
  std::string site_url;  // link rel="alternate"; omitted when empty
  Timestamp updated{};   // newest change of any entry
};

// Where an article came from, for its atom:source element (RFC 4287 §4.2.11).
struct SourceInfo {
  std::string id;     // feeds.yaml id
  std::string title;  // its name
  std::string url;    // its site or feed URL
};

// The permanent atom:id of an article: "tag:kommunalfeed,2025:article:<id>".
// A fixed tagging entity (RFC 4151), so the id never changes when the daemon
// moves to another host name.
std::string entry_id(std::string_view article_id);

// The whole document. `source_of` may return nullptr for an unknown source;
// the entry then has no atom:source.
std::string render_atom(const AtomFeed& feed, std::span<const Article> articles,
                        const std::function<const SourceInfo*(std::string_view)>& source_of);

}  // namespace kf::publish
