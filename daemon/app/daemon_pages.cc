// robots.txt per origin and the pages of html sources: article pages and
// next listing pages as page jobs on their host, and their selector health.
#include "app/daemon_impl.h"

namespace kf::app {

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

}  // namespace kf::app
