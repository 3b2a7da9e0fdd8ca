// The daemon's life: construction, run(), reload on SIGHUP, shutdown on
// SIGTERM, the systemd notifications and timers, and serving. See
// app/daemon_impl.h for how the loop is laid out.
#include "app/daemon_impl.h"

namespace kf::app {

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
  options.on_reply = [this](std::string_view route, int status) {
    metrics_.record_request(route, status);
  };
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
