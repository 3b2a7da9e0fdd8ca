// The daemon's event loop. Everything here runs on the loop thread except
// the lambdas posted to cpu_ (ingest) and db_ (commit), which hand their
// results back with asio::post. One of the few translation units with Asio.
// html sources: the listing is the source's own job ("source:<id>", with
// history and state); the article pages it lists and its next pages are
// "page:<id>:<url>" jobs on the same host (politeness and robots.txt alike),
// committed without a history row. Which listed links are fetched is decided
// on the store thread: only those not stored as full articles yet.
// Source state written outside a source's own commit (selector health of an
// article page) goes to the store first; the source's next commit reads the
// store-owned fields back (keep_store_owned) so the loop's older copy in the
// SourceBook never overwrites them.
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

namespace {

// After SIGTERM, in-flight transfers get this long before they are cancelled.
constexpr seconds kShutdownGrace{10};
// Fetch history kept per source (the status page shows the last ones).
constexpr int kHistoryPerSource = 100;
// A robots.txt Crawl-delay longer than this is not obeyed in full: it would
// stall a site's article pages for hours.
constexpr std::chrono::milliseconds kMaxCrawlDelay{60'000};

Timestamp now_seconds() { return std::chrono::floor<seconds>(Clock::now()); }

}  // namespace

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

Daemon::Impl::Impl(config::Config config, DaemonOptions options, Store store, SourceBook book)
    : config_(std::move(config)),
      options_(std::move(options)),
      fetcher_(io_, fetch::Options{}),
      queue_(scheduler::Limits{}),
      book_(std::move(book)),
      store_(std::move(store)),
      cpu_(std::clamp<std::size_t>(std::thread::hardware_concurrency(), 1, 4), "kf-parse"),
      db_(1, "kf-store"),
      wakeup_(io_),
      watchdog_(io_),
      status_timer_(io_),
      prune_timer_(io_),
      grace_timer_(io_),
      signals_(io_, SIGHUP, SIGTERM, SIGINT) {
  sources_.rebuild(config_.sources);
  fetcher_.set_options(fetch_options());
  queue_.set_limits(limits());
}

fetch::Options Daemon::Impl::fetch_options() const {
  fetch::Options o;
  o.user_agent = config_.daemon.user_agent;
  o.timeout = config_.daemon.timeout;
  o.connect_timeout = std::min(config_.daemon.timeout, seconds(10));
  o.max_body = config_.daemon.max_body;
  o.allow_private_networks = config_.daemon.allow_private_networks;
  o.proxy = config_.daemon.proxy;
  return o;
}

scheduler::Limits Daemon::Impl::limits() const {
  return {config_.daemon.concurrency, config_.daemon.per_host.concurrency,
          config_.daemon.per_host.delay};
}

bool Daemon::Impl::run() {
  started_ = std::chrono::steady_clock::now();
  max_pipeline_ = static_cast<std::size_t>(config_.daemon.concurrency) * 2;
  const auto now = Clock::now();
  for (const auto& source : config_.sources) {
    auto due = book_.first_due(source, config_, options_, now);
    if (due) schedule_source(source.id, *due);
  }
  stats_.total = queue_.pending();
  for (const auto& source : config_.sources)
    metrics_.set_source_broken(source.id, book_.state(source.id).broken_rule);
  if (options_.once && stats_.total == 0) {
    spdlog::warn("no source to fetch");
  }
  wait_signal();
  if (!options_.once) {
    if (!start_serving()) {
      cpu_.join();
      db_.join();
      return false;
    }
    std::uint64_t usec = 0;
    if (sd_watchdog_enabled(0, &usec) > 0) arm_watchdog(std::chrono::microseconds(usec / 2));
    arm_status();
    arm_prune();
    sd_notify(0, "READY=1");
    spdlog::info("running: {} sources, {} due now or later, database {}", config_.sources.size(),
                 queue_.pending(), config_.daemon.database);
  }
  pump();
  maybe_finish();
  io_.run();
  if (server_) server_->stop();
  cpu_.join();
  db_.join();
  return true;
}

bool Daemon::Impl::start_serving() {
  heartbeat_ = Clock::now().time_since_epoch() / seconds(1);
  site_ = std::make_unique<serve::Site>(
      config_, &generation_,
      [this] {
        // The status timer stamps the heartbeat every 5 s from the loop.
        const auto now = Clock::now().time_since_epoch() / seconds(1);
        return now - heartbeat_.load() < 30;
      },
      &metrics_);
  serve::Server::Options options;
  options.listen = config_.daemon.listen;
  auto server = serve::Server::start(options, site_->handler());
  if (!server) {
    spdlog::error("{}", server.error().message);
    return false;
  }
  server_ = std::move(*server);
  const std::string host = config_.daemon.listen.substr(0, config_.daemon.listen.rfind(':'));
  spdlog::info("serving on http://{}:{}/ (feed: /feed.atom)", host, server_->port());
  return true;
}

void Daemon::Impl::schedule_source(const std::string& id, Clock::time_point due) {
  const config::Source* source = sources_.find(id);
  if (!source) return;
  queue_.schedule(source_key(id), host_of(book_.request_url(*source)), due);
}

void Daemon::Impl::pump() {
  if (stopping_) return;
  // With the pipeline full, the next commit calls pump() again; arming the
  // timer for a due time already past would spin the loop until then.
  if (in_pipeline_ >= max_pipeline_) return;
  for (const std::string& key : queue_.take_ready(Clock::now())) start_job(key);
  arm_wakeup();
}

void Daemon::Impl::arm_wakeup() {
  auto next = queue_.next_wakeup();
  wakeup_.cancel();
  if (!next || stopping_) return;
  wakeup_.expires_at(*next);
  wakeup_.async_wait([this](const boost::system::error_code& ec) {
    if (!ec) pump();
  });
}

void Daemon::Impl::start_job(const std::string& key) {
  if (auto origin = robots_origin_of(key)) {
    return start_robots(*origin, host_of(*origin));
  }
  const auto page = page_of(key);
  const config::Source* source = sources_.find(page ? page->first : source_id_of(key));
  if (!source || !source->enabled) {
    queue_.finished(key);
    page_depth_.erase(key);
    return;
  }
  if (page) {
    const Gate gate = source->ignore_robots ? Gate::go : robots_gate(key, page->second);
    if (gate == Gate::go) return start_page(key, *source, page->second);
    if (gate == Gate::disallowed) {
      spdlog::warn("source {}: robots.txt of {} disallows {}; not fetched", source->id,
                   origin_of(page->second), page->second);
      page_depth_.erase(key);
    }
    return;
  }
  if (source->type == config::SourceType::html && !source->ignore_robots) {
    const std::string url = book_.request_url(*source);
    const std::string origin = origin_of(url);
    const Gate gate = robots_gate(key, url);
    if (gate == Gate::waiting) return;
    if (gate == Gate::disallowed) {
      ++in_pipeline_;
      Outcome outcome =
          classify(*source, book_.state(source->id),
                   fail_result("fetch: " + source->id + ": " + url +
                               ": robots.txt of " + origin + " disallows this page"),
                   now_seconds());
      return process(*source, std::move(outcome), std::nullopt);
    }
  }
  start_source(*source);
}

// Finishes `key` unless its robots.txt is cached and allows `url`; a page
// without one waits for it, which takes the host's next slot.
Daemon::Impl::Gate Daemon::Impl::robots_gate(const std::string& key, const std::string& url) {
  const std::string origin = origin_of(url);
  const scheduler::Robots* robots = robots_.find(origin, Clock::now());
  if (robots && robots->allows(path_of(url))) return Gate::go;
  queue_.finished(key);
  if (robots) return Gate::disallowed;
  auto& waiting = waiting_for_robots_[origin];
  waiting.push_back(key);
  if (waiting.size() == 1) queue_.schedule(robots_key(origin), host_of(url), Clock::now());
  return Gate::waiting;
}

void Daemon::Impl::start_page(const std::string& key, const config::Source& source,
                              const std::string& url) {
  ++in_pipeline_;
  fetch::Request request{url, "", "", source.id};
  const int depth = page_depth_.contains(key) ? page_depth_[key] : 0;
  page_depth_.erase(key);
  fetcher_.fetch(std::move(request), [this, key, source, depth](Result<fetch::Response> result) {
    on_page_fetched(key, source, depth, std::move(result));
  });
}

void Daemon::Impl::on_page_fetched(const std::string& key, const config::Source& source, int depth,
                                   Result<fetch::Response> result) {
  queue_.finished(key);
  if (!result || result->status / 100 != 2) {
    if (!stopping_)
      spdlog::warn("source {}: page {}: {}", source.id, page_of(key)->second,
                   result ? fmt::format("HTTP {}", result->status) : result.error().message);
    --in_pipeline_;
    pump();
    return maybe_finish();
  }
  const Timestamp at = now_seconds();
  cpu_.post([this, source, depth, at, file = config_.path, response = std::move(*result)] {
    // A discovered feed is read as the feed source the page stands for.
    config::Source as = source;
    if (depth < 0) as.type = config::SourceType::feed;
    auto ingested = ingest(as, response, at, file, depth > 0);
    db_.post([this, source, depth, at, ingested = std::move(ingested)]() mutable {
      FollowUps next;
      std::optional<std::string> broken;
      if (!ingested) {
        spdlog::warn("source {}: {}", source.id, ingested.error().message);
      } else {
        TeaserSightings seen;
        if (ingested->page) seen = {ingested->page->page_url, ingested->page->teaser_ids, at};
        FetchRecord counts;
        auto saved = commit_page(store_, ingested->articles, seen, counts, dedup::Settings{});
        if (!saved) {
          spdlog::error("{} (page of source {} not stored)", saved.error().message, source.id);
        } else {
          spdlog::debug("source {}: page {}: {} new, {} updated", source.id, seen.page_url,
                        counts.new_articles, counts.updated_articles);
          // Served bodies are cached per generation: a scraped article (or a
          // teaser upgraded to one) must reach the feeds now, not with the
          // next listing commit that happens to change something.
          if (counts.new_articles > 0 || counts.updated_articles > 0)
            generation_.fetch_add(1, std::memory_order_release);
          if (ingested->page) next = follow_ups(*ingested->page, source, depth);
          // Only pages meant as articles: a next listing page past the end
          // of a short list is no evidence of a broken rule.
          if (ingested->page && depth == 0)
            broken = record_page_health(source.id, *ingested->page);
        }
      }
      asio::post(io_, [this, id = source.id, next = std::move(next), depth, broken] {
        --in_pipeline_;
        if (broken) {
          SourceState state = book_.state(id);
          state.broken_rule = *broken;
          book_.set_state(std::move(state));
        }
        if (!stopping_) schedule_pages(id, next, depth);
        pump();
        maybe_finish();
      });
    });
  });
}

// Store thread: the links the page lists that are still to fetch, and the
// next listing page while list.max_pages allows.
Daemon::Impl::FollowUps Daemon::Impl::follow_ups(const HtmlPage& page,
                                                 const config::Source& source, int depth) {
  FollowUps next;
  if (depth < 1) return next;
  next.pages = links_to_follow(store_, page);
  if (page.listing && !page.next_page.empty() && depth < page.limits.max_pages)
    next.next_page = page.next_page;
  if (!page.feed.empty() && !source.scrape) {
    next.feed = page.feed;
    next.found_on = page.page_url;
  }
  return next;
}

Daemon::Impl::FollowUps Daemon::Impl::stored_feed(const config::Source& source,
                                                  const SourceState& state) {
  FollowUps next;
  if (source.type != config::SourceType::html || source.scrape || state.discovered_feed.empty() ||
      state.consecutive_errors > 0)
    return next;
  next.feed = state.discovered_feed;
  next.found_on = state.feed_found_on;
  return next;
}

std::optional<std::string> Daemon::Impl::record_page_health(const std::string& source_id,
                                                            const HtmlPage& page) {
  if (page.checked_rule.empty()) return std::nullopt;
  auto stored = store_.source_state(source_id);
  if (!stored || !*stored) {
    if (!stored)
      spdlog::error("{} (selector health of {} not recorded)", stored.error().message,
                    page.page_url);
    return std::nullopt;
  }
  SourceState state = std::move(**stored);
  const std::string before = state.broken_rule;
  if (auto w = update_selector_health(store_, page, state); !w.empty()) spdlog::warn("{}", w);
  if (state.broken_rule == before) return std::nullopt;
  if (auto saved = store_.save_source_state(state); !saved) {
    spdlog::error("{} (selector health of source {} not recorded)", saved.error().message,
                  source_id);
    return std::nullopt;
  }
  metrics_.set_source_broken(source_id, state.broken_rule);
  return state.broken_rule;
}

// The fields only the store thread decides (selector health), as stored: an
// article page may have changed them after the loop copied this state.
void Daemon::Impl::keep_store_owned(SourceState& state) {
  auto stored = store_.source_state(state.source_id);
  if (stored && *stored) state.broken_rule = (*stored)->broken_rule;
}

void Daemon::Impl::schedule_pages(const std::string& source_id, const FollowUps& next, int depth) {
  auto add = [&](const std::string& url, int page_depth) {
    const std::string key = page_key(source_id, url);
    if (queue_.is_pending(key) || queue_.is_running(key)) return;
    page_depth_[key] = page_depth;
    queue_.schedule(key, host_of(url), Clock::now());
  };
  for (const auto& url : next.pages) add(url, 0);
  if (!next.next_page.empty()) add(next.next_page, depth + 1);
  if (!next.feed.empty()) {
    if (feed_logged_.insert(source_id).second)
      spdlog::info("source {}: using the feed {} found on {}", source_id, next.feed, next.found_on);
    add(next.feed, -1);
  }
}

void Daemon::Impl::start_source(const config::Source& source) {
  const SourceState& state = book_.state(source.id);
  fetch::Request request{book_.request_url(source), state.etag, state.last_modified, source.id};
  ++in_pipeline_;
  const Timestamp started = now_seconds();
  fetcher_.fetch(std::move(request), [this, source, started](Result<fetch::Response> result) {
    on_fetched(source, started, std::move(result));
  });
}

void Daemon::Impl::start_robots(const std::string& origin, const std::string& host) {
  fetch::Request request{origin + "/robots.txt", "", "", "robots.txt"};
  fetcher_.fetch(std::move(request), [this, origin, host](Result<fetch::Response> result) {
    on_robots(origin, host, std::move(result));
  });
}

void Daemon::Impl::on_robots(const std::string& origin, const std::string& host,
                             Result<fetch::Response> result) {
  queue_.finished(robots_key(origin));
  if (stopping_) return maybe_finish();
  const int status = result ? result->status : 0;
  if (!result) spdlog::warn("{} (treating every page of {} as disallowed for now)",
                            result.error().message, origin);
  auto robots = scheduler::robots_for_response(status, result ? result->body : std::string_view{},
                                               robot_token(config_.daemon.user_agent));
  if (auto delay = robots.crawl_delay())
    queue_.set_host_delay(host, std::min(*delay, kMaxCrawlDelay));
  robots_.put(origin, std::move(robots), Clock::now() + scheduler::robots_lifetime(status));
  auto waiting = std::move(waiting_for_robots_[origin]);
  waiting_for_robots_.erase(origin);
  for (const auto& key : waiting) {
    if (auto page = page_of(key)) {
      queue_.schedule(key, host_of(page->second), Clock::now());
    } else {
      schedule_source(source_id_of(key), Clock::now());
    }
  }
  pump();
}

void Daemon::Impl::on_fetched(const config::Source& source, Timestamp started,
                              Result<fetch::Response> result) {
  queue_.finished(source_key(source.id));
  if (stopping_ && !result) {
    // Cancelled at shutdown: not the source's fault, nothing to record.
    --in_pipeline_;
    return maybe_finish();
  }
  Outcome outcome = classify(source, book_.state(source.id), result, started);
  if (outcome.pause_host_until) {
    queue_.pause_host(host_of(outcome.record.url), *outcome.pause_host_until);
    spdlog::warn("host {} paused until {:%Y-%m-%d %H:%M:%S}Z: {}", host_of(outcome.record.url),
                 *outcome.pause_host_until, outcome.record.error);
    if (options_.once) skip_paused_host(host_of(outcome.record.url), *outcome.pause_host_until);
  }
  std::optional<fetch::Response> response;
  if (result && outcome.body == Body::new_content) response = std::move(*result);
  process(source, std::move(outcome), std::move(response));
  pump();
}

// A round does not wait out a Retry-After pause: the host's sources still
// waiting are reported as skipped (the service simply fetches them later).
void Daemon::Impl::skip_paused_host(const std::string& host, Timestamp until) {
  for (const auto& s : config_.sources) {
    if (host_of(book_.request_url(s)) != host || !queue_.cancel(source_key(s.id))) continue;
    book_.skip(s.id, fmt::format("host {} paused until {:%Y-%m-%d %H:%M:%S}Z (Retry-After)", host,
                                 until));
    ++stats_.done;
    if (options_.on_progress) options_.on_progress(stats_.progress());
  }
}

void Daemon::Impl::process(config::Source source, Outcome outcome,
                           std::optional<fetch::Response> response) {
  const seconds interval = config_.interval_of(source);
  const std::uint64_t jitter_seed = seed();
  cpu_.post([this, source = std::move(source), outcome = std::move(outcome),
             response = std::move(response), interval, jitter_seed,
             config_file = config_.path]() mutable {
    std::vector<Article> articles;
    std::optional<HtmlPage> page;
    std::optional<seconds> ttl;
    if (response) {
      auto ingested = ingest(source, *response, outcome.record.started, config_file, true);
      if (!ingested) {
        fail(outcome, ingested.error().message);
      } else {
        articles = std::move(ingested->articles);
        ttl = ingested->ttl;
        for (const auto& w : ingested->warnings) spdlog::debug("{}", w);
        if (source.type == config::SourceType::html && !ingested->warnings.empty())
          outcome.log.push_back({false, ingested->warnings.front()});
        page = std::move(ingested->page);
        // A page without rules that links a feed stands for that feed: its
        // articles come from the feed (fetched as a page job), not the page.
        if (page && !page->feed.empty()) articles.clear();
      }
      response.reset();  // the body is the biggest thing we hold; drop it early
    }
    schedule_next(outcome, interval, ttl, jitter_seed, now_seconds());
    enqueue_commit({std::move(source), std::move(outcome), std::move(articles), std::move(page)});
  });
}

void Daemon::Impl::enqueue_commit(PendingCommit commit) {
  bool first = false;
  {
    std::lock_guard lock(commits_mutex_);
    first = commits_.empty();
    commits_.push_back(std::move(commit));
  }
  if (first) db_.post([this] { flush_commits(); });
}

// Group commit: fetches that finished while the store thread was busy share
// one transaction, so a round of 1,000 quick 304s costs a few WAL commits,
// not 1,000. Each fetch is still all-or-nothing (its articles, history row
// and state together); a crash loses only fetches no one saw committed.
void Daemon::Impl::flush_commits() {
  std::vector<PendingCommit> batch;
  {
    std::lock_guard lock(commits_mutex_);
    batch.swap(commits_);
  }
  std::vector<int> merges(batch.size(), 0);
  std::vector<TeaserSightings> seen(batch.size());
  for (std::size_t i = 0; i < batch.size(); ++i) {
    const auto& page = batch[i].page;
    SourceState& state = batch[i].outcome.state;
    if (batch[i].source.type == config::SourceType::html) keep_store_owned(state);
    if (!page) continue;
    if (auto w = update_selector_health(store_, *page, state); !w.empty()) spdlog::warn("{}", w);
    if (!batch[i].source.scrape) {
      if (auto line = update_discovered_feed(*page, state); !line.empty()) spdlog::info("{}", line);
    }
    seen[i] = {page->page_url, page->teaser_ids, batch[i].outcome.record.started};
  }
  const bool grouped = batch.size() > 1 && store_.transaction([&]() -> Result<void> {
    for (std::size_t i = 0; i < batch.size(); ++i) {
      auto r = commit_fetch(store_, batch[i].outcome, batch[i].articles, dedup::Settings{}, seen[i]);
      if (!r) return std::unexpected(r.error());
      merges[i] = *r;
    }
    return {};
  }).has_value();
  for (std::size_t i = 0; i < batch.size(); ++i) {
    if (grouped) {
      finish_commit(std::move(batch[i]), merges[i]);
    } else {
      // Alone, or the group failed: one transaction each, so one bad fetch
      // costs only itself. Counts from the rolled-back attempt are void.
      FetchRecord& r = batch[i].outcome.record;
      r.new_articles = r.updated_articles = r.unchanged_articles = 0;
      commit(std::move(batch[i]));
    }
  }
}

void Daemon::Impl::finish_commit(PendingCommit done, int merges) {
  if (merges > 0) {
    spdlog::debug("source {}: {} near-duplicate(s) clustered", done.source.id, merges);
    metrics_.record_dedup_merge(static_cast<std::uint64_t>(merges));
  }
  FollowUps next = done.page ? follow_ups(*done.page, done.source, 1)
                             : stored_feed(done.source, done.outcome.state);
  asio::post(io_, [this, source = std::move(done.source), outcome = std::move(done.outcome),
                   next = std::move(next)]() mutable {
    on_committed(source, std::move(outcome), true, std::move(next));
  });
}

void Daemon::Impl::commit(PendingCommit pending) {
  config::Source& source = pending.source;
  Outcome& outcome = pending.outcome;
  TeaserSightings seen;
  if (pending.page) seen = {pending.page->page_url, pending.page->teaser_ids, outcome.record.started};
  auto saved = commit_fetch(store_, outcome, pending.articles, dedup::Settings{}, seen);
  if (saved && *saved > 0) {
    spdlog::debug("source {}: {} near-duplicate(s) clustered", source.id, *saved);
    metrics_.record_dedup_merge(static_cast<std::uint64_t>(*saved));
  }
  if (!saved) {
    // The articles are lost for this round; the fetch and its error are not.
    spdlog::error("{} (fetch of {} not stored)", saved.error().message, source.id);
    fail(outcome, saved.error().message);
    outcome.record.new_articles = outcome.record.updated_articles = 0;
    outcome.record.unchanged_articles = 0;
    (void)store_.transaction([&]() -> Result<void> {
      if (auto r = store_.record_fetch(outcome.record); !r) return r;
      return store_.save_source_state(outcome.state);
    });
  }
  FollowUps next;
  if (saved) next = pending.page ? follow_ups(*pending.page, source, 1)
                                 : stored_feed(source, outcome.state);
  asio::post(io_, [this, source = std::move(source), outcome = std::move(outcome),
                   ok = saved.has_value(), next = std::move(next)]() mutable {
    on_committed(source, std::move(outcome), ok, std::move(next));
  });
}

void Daemon::Impl::on_committed(const config::Source& source, Outcome outcome, bool saved,
                                FollowUps next) {
  --in_pipeline_;
  if (outcome.record.new_articles > 0 || outcome.record.updated_articles > 0)
    generation_.fetch_add(1, std::memory_order_release);
  metrics_.record_fetch(source.id,
                        !outcome.success                    ? "error"
                        : outcome.record.http_status == 304 ? "not_modified"
                                                            : "ok",
                        static_cast<double>(outcome.record.duration_ms) / 1000.0);
  log_outcome(outcome, saved);
  stats_.count(outcome);
  metrics_.set_source_broken(source.id, outcome.state.broken_rule);
  book_.set_state(outcome.state);
  if (options_.once) {
    book_.add_report(outcome);
    if (options_.on_progress) options_.on_progress(stats_.progress());
  } else if (!stopping_) {
    const config::Source* current = sources_.find(source.id);
    // A reload may have removed or changed the source while it was fetched.
    if (current && current->enabled && outcome.state.next_fetch && !queue_.is_pending(source_key(source.id)))
      schedule_source(source.id, *outcome.state.next_fetch);
  }
  if (!stopping_) schedule_pages(source.id, next, 1);
  pump();
  maybe_finish();
}

void Daemon::Impl::wait_signal() {
  signals_.async_wait([this](const boost::system::error_code& ec, int signal) {
    if (ec) return;
    if (signal == SIGHUP && !options_.once) {
      reload();
    } else if (stopping_) {
      spdlog::warn("second stop signal: cancelling {} fetches now", fetcher_.in_flight());
      fetcher_.cancel_all();
    } else {
      spdlog::info("{}: stopping", signal == SIGTERM ? "SIGTERM" : "SIGINT");
      begin_shutdown();
    }
    wait_signal();
  });
}

void Daemon::Impl::reload() {
  sd_notify(0, "RELOADING=1");
  auto next = config::load_config(config_.path);
  if (next) {
    if (auto problems = validate_scrape_rules(*next); !problems.empty())
      next = std::unexpected(std::move(problems));
  }
  if (!next) {
    for (const auto& d : next.error()) spdlog::error("{}", d.str());
    spdlog::error("reload: {} has {} problem(s); the running configuration stays in force",
                  config_.path, next.error().size());
  } else {
    apply(std::move(*next));
  }
  sd_notify(0, "READY=1");
}

void Daemon::Impl::apply(config::Config next) {
  for (const auto& w : restart_only_changes(config_, next)) spdlog::warn("reload: {}", w);
  next.daemon.database = config_.daemon.database;
  next.daemon.listen = config_.daemon.listen;
  const config::Config previous = std::move(config_);
  config_ = std::move(next);
  sources_.rebuild(config_.sources);
  fetcher_.set_options(fetch_options());
  queue_.set_limits(limits());
  max_pipeline_ = static_cast<std::size_t>(config_.daemon.concurrency) * 2;
  // A --log-level given on the command line stays unless the file's changes.
  if (config_.daemon.log_level != previous.daemon.log_level)
    spdlog::set_level(spdlog::level::from_str(config_.daemon.log_level));

  if (site_) site_->reconfigure(config_);
  const ReloadPlan plan = plan_reload(previous, config_);
  for (const auto& id : book_.adopt(config_))
    spdlog::info("reload: source {}: new url; redirects, validators and errors of the old one are "
                 "forgotten", id);
  for (const auto& id : plan.removed) {
    queue_.cancel(source_key(id));
    metrics_.set_source_broken(id, "");
  }
  for (const auto& id : plan.rescheduled) queue_.cancel(source_key(id));
  // New sources need their rows and stored state: a round trip to the store.
  std::vector<std::string> added = plan.added;
  db_.post([this, added, rescheduled = plan.rescheduled]() {
    auto states = SourceBook::load_states(store_, added);
    asio::post(io_, [this, states = std::move(states), rescheduled]() mutable {
      std::vector<std::string> ids = rescheduled;
      for (auto& s : states) {
        ids.push_back(s.source_id);
        book_.set_state(std::move(s));
      }
      const auto now = Clock::now();
      for (const auto& id : ids) {
        const config::Source* source = sources_.find(id);
        if (!source || queue_.is_running(source_key(id))) continue;
        if (auto due = book_.first_due(*source, config_, options_, now)) schedule_source(id, *due);
      }
      pump();
    });
  });
  spdlog::info("reload: {} applied ({} added, {} removed, {} changed, {} unchanged)",
               config_.path, plan.added.size(), plan.removed.size(), plan.rescheduled.size(),
               plan.unchanged);
}

void Daemon::Impl::begin_shutdown() {
  stopping_ = true;
  sd_notify(0, "STOPPING=1");
  wakeup_.cancel();
  status_timer_.cancel();
  prune_timer_.cancel();
  watchdog_.cancel();
  if (fetcher_.in_flight() > 0) {
    spdlog::info("waiting up to {} s for {} fetches", kShutdownGrace.count(), fetcher_.in_flight());
    grace_timer_.expires_after(kShutdownGrace);
    grace_timer_.async_wait([this](const boost::system::error_code& ec) {
      if (!ec) fetcher_.cancel_all();
    });
  }
  maybe_finish();
}

void Daemon::Impl::maybe_finish() {
  const bool round_done = options_.once && queue_.pending() == 0 && queue_.running() == 0;
  if (!stopping_ && !round_done) return;
  if (in_pipeline_ > 0 || fetcher_.in_flight() > 0) return;
  if (round_done && !stopping_) {
    stopping_ = true;
    // Start-up (config, store, source states) and the closing checkpoint
    // are not part of a round; admins and the round benchmark read this.
    spdlog::info("fetch: round of {} sources done in {:.3f} s (from scheduling to the last commit)",
                 stats_.total, std::chrono::duration<double>(std::chrono::steady_clock::now() - started_).count());
  }
  grace_timer_.cancel();
  signals_.cancel();
  wakeup_.cancel();
  status_timer_.cancel();
  prune_timer_.cancel();
  watchdog_.cancel();
  io_.stop();
}

void Daemon::Impl::arm_watchdog(std::chrono::microseconds period) {
  // Sent from the loop itself: a stuck loop stops the pings and systemd
  // restarts the daemon.
  watchdog_.expires_after(period);
  watchdog_.async_wait([this, period](const boost::system::error_code& ec) {
    if (ec || stopping_) return;
    sd_notify(0, "WATCHDOG=1");
    arm_watchdog(period);
  });
}

void Daemon::Impl::arm_status() {
  heartbeat_ = Clock::now().time_since_epoch() / seconds(1);
  report_status();
  status_timer_.expires_after(seconds(5));
  status_timer_.async_wait([this](const boost::system::error_code& ec) {
    if (!ec && !stopping_) arm_status();
  });
}

void Daemon::Impl::report_status() {
  sd_notify(0, ("STATUS=" + stats_.status_line(config_.sources.size(), queue_.pending(),
                                               fetcher_.in_flight()))
                   .c_str());
}

void Daemon::Impl::arm_prune() {
  prune_timer_.expires_after(std::chrono::hours(1));
  prune_timer_.async_wait([this](const boost::system::error_code& ec) {
    if (ec || stopping_) return;
    db_.post([this] {
      if (auto r = store_.prune_fetches(kHistoryPerSource); !r)
        spdlog::warn("{}", r.error().message);
    });
    arm_prune();
  });
}

std::vector<SourceReport> Daemon::Impl::reports() const { return book_.reports(config_); }

Result<std::unique_ptr<Daemon>> Daemon::create(config::Config config, DaemonOptions options) {
  auto store = Store::open(config.daemon.database, OpenMode::daemon);
  if (!store) return std::unexpected(store.error());
  auto book = SourceBook::load(*store, config);
  if (!book) return std::unexpected(book.error());
  for (const auto& line : book->startup_notes()) spdlog::info("{}", line);
  if (!options.once) {
    spdlog::info("store {} open at schema version {}", config.daemon.database,
                 store->schema_version());
  }
  auto impl = std::make_unique<Impl>(std::move(config), std::move(options), std::move(*store),
                                     std::move(*book));
  return std::unique_ptr<Daemon>(new Daemon(std::move(impl)));
}

Daemon::Daemon(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Daemon::~Daemon() = default;
bool Daemon::run() { return impl_->run(); }
std::vector<SourceReport> Daemon::reports() const { return impl_->reports(); }

}  // namespace kf::app
