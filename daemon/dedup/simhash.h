// SimHash (Charikar 2002) of German news text: a 64-bit fingerprint whose
// Hamming distance to another tracks how much two texts differ, so the same
// press release on two sites, or a lightly edited copy, lands a few bits
// away while different articles land ~32 bits away. Features are the words
// (case-folded, umlauts folded, punctuation dropped) and word pairs, each
// hashed once. Pure functions; thread-safe.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace kf::dedup {

// The words of `text` as compared: lower-case (ASCII and Ä Ö Ü ẞ), ß and
// umlauts kept as letters, every other character a separator; words of one
// character dropped.
std::vector<std::string> words(std::string_view text);

// The fingerprint of `text`; 0 when it has no words.
std::uint64_t simhash(std::string_view text);
// The fingerprint of words already split by words(); 0 for none.
std::uint64_t simhash(const std::vector<std::string>& words);

inline int hamming(std::uint64_t a, std::uint64_t b) { return __builtin_popcountll(a ^ b); }

// The eight 8-bit bands of a fingerprint. Two fingerprints within Hamming
// distance 7 share at least one band (pigeonhole: 7 differing bits touch at
// most 7 of 8 bands), so an index on (band, value, day) finds every
// candidate with eight lookups instead of a scan.
inline constexpr int kBands = 8;
// The largest distance the band index finds every candidate for.
inline constexpr int kMaxIndexedDistance = kBands - 1;
inline std::uint8_t band(std::uint64_t h, int i) { return static_cast<std::uint8_t>(h >> (8 * i)); }

}  // namespace kf::dedup
