// Scheduling and source fetches on the loop thread, and the commit pipeline
// (ingest on cpu_, group commit on db_, back to the loop with asio::post).
#include "app/daemon_impl.h"

namespace kf::app {

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

void Daemon::Impl::start_source(const config::Source& source) {
  const SourceState& state = book_.state(source.id);
  fetch::Request request{book_.request_url(source), state.etag, state.last_modified, source.id};
  ++in_pipeline_;
  const Timestamp started = now_seconds();
  fetcher_.fetch(std::move(request), [this, source, started](Result<fetch::Response> result) {
    on_fetched(source, started, std::move(result));
  });
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

}  // namespace kf::app
