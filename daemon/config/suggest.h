// "Did you mean …?" for feeds.yaml: finds the valid word closest to a typo
// by Damerau-Levenshtein distance (optimal string alignment), ignoring ASCII
// case. Internal to the config module; pure functions, thread-safe.
#pragma once

#include <cstddef>
#include <optional>
#include <span>
#include <string>
#include <string_view>

namespace kf::config::detail {

// Edits (insert, delete, substitute, swap two neighbours) that turn `a` into
// `b`, comparing ASCII letters case-insensitively.
std::size_t edit_distance(std::string_view a, std::string_view b);

// The candidate closest to `word`, if it is close enough to be a typo: at
// most 2 edits, and at most 1 for candidates of up to 5 characters so that
// "xy" does not suggest "id". Ties go to the earlier candidate. Failing
// that, a candidate that is a prefix of `word` or the other way round, with
// at least 3 characters in common ("warning" suggests "warn").
std::optional<std::string_view> closest(std::string_view word, std::span<const std::string_view> candidates);

// "a, b, c" for listing the valid words when nothing is close.
std::string join(std::span<const std::string_view> words);

}  // namespace kf::config::detail
