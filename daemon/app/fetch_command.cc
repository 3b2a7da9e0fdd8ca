// `fetch`: one round over all or the named sources, then a table. On a
// terminal a progress line is redrawn on stderr after every source.
#include <unistd.h>

#include <cstdio>
#include <spdlog/fmt/fmt.h>
#include <spdlog/spdlog.h>

#include "app/commands.h"
#include "app/daemon.h"
#include "app/table.h"

namespace kf::app {
namespace {

void draw_progress(const Progress& p) {
  constexpr int kWidth = 30;
  const int filled = p.total == 0 ? kWidth : static_cast<int>(p.done * kWidth / p.total);
  std::fprintf(stderr, "\r[%s%s] %zu/%zu sources, %zu failed", std::string(filled, '#').c_str(),
               std::string(kWidth - filled, '.').c_str(), p.done, p.total, p.failed);
  if (p.done == p.total) std::fputc('\n', stderr);
  std::fflush(stderr);
}

std::string status_cell(const SourceReport& r) {
  if (r.skipped) return "skipped";
  if (r.http_status == 0) return "no answer";
  return std::to_string(r.http_status);
}

}  // namespace

int fetch_command(const FetchOptions& options) {
  auto cfg = load_config_or_report(options.common);
  if (!cfg) return kExitUsage;
  for (const auto& id : options.sources) {
    if (!cfg->find_source(id)) {
      std::fprintf(stderr, "kommunalfeed: no source '%s' in %s\n", id.c_str(),
                   options.common.config_path.c_str());
      return kExitUsage;
    }
  }
  DaemonOptions daemon_options;
  daemon_options.once = true;
  daemon_options.only = options.sources;
  if (isatty(STDERR_FILENO)) daemon_options.on_progress = draw_progress;
  auto daemon = Daemon::create(std::move(*cfg), std::move(daemon_options));
  if (!daemon) {
    spdlog::error("{}", daemon.error().message);
    return kExitFailure;
  }
  (*daemon)->run();

  Table table({"SOURCE", "STATUS", "NEW", "UPDATED", "UNCHANGED", "ERROR"});
  bool failed = false;
  for (const auto& r : (*daemon)->reports()) {
    failed |= !r.skipped && !r.error.empty();
    table.add_row({r.id, status_cell(r), std::to_string(r.new_articles),
                   std::to_string(r.updated_articles), std::to_string(r.unchanged_articles),
                   r.error});
  }
  std::fputs(table.render().c_str(), stdout);
  return failed ? kExitFailure : kExitOk;
}

}  // namespace kf::app
