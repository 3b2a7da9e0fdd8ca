#include "app/source_book.h"

#include <algorithm>

#include "scheduler/policy.h"

namespace kf::app {

Result<SourceBook> SourceBook::load(Store& store, const config::Config& config) {
  SourceBook book;
  auto loaded = store.transaction([&]() -> Result<void> {
    for (const auto& source : config.sources) {
      if (auto r = store.ensure_source(source.id); !r) return r;
      auto state = store.source_state(source.id);
      if (!state) return std::unexpected(state.error());
      SourceState s = state->value_or(SourceState{});
      s.source_id = source.id;
      if (adopt_configured_url(source, s)) {
        book.notes_.push_back("source " + source.id + ": its url changed in feeds.yaml; " +
                              "redirects, validators and errors of the old url are forgotten");
      }
      if (!state->has_value() || s != **state) {
        if (auto r = store.save_source_state(s); !r) return r;
      }
      if (s.disabled && source.enabled)
        book.notes_.push_back("source " + source.id + " stays disabled: " + s.disabled_reason +
                              " (change its url in feeds.yaml to enable it again)");
      book.states_[source.id] = std::move(s);
    }
    return {};
  });
  if (!loaded) return std::unexpected(loaded.error());
  return book;
}

std::vector<SourceState> SourceBook::load_states(Store& store, const std::vector<std::string>& ids) {
  std::vector<SourceState> out;
  for (const auto& id : ids) {
    SourceState s;
    if (store.ensure_source(id)) {
      if (auto state = store.source_state(id); state && *state) s = **state;
    }
    s.source_id = id;
    out.push_back(std::move(s));
  }
  return out;
}

const SourceState& SourceBook::state(const std::string& id) {
  auto [it, inserted] = states_.try_emplace(id);
  if (inserted) it->second.source_id = id;
  return it->second;
}

void SourceBook::set_state(SourceState s) {
  std::string id = s.source_id;
  states_[id] = std::move(s);
}

std::vector<std::string> SourceBook::adopt(const config::Config& config) {
  std::vector<std::string> reset;
  for (const auto& source : config.sources) {
    SourceState& s = states_[source.id];
    s.source_id = source.id;
    if (adopt_configured_url(source, s)) reset.push_back(source.id);
  }
  return reset;
}

std::string SourceBook::request_url(const config::Source& source) const {
  auto it = states_.find(source.id);
  return it == states_.end() ? source.url : app::request_url(source, it->second);
}

std::optional<SourceBook::TimePoint> SourceBook::first_due(const config::Source& source,
                                                           const config::Config& config,
                                                           const DaemonOptions& options,
                                                           TimePoint now) {
  if (!source.enabled) return std::nullopt;
  const SourceState& s = state(source.id);
  if (options.once) {
    if (!options.only.empty() &&
        std::find(options.only.begin(), options.only.end(), source.id) == options.only.end())
      return std::nullopt;
    if (s.disabled) {
      skip(source.id, "disabled: " + s.disabled_reason);
      return std::nullopt;
    }
    return now;
  }
  if (s.disabled) return std::nullopt;
  if (s.next_fetch) return std::max<TimePoint>(now, *s.next_fetch);
  const auto interval = config.interval_of(source);
  const auto spread = std::min(interval, scheduler::Seconds(120));
  return now + scheduler::first_fetch_offset(source.id, interval, spread);
}

void SourceBook::add_report(const Outcome& outcome) {
  SourceReport r;
  r.id = outcome.record.source_id;
  r.http_status = outcome.record.http_status;
  r.new_articles = outcome.record.new_articles;
  r.updated_articles = outcome.record.updated_articles;
  r.unchanged_articles = outcome.record.unchanged_articles;
  r.error = outcome.record.error;
  reports_[r.id] = std::move(r);
}

void SourceBook::skip(const std::string& id, std::string reason) {
  SourceReport r;
  r.id = id;
  r.skipped = true;
  r.error = std::move(reason);
  reports_[id] = std::move(r);
}

std::vector<SourceReport> SourceBook::reports(const config::Config& config) const {
  std::vector<SourceReport> out;
  for (const auto& source : config.sources) {
    if (auto it = reports_.find(source.id); it != reports_.end()) out.push_back(it->second);
  }
  return out;
}

}  // namespace kf::app
