#include <cstdio>

#include <spdlog/spdlog.h>

#include "app/commands.h"
#include "app/logging.h"
#include "app/scrape_validation.h"

namespace kf::app {

std::optional<config::Config> load_config_or_report(const CommonOptions& options) {
  auto loaded = config::load_config(options.config_path);
  if (loaded) {
    // Scrape rules are compiled here, not in config/ (which must not depend on scrape/).
    if (auto problems = validate_scrape_rules(*loaded); !problems.empty())
      loaded = std::unexpected(std::move(problems));
  }
  if (!loaded) {
    for (const auto& d : loaded.error()) std::fprintf(stderr, "%s\n", d.str().c_str());
    std::fprintf(stderr, "%zu problem%s in %s\n", loaded.error().size(),
                 loaded.error().size() == 1 ? "" : "s", options.config_path.c_str());
    return std::nullopt;
  }
  if (!options.database.empty()) loaded->daemon.database = options.database;
  if (!options.log_level.empty()) loaded->daemon.log_level = options.log_level;
  if (!setup_logging(loaded->daemon.log_level)) {
    std::fprintf(stderr, "kommunalfeed: unknown log level '%s'\n", loaded->daemon.log_level.c_str());
    return std::nullopt;
  }
  return std::move(*loaded);
}

int check_command(const CommonOptions& options) {
  auto cfg = load_config_or_report(options);
  if (!cfg) return kExitUsage;
  std::size_t enabled = 0, html = 0;
  for (const auto& s : cfg->sources) {
    enabled += s.enabled ? 1 : 0;
    html += s.type == config::SourceType::html ? 1 : 0;
  }
  std::printf("%s: ok: %zu sources (%zu enabled, %zu html), %zu outputs, database %s\n",
              options.config_path.c_str(), cfg->sources.size(), enabled, html,
              cfg->publish.outputs.size(), cfg->daemon.database.c_str());
  return kExitOk;
}

}  // namespace kf::app
