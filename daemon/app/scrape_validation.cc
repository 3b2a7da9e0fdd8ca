#include "app/scrape_validation.h"

#include <algorithm>

#include "scrape/rules.h"

namespace kf::app {

std::vector<config::Diagnostic> validate_scrape_rules(const config::Config& config) {
  std::vector<config::Diagnostic> out;
  for (const auto& source : config.sources) {
    if (source.type != config::SourceType::html || !source.scrape) continue;
    auto rules = scrape::parse_rules(*source.scrape, config.path);
    if (!rules) out.insert(out.end(), rules.error().begin(), rules.error().end());
  }
  std::stable_sort(out.begin(), out.end(), [](const auto& a, const auto& b) {
    return std::tie(a.line, a.column) < std::tie(b.line, b.column);
  });
  return out;
}

}  // namespace kf::app
