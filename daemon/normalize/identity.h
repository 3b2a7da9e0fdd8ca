// The one definition of an article's identity. An id never changes once an
// article is stored, so readers never see an entry twice; it is derived, in
// this order, from:
//   1. the guid: an absolute http(s) guid by its canonical URL, any other
//      guid together with the source id (guids are only unique per feed);
//   2. the canonical link, when no other item of the same document has it;
//   3. the canonical link plus the date (or title) when a feed gives several
//      items one link (e.g. every item links to the home page);
//   4. the source id, the whitespace-folded title and the date.
// URL-keyed ids are shared across sources on purpose: a teaser scraped from
// one page and the full article from a feed meet under one id.
// Pure functions; thread-safe.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace kf::normalize {

struct IdentityInput {
  std::string_view source_id{};
  std::string_view guid{};          // trimmed, may be empty
  std::string_view canonical_link{};  // canonical URL or empty
  bool link_is_shared = false;      // another item of the document has the same link
  std::string_view title{};         // plain text
  std::string_view date{};          // raw date text, may be empty
  // url::canonicalize(guid) when the caller already holds it (the guid is
  // the item's link); must be null unless it is exactly that value.
  const std::string* canonical_guid = nullptr;
};

// "k" + 32 hex digits; nullopt when the item has nothing to identify it by
// (no guid, no link and no title).
std::optional<std::string> article_id(const IdentityInput& in);

}  // namespace kf::normalize
