// Daemon::Impl, the daemon's event loop, shared by the three files that
// define it: daemon.cc (start, reload, shutdown, systemd and the site),
// daemon_sources.cc (scheduling, source fetches, the commit pipeline) and
// daemon_pages.cc (robots.txt and the pages of html sources). Internal to
// them; the rest of the program sees app/daemon.h.
//
// Everything here runs on the loop thread except the lambdas posted to cpu_
// (ingest) and db_ (commit), which hand their results back with asio::post.
// These three are the translation units with Asio besides serve/server.cc.
// html sources: the listing is the source's own job ("source:<id>", with
// history and state); the article pages it lists and its next pages are
// "page:<id>:<url>" jobs on the same host (politeness and robots.txt alike),
// committed without a history row. Which listed links are fetched is decided
// on the store thread: only those not stored as full articles yet.
// Source state written outside a source's own commit (selector health of an
// article page) goes to the store first; the source's next commit reads the
// store-owned fields back (keep_store_owned) so the loop's older copy in the
// SourceBook never overwrites them.
#pragma once

#include "app/daemon.h"

#include <signal.h>
#include <systemd/sd-daemon.h>

#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/system_timer.hpp>
#include <mutex>
#include <random>
#include <spdlog/fmt/chrono.h>
#include <spdlog/spdlog.h>
#include <thread>
#include <unordered_map>
#include <unordered_set>

#include "app/job_keys.h"
#include "app/reload_plan.h"
#include "app/round_stats.h"
#include "app/source_book.h"
#include "app/commit.h"
#include "app/html_source.h"
#include "app/ingest.h"
#include "app/scrape_validation.h"
#include "app/source_update.h"
#include "app/worker_pool.h"
#include "config/source_index.h"
#include "fetch/fetcher.h"
#include "scheduler/policy.h"
#include "scheduler/queue.h"
#include "scheduler/robots.h"
#include "serve/metrics.h"
#include "serve/routes.h"
#include "serve/server.h"
#include "store/store.h"

namespace kf::app {

namespace asio = boost::asio;
using Clock = std::chrono::system_clock;
using std::chrono::seconds;

// After SIGTERM, in-flight transfers get this long before they are cancelled.
inline constexpr seconds kShutdownGrace{10};
// Fetch history kept per source (the status page shows the last ones).
inline constexpr int kHistoryPerSource = 100;
// A robots.txt Crawl-delay longer than this is not obeyed in full: it would
// stall a site's article pages for hours.
inline constexpr std::chrono::milliseconds kMaxCrawlDelay{60'000};

inline Timestamp now_seconds() { return std::chrono::floor<seconds>(Clock::now()); }

class Daemon::Impl {
 public:
  Impl(config::Config config, DaemonOptions options, Store store, SourceBook book);
  bool run();
  std::vector<SourceReport> reports() const;

 private:
  // Scheduling.
  void schedule_source(const std::string& id, Clock::time_point due);
  void pump();
  void arm_wakeup();
  void start_job(const std::string& key);
  void start_source(const config::Source& source);
  // html pages: robots.txt first; then a page job's fetch, ingest and commit.
  enum class Gate { go, waiting, disallowed };
  Gate robots_gate(const std::string& key, const std::string& url);
  void start_page(const std::string& key, const config::Source& source, const std::string& url);
  void on_page_fetched(const std::string& key, const config::Source& source, int depth,
                       Result<fetch::Response> result);
  // What a committed html page asks for next, scheduled on the loop thread.
  struct FollowUps {
    std::vector<std::string> pages;  // listed articles not stored in full yet
    std::string next_page;           // next listing page within list.max_pages
    std::string feed;                // autodiscovered feed of a source without rules
    std::string found_on;
  };
  FollowUps follow_ups(const HtmlPage& page, const config::Source& source, int depth);
  // An unchanged page (304, same body) still stands for its discovered feed.
  static FollowUps stored_feed(const config::Source& source, const SourceState& state);
  void schedule_pages(const std::string& source_id, const FollowUps& next, int depth);
  // Store thread: selector health of an article page; the new broken rule
  // when it changed (saved already), else nullopt.
  std::optional<std::string> record_page_health(const std::string& source_id,
                                                const HtmlPage& page);
  void keep_store_owned(SourceState& state);
  void start_robots(const std::string& origin, const std::string& host);
  void on_robots(const std::string& origin, const std::string& host,
                 Result<fetch::Response> result);
  // One fetch's way through ingest and commit, back to the loop.
  void on_fetched(const config::Source& source, Timestamp started, Result<fetch::Response> result);
  void process(config::Source source, Outcome outcome, std::optional<fetch::Response> response);
  void skip_paused_host(const std::string& host, Timestamp until);
  struct PendingCommit {
    config::Source source;
    Outcome outcome;
    std::vector<Article> articles;
    std::optional<HtmlPage> page;  // html sources: the scraped listing
  };
  void enqueue_commit(PendingCommit commit);
  void flush_commits();
  void finish_commit(PendingCommit done, int merges);
  void commit(PendingCommit pending);
  void on_committed(const config::Source& source, Outcome outcome, bool saved,
                    FollowUps next = {});
  // Lifecycle.
  void wait_signal();
  void reload();
  void apply(config::Config next);
  void begin_shutdown();
  void maybe_finish();
  bool start_serving();
  void arm_watchdog(std::chrono::microseconds period);
  void arm_status();
  void arm_prune();
  void report_status();
  fetch::Options fetch_options() const;
  scheduler::Limits limits() const;
  std::uint64_t seed() { return rng_(); }

  config::Config config_;
  config::SourceIndex sources_;  // over config_.sources; rebuilt with it
  DaemonOptions options_;
  asio::io_context io_;
  fetch::Fetcher fetcher_;
  scheduler::JobQueue queue_;
  scheduler::RobotsCache robots_;
  // Jobs (source and page keys) waiting for their origin's robots.txt.
  std::unordered_map<std::string, std::vector<std::string>> waiting_for_robots_;
  // Pending page jobs: 0 an article page, n >= 1 the n-th listing page, -1 a feed.
  std::unordered_map<std::string, int> page_depth_;
  std::unordered_set<std::string> feed_logged_;  // sources whose discovered feed was logged
  SourceBook book_;  // loop thread only
  Store store_;      // db_ thread only, once run() started
  WorkerPool cpu_;
  WorkerPool db_;
  asio::system_timer wakeup_;
  asio::system_timer watchdog_;
  asio::system_timer status_timer_;
  asio::system_timer prune_timer_;
  asio::system_timer grace_timer_;
  asio::signal_set signals_;
  std::mt19937_64 rng_{std::random_device{}()};
  // Serving (service mode): the routes read their own connection; the
  // generation tells their cache that articles changed; the heartbeat,
  // stamped by the loop, tells /healthz the loop is alive.
  serve::Metrics metrics_;
  std::atomic<std::uint64_t> generation_{0};
  std::atomic<std::int64_t> heartbeat_{0};
  std::unique_ptr<serve::Site> site_;
  std::unique_ptr<serve::Server> server_;
  std::mutex commits_mutex_;  // guards commits_ (CPU workers add, the store thread takes)
  std::vector<PendingCommit> commits_;
  std::size_t in_pipeline_ = 0;  // fetches started and not yet committed
  std::size_t max_pipeline_ = 32;
  bool stopping_ = false;
  RoundStats stats_;
  std::chrono::steady_clock::time_point started_;  // when run() began scheduling
};

}  // namespace kf::app
