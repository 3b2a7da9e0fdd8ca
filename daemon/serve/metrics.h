// Metrics is the process's small Prometheus registry: counters the daemon
// bumps as it works (fetches by source and outcome with a duration
// histogram, near-duplicate merges), the daemon's view of which sources
// have a broken scrape rule, and the routes' requests, rendered
// by /metrics in the text exposition format 0.0.4. Label values are kept as
// given and escaped on output; callers keep their cardinality bounded (source
// ids, a fixed set of outcomes and route names).
// Thread-safe: every method may be called from any thread.
#pragma once

#include <array>
#include <cstdint>
#include <functional>
#include <map>
#include <mutex>
#include <string>
#include <string_view>
#include <utility>

namespace kf::serve {

class Metrics {
 public:
  // Upper bounds (seconds) of the fetch duration histogram; +Inf is implied.
  static constexpr std::array<double, 10> kBuckets = {0.1, 0.25, 0.5, 1,  2.5,
                                                      5,   10,   30,  60, 120};

  // One fetch of `source` ended with `outcome` (e.g. "ok", "not_modified",
  // "error") after `seconds` (negative counts as 0).
  void record_fetch(std::string_view source, std::string_view outcome, double seconds);
  // `n` articles were merged into near-duplicate clusters.
  void record_dedup_merge(std::uint64_t n = 1);
  // One request answered by route `route` with `status`.
  void record_request(std::string_view route, int status);
  // Selector health: `source` has the scrape rule `rule` marked broken, or
  // (rule "") is healthy again / gone. Rendered as the gauge
  // kommunalfeed_source_broken{source,rule} 1 per broken source; healthy
  // sources have no sample (absent, not 0), so the series ends when fixed.
  void set_source_broken(std::string_view source, std::string_view rule);

  // Every metric in text format 0.0.4, with # HELP and # TYPE lines, plus the
  // gauge kommunalfeed_articles{completeness="full"|"teaser"} from the given
  // counts (a negative count leaves that gauge out: the store did not answer).
  std::string render(std::int64_t full_articles, std::int64_t teaser_articles) const;

 private:
  struct Histogram {
    std::array<std::uint64_t, kBuckets.size()> buckets{};  // non-cumulative
    std::uint64_t count = 0;
    double sum = 0;
  };
  mutable std::mutex mutex_;
  std::map<std::pair<std::string, std::string>, std::uint64_t> fetches_;  // (source, outcome)
  std::map<std::string, Histogram> durations_;                            // by source
  // route → status → count; looked up by string_view, so counting a
  // request of a known route allocates nothing.
  std::map<std::string, std::map<int, std::uint64_t>, std::less<>> requests_;
  std::uint64_t dedup_merges_ = 0;
  std::map<std::string, std::string, std::less<>> broken_;  // source → broken rule
};

// `value` escaped for a label value: backslash, double quote and newline.
std::string escape_label(std::string_view value);

}  // namespace kf::serve
