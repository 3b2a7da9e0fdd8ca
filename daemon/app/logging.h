// Process-wide logging setup: spdlog to stderr. Under systemd (JOURNAL_STREAM
// set) each line carries a syslog priority prefix ("<6>") and no timestamp,
// because journald adds its own and maps the prefix to the entry's priority;
// on a terminal lines get a timestamp and the level name instead.
// Call once at start-up, before other threads exist.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace kf::app {

// Returns false (and leaves logging unchanged) when `level` is not one of
// trace, debug, info, warn, error, critical, off.
bool setup_logging(std::string_view level);

// True when `level` names an spdlog level accepted by setup_logging.
bool is_log_level(std::string_view level);

}  // namespace kf::app
