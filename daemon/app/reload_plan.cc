#include "app/reload_plan.h"

#include "config/source_index.h"

namespace kf::app {
namespace {

// Changes that make the next fetch different; names, tags and the like only
// matter to publishing and leave the schedule alone.
bool fetch_changed(const config::Source& a, const config::Source& b) {
  return a.url != b.url || a.type != b.type || a.interval != b.interval || a.scrape != b.scrape ||
         a.ignore_robots != b.ignore_robots;
}

}  // namespace

ReloadPlan plan_reload(const config::Config& before, const config::Config& after) {
  ReloadPlan plan;
  const config::SourceIndex before_index(before.sources);
  const config::SourceIndex after_index(after.sources);
  for (const auto& next : after.sources) {
    const config::Source* prev = before_index.find(next.id);
    if (!next.enabled) {
      if (prev && prev->enabled) plan.removed.push_back(next.id);
      else ++plan.unchanged;
    } else if (!prev) {
      plan.added.push_back(next.id);
    } else if (!prev->enabled || fetch_changed(*prev, next) ||
               before.interval_of(*prev) != after.interval_of(next)) {
      plan.rescheduled.push_back(next.id);
    } else {
      ++plan.unchanged;
    }
  }
  for (const auto& prev : before.sources) {
    if (prev.enabled && !after_index.find(prev.id)) plan.removed.push_back(prev.id);
  }
  return plan;
}

std::vector<std::string> restart_only_changes(const config::Config& before,
                                              const config::Config& after) {
  std::vector<std::string> out;
  if (before.daemon.database != after.daemon.database)
    out.push_back("daemon.database changed; restart kommunalfeed to use it");
  if (before.daemon.listen != after.daemon.listen)
    out.push_back("daemon.listen changed; restart kommunalfeed to use it");
  return out;
}

}  // namespace kf::app
