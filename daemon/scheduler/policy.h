// The timing rules of polite polling, as pure functions: when a source is
// fetched next after a success or an error, and how first fetches are spread
// so that sources do not fire together. No clock, no randomness source of its
// own (callers pass a seed), so every rule is a table test.
// Thread-safe: pure functions.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string_view>

namespace kf::scheduler {

using Seconds = std::chrono::seconds;

// No source is polled more often than this, whatever feeds.yaml says
// (daemon.min_interval may lower it for tests; the config checks that).
inline constexpr Seconds kDefaultMinInterval{60};
// Errors back off up to this, and server hints lengthen up to this.
inline constexpr Seconds kMaxInterval{24 * 60 * 60};

// What the last successful answer said about its own freshness.
struct FreshnessHints {
  std::optional<Seconds> max_age;      // Cache-Control max-age, or Expires - Date
  std::optional<Seconds> ttl;          // RSS <ttl>, in seconds
};

// The interval after a success: the configured one, lengthened (never
// shortened) by max_age or ttl, whichever is longer, but a hint never pushes
// it beyond max(configured, kMaxInterval). `configured` is used as given.
Seconds interval_after_success(Seconds configured, const FreshnessHints& hints);

// The delay after the n-th consecutive error (n >= 1): configured × 2^n,
// capped at kMaxInterval (and never below configured). n <= 0 gives
// `configured`. Overflow-safe for any n.
Seconds backoff_after_errors(Seconds configured, int consecutive_errors);

// `base` moved by up to ±10% (at least ±1 s when base >= 10 s), chosen by
// `seed` (any 64-bit value; the daemon passes a random one). Deterministic
// for a given seed; never negative; base 0 stays 0.
Seconds jittered(Seconds base, std::uint64_t seed);

// Where in its first interval a source with no stored next fetch starts:
// a stable offset in [0, min(interval, spread)) derived from the id, so a
// restart does not move it and 11,000 sources spread evenly over `spread`.
Seconds first_fetch_offset(std::string_view source_id, Seconds interval, Seconds spread);

}  // namespace kf::scheduler
