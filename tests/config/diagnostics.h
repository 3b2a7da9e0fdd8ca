// Test helper: the diagnostics a config text produces, as the strings an
// admin reads ("feeds.yaml:LINE:COL: message"); empty when it is valid.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "config/config.h"

using Lines = std::vector<std::string>;

inline Lines diagnostics(std::string_view yaml) {
  auto cfg = kf::config::parse_config(yaml, "feeds.yaml");
  Lines out;
  if (!cfg)
    for (const auto& d : cfg.error()) out.push_back(d.str());
  return out;
}
