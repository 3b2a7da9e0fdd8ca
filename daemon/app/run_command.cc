#include <spdlog/spdlog.h>

#include "app/commands.h"
#include "app/daemon.h"

namespace kf::app {

int run_command(const CommonOptions& options) {
  auto cfg = load_config_or_report(options);
  if (!cfg) return kExitUsage;
  auto daemon = Daemon::create(std::move(*cfg), DaemonOptions{});
  if (!daemon) {
    spdlog::error("{}", daemon.error().message);
    return kExitFailure;
  }
  if (!(*daemon)->run()) return kExitFailure;
  spdlog::info("stopped");
  return kExitOk;
}

}  // namespace kf::app
