#include "scheduler/policy.h"

#include <catch2/catch.hpp>
#include <climits>
#include <set>
#include <string>
#include <vector>

using kf::scheduler::backoff_after_errors;
using kf::scheduler::first_fetch_offset;
using kf::scheduler::FreshnessHints;
using kf::scheduler::interval_after_success;
using kf::scheduler::jittered;
using kf::scheduler::kMaxInterval;
using kf::scheduler::Seconds;
using namespace std::chrono_literals;

namespace {
constexpr Seconds kDay = 24h;
}  // namespace

TEST_CASE("a success keeps the configured interval unless a hint is longer", "[scheduler]") {
  struct Row {
    Seconds configured;
    FreshnessHints hints;
    Seconds expected;
  };
  const std::vector<Row> rows = {
      {1h, {}, 1h},
      {1h, {.max_age = 2h, .ttl = {}}, 2h},
      {1h, {.max_age = {}, .ttl = 3h}, 3h},
      {1h, {.max_age = 10min, .ttl = {}}, 1h},  // shorter hint: ignored
      {1h, {.max_age = 10min, .ttl = 3h}, 3h},  // the longer hint wins
      {1h, {.max_age = 5h, .ttl = 2h}, 5h},
      {1h, {.max_age = 10 * kDay, .ttl = {}}, kDay},           // capped at kMaxInterval
      {2 * kDay, {.max_age = 5 * kDay, .ttl = {}}, 2 * kDay},  // cap is max(configured, 24h)
      {2 * kDay, {.max_age = 1h, .ttl = {}}, 2 * kDay},
      {30s, {}, 30s},  // configured used as given
      {30s, {.max_age = 0s, .ttl = 0s}, 30s},
      {1h, {.max_age = -5s, .ttl = {}}, 1h},
  };
  for (const auto& r : rows) {
    INFO("configured " << r.configured.count() << " s");
    CHECK(interval_after_success(r.configured, r.hints) == r.expected);
  }
}

TEST_CASE("errors back off by doubling up to one day", "[scheduler]") {
  struct Row {
    Seconds configured;
    int errors;
    Seconds expected;
  };
  const std::vector<Row> rows = {
      {600s, 0, 600s},
      {600s, -3, 600s},
      {600s, 1, 1200s},
      {600s, 2, 2400s},
      {600s, 7, 76800s},
      {600s, 8, kMaxInterval},
      {600s, 1000, kMaxInterval},
      {600s, INT_MAX, kMaxInterval},
      {60s, 1, 120s},
      {0s, 5, 0s},
      {0s, INT_MAX, 0s},
      {2 * kDay, 3, 2 * kDay},
      {kDay, 1, kDay},
      {kDay - 1s, 1, kDay},
  };
  for (const auto& r : rows) {
    INFO(r.configured.count() << " s after " << r.errors << " errors");
    CHECK(backoff_after_errors(r.configured, r.errors) == r.expected);
  }
}

TEST_CASE("jitter stays within ten percent and is deterministic per seed", "[scheduler]") {
  const Seconds base = 3600s;
  std::set<long long> seen;
  for (std::uint64_t seed = 0; seed < 10'000; ++seed) {
    const Seconds j = jittered(base, seed);
    CHECK(j >= 3240s);
    CHECK(j <= 3960s);
    CHECK(jittered(base, seed) == j);
    seen.insert(j.count());
  }
  // Consecutive seeds must not give neighbouring values only: the whole band is used.
  CHECK(*seen.begin() < 3260);
  CHECK(*seen.rbegin() > 3940);
  CHECK(seen.size() > 600);
}

TEST_CASE("jitter moves a base of at least ten seconds by at least one second", "[scheduler]") {
  std::set<long long> seen;
  for (std::uint64_t seed = 0; seed < 1000; ++seed) seen.insert(jittered(10s, seed).count());
  CHECK(seen == std::set<long long>{9, 10, 11});
}

TEST_CASE("jitter leaves zero, tiny and negative bases non-negative", "[scheduler]") {
  for (std::uint64_t seed : {0ULL, 1ULL, 42ULL, ~0ULL}) {
    CHECK(jittered(0s, seed) == 0s);
    CHECK(jittered(5s, seed) == 5s);  // a tenth of 5 s is below the resolution
    CHECK(jittered(-30s, seed) == 0s);
    CHECK(jittered(Seconds::max(), seed) >= Seconds::max() - Seconds::max() / 10);
  }
}

TEST_CASE("the first fetch offset is stable and within min(interval, spread)", "[scheduler]") {
  struct Row {
    Seconds interval, spread;
    Seconds limit;  // offsets are < limit, or 0 when limit is 0
  };
  const std::vector<Row> rows = {
      {3600s, 3600s, 3600s}, {600s, 3600s, 600s}, {3600s, 300s, 300s}, {1s, 3600s, 1s},
      {0s, 3600s, 0s},       {3600s, 0s, 0s},     {-5s, 3600s, 0s},
  };
  for (const auto& r : rows) {
    for (int i = 0; i < 500; ++i) {
      const std::string id = "source-" + std::to_string(i);
      const Seconds off = first_fetch_offset(id, r.interval, r.spread);
      INFO(id << " interval " << r.interval.count() << " spread " << r.spread.count());
      CHECK(off >= 0s);
      if (r.limit == 0s) {
        CHECK(off == 0s);
      } else {
        CHECK(off < r.limit);
      }
      CHECK(first_fetch_offset(id, r.interval, r.spread) == off);
    }
  }
}

TEST_CASE("first fetch offsets of 11,000 sources spread evenly", "[scheduler]") {
  constexpr int kSources = 11'000, kBuckets = 10;
  std::vector<int> buckets(kBuckets, 0);
  std::set<long long> distinct;
  for (int i = 0; i < kSources; ++i) {
    const Seconds off = first_fetch_offset("kommune-" + std::to_string(i), 1h, 1h);
    REQUIRE(off >= 0s);
    REQUIRE(off < 1h);
    ++buckets[off.count() * kBuckets / 3600];
    distinct.insert(off.count());
  }
  for (int b = 0; b < kBuckets; ++b) {
    INFO("bucket " << b);
    CHECK(buckets[b] >= 880);  // 1,100 expected, ±20%
    CHECK(buckets[b] <= 1320);
  }
  CHECK(distinct.size() > 3000);  // not a handful of values
}

TEST_CASE("different ids get different first fetch offsets", "[scheduler]") {
  CHECK(first_fetch_offset("kommune21", 1h, 1h) != first_fetch_offset("fitko", 1h, 1h));
  CHECK(first_fetch_offset("a", 1h, 1h) != first_fetch_offset("b", 1h, 1h));
}
