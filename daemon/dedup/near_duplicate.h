// Near-duplicate detection across sources: the same press release on two
// sites, or a lightly edited copy, becomes one cluster whose representative
// is published while the others stay stored and are linked as related. The
// decisions are pure; the store finds the candidates (by SimHash band and
// date) and keeps the clusters. Thread-safe: pure functions.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>

#include "model/article.h"

namespace kf::dedup {

struct Settings {
  // At most this many differing bits of 64 count as the same text: three
  // edited words in a 200-word article move 3–6 bits, different articles
  // 18–32 (measured on the seeds). Up to 7 the band index finds every
  // candidate (see band()); larger values are clamped to 7.
  int max_distance = 7;
  // Copies are published within days of each other; older look-alikes
  // (a yearly "Haushalt 2025" notice) are different news.
  std::chrono::days window{3};
  // Shorter texts (a bare headline) are too similar by chance to compare.
  std::size_t min_words = 12;
};

// The text an article is compared by: title, summary and the first 1,500
// characters of the content's text. Empty fingerprint (nullopt) when it has
// fewer than settings.min_words words.
std::optional<std::uint64_t> fingerprint(const Article& a, const Settings& settings);

// The day an article is placed in for the date window: published, else
// first_seen, in days since 1970.
std::int64_t day_of(const Article& a);

// A stored article that shares a band with the new one.
struct Candidate {
  std::string id;
  std::string cluster_id;  // its cluster (its own id when alone)
  std::uint64_t simhash = 0;
  std::int64_t day = 0;
  Completeness completeness = Completeness::full;
  Timestamp when{};  // published, else first_seen
};

// The cluster the article `id` with fingerprint `hash` on `day` joins: the
// cluster of the nearest candidate (ties: the smaller cluster id) within
// max_distance and the date window, other than itself; nullopt to stay
// alone.
std::optional<std::string> cluster_for(std::string_view id, std::uint64_t hash, std::int64_t day,
                                       std::span<const Candidate> candidates,
                                       const Settings& settings);

// Which member a cluster publishes: the most complete (full before teaser),
// then the earliest, then the smallest id, so the choice is stable.
// `members` must not be empty.
const Candidate& representative(std::span<const Candidate> members);

}  // namespace kf::dedup
