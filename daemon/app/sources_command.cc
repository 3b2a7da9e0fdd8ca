#include <cstdio>
#include <filesystem>

#include <spdlog/fmt/chrono.h>
#include <spdlog/fmt/fmt.h>
#include <spdlog/spdlog.h>

#include "app/commands.h"
#include "app/table.h"
#include "store/store.h"

namespace kf::app {
namespace {

std::string when(const std::optional<Timestamp>& t) {
  return t ? fmt::format("{:%Y-%m-%d %H:%M}Z", *t) : "never";
}

std::string duration(config::Seconds s) {
  auto n = s.count();
  if (n % 86400 == 0) return fmt::format("{}d", n / 86400);
  if (n % 3600 == 0) return fmt::format("{}h", n / 3600);
  if (n % 60 == 0) return fmt::format("{}m", n / 60);
  return fmt::format("{}s", n);
}

// The stored state of a source as a short status word for the table.
std::string status_of(const config::Source& source, const std::optional<SourceState>& state) {
  if (!source.enabled) return "disabled (config)";
  if (!state || !state->last_fetch) return "new";
  if (state->disabled) return "disabled: " + state->disabled_reason;
  if (!state->broken_rule.empty()) return "broken: rule " + state->broken_rule + " matches nothing";
  if (state->consecutive_errors > 0)
    return fmt::format("failing x{}: {}", state->consecutive_errors, state->last_error);
  return fmt::format("ok ({})", state->last_status);
}

// The status word, and for an html source read through its autodiscovered
// feed, which feed and where it was found.
std::string status_cell(const config::Source& source, const std::optional<SourceState>& state) {
  std::string out = status_of(source, state);
  if (state && !state->discovered_feed.empty())
    out += fmt::format("; feed: {} (found on {})", state->discovered_feed, state->feed_found_on);
  return out;
}

}  // namespace

int sources_command(const CommonOptions& options) {
  auto cfg = load_config_or_report(options);
  if (!cfg) return kExitUsage;

  // The daemon may be running: read beside it, and treat a missing database
  // as "nothing fetched yet" rather than an error.
  std::optional<Store> store;
  if (std::filesystem::exists(cfg->daemon.database)) {
    auto opened = Store::open(cfg->daemon.database, OpenMode::reader);
    if (!opened) {
      spdlog::error("{}", opened.error().message);
      return kExitFailure;
    }
    store.emplace(std::move(*opened));
  }

  Table table({"ID", "TYPE", "INTERVAL", "URL", "LAST FETCH", "NEXT FETCH", "FULL", "TEASERS", "STATUS"});
  for (const auto& source : cfg->sources) {
    std::optional<SourceState> state;
    SourceCounts counts;
    if (store) {
      auto s = store->source_state(source.id);
      auto c = store->source_counts(source.id);
      if (!s || !c) {
        spdlog::error("{}", (!s ? s.error() : c.error()).message);
        return kExitFailure;
      }
      state = *s;
      counts = *c;
    }
    std::string url = state && !state->effective_url.empty() ? state->effective_url : source.url;
    table.add_row({source.id, std::string(config::to_string(source.type)),
                   duration(cfg->interval_of(source)), url,
                   when(state ? state->last_fetch : std::nullopt),
                   when(state ? state->next_fetch : std::nullopt),
                   std::to_string(counts.full), std::to_string(counts.teasers),
                   status_cell(source, state)});
  }
  std::fputs(table.render().c_str(), stdout);
  if (!store) std::printf("(no database at %s yet)\n", cfg->daemon.database.c_str());
  return kExitOk;
}

}  // namespace kf::app
