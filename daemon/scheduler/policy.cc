#include "scheduler/policy.h"

#include <algorithm>
#include <limits>

#include "digest/fast_hash.h"

namespace kf::scheduler {
namespace {

// splitmix64's finaliser: every input bit reaches every output bit, so
// neighbouring seeds (a counter, a time) still give unrelated jitter.
std::uint64_t mix64(std::uint64_t x) {
  x += 0x9e3779b97f4a7c15ULL;
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
  x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
  return x ^ (x >> 31);
}

}  // namespace

Seconds interval_after_success(Seconds configured, const FreshnessHints& hints) {
  Seconds hint{0};
  if (hints.max_age) hint = std::max(hint, *hints.max_age);
  if (hints.ttl) hint = std::max(hint, *hints.ttl);
  // A configured interval above kMaxInterval is the operator's choice and
  // stays; only what a server claims is bounded.
  Seconds ceiling = std::max(configured, kMaxInterval);
  return std::max(configured, std::min(hint, ceiling));
}

Seconds backoff_after_errors(Seconds configured, int consecutive_errors) {
  if (consecutive_errors <= 0 || configured <= Seconds{0}) return configured;
  if (configured >= kMaxInterval) return configured;
  // Doubling stops at the cap, so at most ~17 rounds and no overflow for any n.
  Seconds delay = configured;
  for (int i = 0; i < consecutive_errors && delay < kMaxInterval; ++i) delay *= 2;
  return std::min(delay, kMaxInterval);
}

Seconds jittered(Seconds base, std::uint64_t seed) {
  if (base <= Seconds{0}) return Seconds{0};
  // base / 10 in whole seconds is >= 1 exactly when base >= 10 s; below that
  // a tenth of the base is under the resolution and the base stays as is.
  const std::int64_t range = base.count() / 10;
  if (range == 0) return base;
  const auto width = static_cast<std::uint64_t>(range) * 2 + 1;
  const auto offset = static_cast<std::int64_t>(mix64(seed) % width) - range;
  const std::int64_t max = std::numeric_limits<std::int64_t>::max();
  if (offset > 0 && base.count() > max - offset) return Seconds{max};
  return Seconds{base.count() + offset};
}

Seconds first_fetch_offset(std::string_view source_id, Seconds interval, Seconds spread) {
  const Seconds range = std::min(interval, spread);
  if (range <= Seconds{0}) return Seconds{0};
  // MurmurHash3 rather than std::hash: the latter may differ between builds,
  // and the offset must survive a restart with a new binary.
  const std::uint64_t h = digest::fast_hash64(source_id);
  return Seconds{static_cast<std::int64_t>(h % static_cast<std::uint64_t>(range.count()))};
}

}  // namespace kf::scheduler
