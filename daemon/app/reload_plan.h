// What a SIGHUP reload changes: which sources are new, gone, or changed in a
// way that moves their schedule, and which daemon settings only a restart
// can change. Pure; thread-safe.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "config/config.h"

namespace kf::app {

struct ReloadPlan {
  std::vector<std::string> added;        // new ids, enabled
  std::vector<std::string> removed;      // ids gone or now disabled
  std::vector<std::string> rescheduled;  // kept, but url, type, interval, scrape or
                                         // robots changed, or enabled again
  std::size_t unchanged = 0;             // untouched: their schedule and state stay
};

// Compares two configs source by source (by id).
ReloadPlan plan_reload(const config::Config& before, const config::Config& after);

// Settings that differ but are only read at start (database, listen),
// worded for the log: "daemon.database changed; restart kommunalfeed to use it".
std::vector<std::string> restart_only_changes(const config::Config& before,
                                              const config::Config& after);

}  // namespace kf::app
