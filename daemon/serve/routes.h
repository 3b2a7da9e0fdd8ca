// Site is the set of routes the HTTP server answers, as one pure handler:
// the river of news (/), the published outputs (/feed.atom, /feeds/<id>.atom
// |.rss|.json, paged by ?page=N with RFC 5005 links), the sources status page
// and each source's own feed (/sources, /sources/<id>.atom), search
// (/search?q=, &format=atom), /opml, /healthz, /metrics and /style.css.
// Anything else is an HTML 404. Bad parameters give 400, never a crash nor a
// scan of the whole article table (select_page caps what one page reads).
//
// Site reads the database through its own OpenMode::reader connection,
// opened on first need (the daemon may create the file after the Site) and
// reopened after a failed query. Rendered bodies are kept in a BodyCache
// keyed by route and query and tagged with `*generation`, which the daemon
// bumps after each commit that changed articles; the sources page is
// re-rendered at most every 30 s, as fetch state changes without articles.
//
// Thread-safe: handle() serializes requests on one mutex (the server runs one
// I/O thread; one SQLite connection cannot serve two threads anyway).
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <string>

#include "config/config.h"
#include "config/source_index.h"
#include "publish/feed_doc.h"
#include "publish/html_page.h"
#include "publish/select.h"
#include "serve/body_cache.h"
#include "serve/http.h"
#include "serve/metrics.h"
#include "store/store.h"

namespace kf::serve {

class Site {
 public:
  // `config` is a snapshot (publish.base_url, outputs, sources, database
  // path). `generation` may be nullptr: nothing is then reused between
  // requests (fine for one-shot use such as `export`). `loop_alive` tells
  // /healthz whether the daemon's scheduler still runs (empty: always true).
  // `metrics` may be nullptr: the Site then keeps its own registry. Requests
  // are counted by whoever sends the replies (Server::Options::on_reply), as
  // only the reply has the final status; the Site names the route. Outputs
  // whose filter fails to compile are left out (404).
  Site(config::Config config, const std::atomic<std::uint64_t>* generation,
       std::function<bool()> loop_alive = {}, Metrics* metrics = nullptr);
  Site(const Site&) = delete;
  Site& operator=(const Site&) = delete;

  // Answers one GET/HEAD request whose path and query the pipeline filled
  // (serve::handle_request). Never throws: an unexpected failure is a 500.
  Response handle(const Request& request);

  // handle() as a serve::Handler; the Site must outlive it.
  Handler handler();

  // Takes a new config snapshot (after a reload): new outputs and sources,
  // cache cleared; the database connection is reopened if the path changed.
  void reconfigure(config::Config config);

  // The registry /metrics renders (the given one or the Site's own).
  Metrics& metrics() { return *metrics_; }

 private:
  enum class Format { atom, rss, json };
  using Render = BodyCache::Render;

  void rebuild_filters();
  Response dispatch(const Request& request, std::string_view& route);
  Store* store(std::string* error);
  std::uint64_t generation();
  Response cached(std::string_view key, std::uint64_t generation, std::string_view content_type,
                  Render render);
  Response not_found(const Request& request);
  publish::PageFrame frame(std::string title, std::string query = "") const;

  // routes_feeds.cc
  // `self_path` is the feed's URL relative to publish.base_url.
  Response output_feed(const Request& request, std::string_view output_id, Format format,
                       std::string_view self_path);
  Response source_feed(const Request& request, const std::string& source_id);
  Response river(const Request& request);
  Response search(const Request& request);
  Result<std::vector<publish::FeedEntry>> entries_of(std::vector<Article> articles);
  Result<publish::Page> select(const publish::OutputFilter& filter, int page);
  Timestamp fallback_updated();

  // routes_pages.cc
  Response sources_page();
  Response opml();
  Response healthz();
  Response metrics_text();

  std::mutex mutex_;
  config::Config config_;
  config::SourceIndex sources_;  // over config_.sources; rebuilt with it
  const std::atomic<std::uint64_t>* generation_;
  std::function<bool()> loop_alive_;
  Metrics own_metrics_;
  Metrics* metrics_;
  std::map<std::string, publish::OutputFilter, std::less<>> filters_;
  std::optional<Store> store_;
  BodyCache cache_;
  std::string key_;  // output_feed's cache key, reused: a hit allocates no key
  std::uint64_t uncached_ = 0;  // generations when `generation_` is null
  std::chrono::seconds max_age_{300};
  Timestamp started_;
  std::optional<std::pair<std::uint64_t, SourceCounts>> counts_;  // by generation
};

// Parses ?page=N: absent is 1; digits only, 1 ≤ N ≤ kMaxPage, else nullopt.
std::optional<int> parse_page(const Request& request);
inline constexpr int kMaxPage = 1'000'000;

// The route's media types.
inline constexpr std::string_view kHtmlType = "text/html; charset=utf-8";
inline constexpr std::string_view kAtomType = "application/atom+xml; charset=utf-8";
inline constexpr std::string_view kRssType = "application/rss+xml; charset=utf-8";
inline constexpr std::string_view kJsonFeedType = "application/feed+json; charset=utf-8";
inline constexpr std::string_view kMetricsType = "text/plain; version=0.0.4; charset=utf-8";
inline constexpr std::string_view kOpmlType = "text/x-opml; charset=utf-8";

}  // namespace kf::serve
