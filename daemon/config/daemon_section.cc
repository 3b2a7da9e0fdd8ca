#include <array>

#include "config/checks.h"
#include "config/sections.h"

namespace kf::config::detail {
namespace {

constexpr std::array<std::string_view, 13> kDaemonKeys{
    "listen",    "database",  "user_agent",   "interval",
    "timeout",   "max_body",  "concurrency",  "per_host",
    "retention", "log_level", "allow_private_networks", "min_interval",
    "proxy"};
constexpr std::array<std::string_view, 2> kPerHostKeys{"concurrency", "delay"};
constexpr std::array<std::string_view, 7> kLogLevels{"trace", "debug", "info", "warn",
                                                     "error", "critical", "off"};
// A bound that still catches a typo such as 16000 without limiting real use.
constexpr std::int64_t kMaxConcurrency = 1000;

PerHost read_per_host(Reader& reader, const Entry& entry) {
  PerHost per_host;
  if (entry.value.IsNull()) return per_host;
  auto fields = reader.mapping(entry.value, entry.at(), "per_host", kPerHostKeys);
  if (!fields) return per_host;
  if (auto* e = fields->find("concurrency"))
    if (auto n = reader.integer(*e, 1, kMaxConcurrency)) per_host.concurrency = static_cast<int>(*n);
  if (auto* e = fields->find("delay"))
    if (auto d = reader.duration(*e, /*allow_ms=*/true, /*allow_zero=*/true)) per_host.delay = *d;
  return per_host;
}

Seconds to_seconds(std::chrono::milliseconds ms) { return std::chrono::duration_cast<Seconds>(ms); }

}  // namespace

Daemon read_daemon(Reader& reader, const Entry* entry) {
  Daemon daemon;
  // "daemon:" with every key commented out is the all-defaults section.
  if (!entry || entry->value.IsNull()) return daemon;
  auto fields = reader.mapping(entry->value, entry->at(), "daemon", kDaemonKeys);
  if (!fields) return daemon;

  if (auto* e = fields->find("listen")) {
    if (auto v = reader.text(*e)) {
      if (auto problem = listen_problem(*v))
        reader.report(e->at(), "listen: " + *problem);
      else
        daemon.listen = *v;
    }
  }
  if (auto* e = fields->find("database"))
    if (auto v = reader.text(*e)) daemon.database = *v;
  if (auto* e = fields->find("user_agent"))
    if (auto v = reader.text(*e)) daemon.user_agent = *v;
  if (auto* e = fields->find("min_interval"))
    if (auto d = reader.duration(*e, false, false)) daemon.min_interval = to_seconds(*d);
  if (auto* e = fields->find("interval")) {
    if (auto d = reader.duration(*e, false, false)) {
      daemon.interval = to_seconds(*d);
      if (auto problem = interval_problem(daemon.interval, daemon.min_interval))
        reader.report(e->at(), *problem);
    }
  }
  if (auto* e = fields->find("timeout"))
    if (auto d = reader.duration(*e, false, false)) daemon.timeout = to_seconds(*d);
  if (auto* e = fields->find("max_body"))
    if (auto n = reader.size(*e)) daemon.max_body = *n;
  if (auto* e = fields->find("concurrency"))
    if (auto n = reader.integer(*e, 1, kMaxConcurrency)) daemon.concurrency = static_cast<int>(*n);
  if (auto* e = fields->find("per_host")) daemon.per_host = read_per_host(reader, *e);
  if (auto* e = fields->find("retention"))
    if (auto d = reader.duration(*e, false, false)) daemon.retention = to_seconds(*d);
  if (auto* e = fields->find("log_level"))
    if (auto v = reader.choice(*e, "log level", kLogLevels)) daemon.log_level = *v;
  if (auto* e = fields->find("proxy")) {
    if (auto v = reader.text(*e)) daemon.proxy = *v;
  }
  if (auto* e = fields->find("allow_private_networks"))
    if (auto b = reader.boolean(*e)) daemon.allow_private_networks = *b;
  return daemon;
}

}  // namespace kf::config::detail
