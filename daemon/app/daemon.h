// Daemon is kommunalfeed at work: one event loop (Boost.Asio) that owns the
// Fetcher and the JobQueue, a small worker pool for parsing and normalizing,
// and one store thread that commits every fetch in one transaction. It runs
// either as the long-lived service (`run`: on schedule, SIGHUP reloads
// feeds.yaml, SIGTERM/SIGINT stop it cleanly, systemd gets READY, STATUS and
// WATCHDOG) or for one round (`fetch`: every named source once, then exit).
// Asio lives in daemon.cc only. NOT thread-safe: create and run it from the
// main thread; it starts and joins its own threads.
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "config/config.h"
#include "model/error.h"

namespace kf::app {

// How one source fared in a `fetch` round.
struct SourceReport {
  std::string id;
  int http_status = 0;  // 0: no answer
  int new_articles = 0;
  int updated_articles = 0;
  int unchanged_articles = 0;
  std::string error;     // empty on success
  bool skipped = false;  // disabled after 410: not fetched
};

struct Progress {
  std::size_t done = 0;
  std::size_t total = 0;
  std::size_t failed = 0;
};

struct DaemonOptions {
  bool once = false;              // one round, then return (the `fetch` command)
  std::vector<std::string> only;  // once: these source ids (empty: every enabled one)
  std::function<void(const Progress&)> on_progress;  // once: after each source, on the loop thread
};

class Daemon {
 public:
  // Opens the store (the daemon lock included), registers the configured
  // sources and loads their state. Errors name the database path.
  static Result<std::unique_ptr<Daemon>> create(config::Config config, DaemonOptions options);
  ~Daemon();
  Daemon(const Daemon&) = delete;
  Daemon& operator=(const Daemon&) = delete;

  // Runs until stopped (service) or until the round is done (once). Returns
  // after every in-flight fetch finished or was cancelled (10 s at most after
  // SIGTERM), every result is committed and the threads are joined. The
  // service also serves HTTP on daemon.listen; false when it cannot listen
  // (the error is logged).
  bool run();

  // The round's per-source results in config order (once mode).
  std::vector<SourceReport> reports() const;

 private:
  class Impl;
  explicit Daemon(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace kf::app
