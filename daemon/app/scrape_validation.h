// Config-time validation of every html source's `scrape:` block: config/
// keeps the block as YAML text (it must not depend on scrape/), so the
// commands and the daemon's reload compile the rules here before a config
// is accepted. Thread-safe: pure.
#pragma once

#include <vector>

#include "config/config.h"

namespace kf::app {

// Every problem of every html source's scrape block, as Diagnostics at
// their feeds.yaml position (config.path names the file), sorted by line.
// Empty when all rules compile (or no source has a block).
std::vector<config::Diagnostic> validate_scrape_rules(const config::Config& config);

}  // namespace kf::app
