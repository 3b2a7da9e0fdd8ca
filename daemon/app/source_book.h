// SourceBook is the event loop's view of every configured source's stored
// state (validators, effective URL, next fetch, 410), loaded once at start
// and then kept current from each commit, so scheduling never waits for the
// database. It also collects the per-source results of a `fetch` round.
// NOT thread-safe: the daemon's loop thread only (load() runs before it).
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "app/daemon.h"
#include "app/source_update.h"
#include "config/config.h"
#include "store/store.h"

namespace kf::app {

class SourceBook {
 public:
  using TimePoint = std::chrono::system_clock::time_point;

  // Registers every configured source in `store`, loads its state and resets
  // the state of sources whose URL changed in feeds.yaml (saved at once).
  static Result<SourceBook> load(Store& store, const config::Config& config);
  // Rows and states of `ids` (registered if new), for sources added by a reload.
  static std::vector<SourceState> load_states(Store& store, const std::vector<std::string>& ids);

  // What an admin should know at start: disabled sources, reset states.
  const std::vector<std::string>& startup_notes() const { return notes_; }

  // The state of `id` (an empty one for a source not seen before).
  const SourceState& state(const std::string& id);
  void set_state(SourceState s);
  // Applies adopt_configured_url to every configured source; returns the
  // ids whose state was reset (their URL changed).
  std::vector<std::string> adopt(const config::Config& config);

  std::string request_url(const config::Source& source) const;

  // When `source` is fetched first: nullopt when it is not fetched at all
  // (disabled in feeds.yaml or after 410, or not among `options.only`).
  // A round (options.once) fetches now; the service keeps a stored next
  // fetch (now when overdue) and spreads new sources over their first
  // interval, at most 2 minutes.
  std::optional<TimePoint> first_due(const config::Source& source, const config::Config& config,
                                     const DaemonOptions& options, TimePoint now);

  // Results of a round, in config order; sources skipped by first_due for
  // being disabled after 410 appear with skipped = true.
  void add_report(const Outcome& outcome);
  // Reports `id` as not fetched in this round, for `reason`.
  void skip(const std::string& id, std::string reason);
  std::vector<SourceReport> reports(const config::Config& config) const;

 private:
  std::unordered_map<std::string, SourceState> states_;
  std::unordered_map<std::string, SourceReport> reports_;
  std::vector<std::string> notes_;
};

}  // namespace kf::app
