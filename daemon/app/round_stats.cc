#include "app/round_stats.h"

#include <spdlog/fmt/fmt.h>
#include <spdlog/spdlog.h>

namespace kf::app {

void RoundStats::count(const Outcome& outcome) {
  ++done;
  if (!outcome.success) ++failed;
  new_articles += static_cast<std::uint64_t>(outcome.record.new_articles);
  updated_articles += static_cast<std::uint64_t>(outcome.record.updated_articles);
}

std::string RoundStats::status_line(std::size_t sources, std::size_t scheduled,
                                    std::size_t in_flight) const {
  return fmt::format("{} sources; {} fetches ({} failed), {} new and {} updated articles since "
                     "start; {} in flight, {} scheduled",
                     sources, done, failed, new_articles, updated_articles, in_flight, scheduled);
}

void count_upsert(FetchRecord& record, Upsert upsert) {
  switch (upsert) {
    case Upsert::inserted: ++record.new_articles; break;
    case Upsert::updated: ++record.updated_articles; break;
    case Upsert::unchanged: ++record.unchanged_articles; break;
  }
}

void log_outcome(const Outcome& outcome, bool saved) {
  const FetchRecord& r = outcome.record;
  for (const auto& line : outcome.log) {
    if (line.warning)
      spdlog::warn("{}", line.text);
    else
      spdlog::info("{}", line.text);
  }
  if (outcome.state.disabled) return;  // the outcome's own warning said it all
  if (!outcome.success) {
    const auto next = outcome.state.next_fetch ? (*outcome.state.next_fetch - r.started).count() : 0;
    spdlog::warn("{} (error {} in a row; next try in {} s)", r.error,
                 outcome.state.consecutive_errors, next);
    return;
  }
  if (!saved) return;
  const std::string what =
      r.http_status == 304             ? std::string("not modified")
      : outcome.body == Body::unchanged ? std::string("body unchanged")
                                        : fmt::format("{} new, {} updated, {} unchanged",
                                                      r.new_articles, r.updated_articles,
                                                      r.unchanged_articles);
  if (r.new_articles > 0 || r.updated_articles > 0)
    spdlog::info("source {}: {} {} in {} ms: {}", r.source_id, r.http_status, r.url, r.duration_ms,
                 what);
  else
    spdlog::debug("source {}: {} {} in {} ms: {}", r.source_id, r.http_status, r.url,
                  r.duration_ms, what);
}

}  // namespace kf::app
