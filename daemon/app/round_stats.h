// RoundStats counts what the daemon did since it started (or in this round):
// fetches, failures, new articles. It feeds the progress bar of `fetch`, the
// systemd STATUS= line and the per-fetch log line. NOT thread-safe: the
// loop thread only.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>

#include "app/daemon.h"
#include "app/source_update.h"
#include "store/store.h"

namespace kf::app {

struct RoundStats {
  std::size_t total = 0;   // sources in this round (fetch command)
  std::size_t done = 0;    // fetches committed
  std::size_t failed = 0;  // of which failed
  std::uint64_t new_articles = 0;
  std::uint64_t updated_articles = 0;

  void count(const Outcome& outcome);
  Progress progress() const { return {done, total, failed}; }
  // "19 sources; 1,234 fetches (3 failed), 56 new articles since start; 2 in flight, 17 scheduled"
  std::string status_line(std::size_t sources, std::size_t scheduled, std::size_t in_flight) const;
};

// Adds the result of one upsert to the record's counts.
void count_upsert(FetchRecord& record, Upsert upsert);

// Logs one committed fetch: failures as warnings, new or updated articles at
// info, quiet rounds (304, unchanged) at debug; then the outcome's own notes.
void log_outcome(const Outcome& outcome, bool saved);

}  // namespace kf::app
