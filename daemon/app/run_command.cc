#include <spdlog/spdlog.h>

#include "app/commands.h"
#include "store/store.h"

namespace kf::app {

// Until the scheduler exists (issue 5) `run` checks everything the daemon
// needs at start-up and says plainly that it does not fetch yet.
int run_command(const CommonOptions& options) {
  auto cfg = load_config_or_report(options);
  if (!cfg) return kExitUsage;

  auto store = Store::open(cfg->daemon.database, OpenMode::daemon);
  if (!store) {
    spdlog::error("{}", store.error().message);
    return kExitFailure;
  }
  auto registered = store->transaction([&]() -> Result<void> {
    for (const auto& source : cfg->sources)
      if (auto r = store->ensure_source(source.id); !r) return r;
    return {};
  });
  if (!registered) {
    spdlog::error("{}", registered.error().message);
    return kExitFailure;
  }
  spdlog::info("store {} open at schema version {}", cfg->daemon.database,
               store->schema_version());
  for (const auto& source : cfg->sources) {
    if (!source.enabled) continue;
    spdlog::info("source {}: would fetch {} every {}s", source.id, source.url,
                 cfg->interval_of(source).count());
  }
  spdlog::warn("fetching is not implemented yet; exiting without fetching");
  return kExitOk;
}

}  // namespace kf::app
