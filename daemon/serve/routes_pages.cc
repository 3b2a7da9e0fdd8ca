// Site: the routes about the daemon rather than articles: sources status,
// OPML, health and metrics.
#include <chrono>

#include "publish/html_sources.h"
#include "serve/routes.h"

namespace kf::serve {
namespace {

// Fetches drawn in a source's sparkline.
constexpr int kSparklineFetches = 20;
// The sources page shows fetch state, which changes without new articles:
// it is rendered again at most this often.
constexpr std::chrono::seconds kSourcesRefresh{30};

}  // namespace

Response Site::sources_page() {
  auto now = std::chrono::system_clock::now().time_since_epoch();
  auto bucket = std::uint64_t(std::chrono::floor<std::chrono::seconds>(now) / kSourcesRefresh);
  // Both the time bucket and the article generation change the page (counts).
  std::string key = "sources " + std::to_string(generation_ ? generation_->load() : 0);
  if (!generation_) bucket = generation();
  return cached(key, bucket, kHtmlType, [&]() -> Result<Rendered> {
    std::vector<publish::SourceStatus> rows;
    std::string error;
    Store* st = store(&error);  // no database yet: every source is "new"
    for (const auto& source : config_.sources) {
      publish::SourceStatus row;
      row.source = source;
      if (st) {
        auto state = st->source_state(source.id);
        if (!state) return std::unexpected(state.error());
        row.state = *state;
        auto counts = st->source_counts(source.id);
        if (!counts) return std::unexpected(counts.error());
        row.counts = *counts;
        auto fetches = st->recent_fetches(source.id, kSparklineFetches);
        if (!fetches) return std::unexpected(fetches.error());
        row.fetches = std::move(*fetches);
      }
      rows.push_back(std::move(row));
    }
    return Rendered{publish::render_sources(frame("Quellen"), rows), std::nullopt};
  });
}

Response Site::opml() {
  // Only the config feeds it, and reconfigure() clears the cache.
  return cached("opml", 0, kOpmlType, [&]() -> Result<Rendered> {
    std::string title = config_.publish.title + " – Quellen";
    return Rendered{publish::render_opml(title, config_.sources, started_), started_};
  });
}

Response Site::healthz() {
  std::string why;
  Store* st = store(&why);
  if (st) {
    // An indexed one-row query: proves the connection answers, costs nothing.
    auto answer = st->recent_articles(1, 0);
    if (!answer) {
      why = answer.error().message;
      store_.reset();
    }
  }
  bool alive = !loop_alive_ || loop_alive_();
  if (why.empty() && !alive) why = "scheduler loop not running";
  Response response;
  response.status = why.empty() ? 200 : 503;
  response.body = why.empty() ? "ok\n" : "unavailable: " + why + "\n";
  response.headers.emplace_back("Cache-Control", "no-store");
  return response;
}

Response Site::metrics_text() {
  std::int64_t full = -1;
  std::int64_t teasers = -1;
  std::uint64_t gen = generation_ ? generation_->load() : generation();
  if (counts_ && counts_->first == gen && generation_) {
    full = counts_->second.full;
    teasers = counts_->second.teasers;
  } else if (Store* st = store(nullptr)) {
    auto counts = st->completeness_counts();
    if (counts) {
      full = counts->full;
      teasers = counts->teasers;
      counts_.emplace(gen, *counts);
    } else {
      store_.reset();
    }
  }
  Response response;
  response.content_type = kMetricsType;
  response.body = metrics_->render(full, teasers);
  response.headers.emplace_back("Cache-Control", "no-store");
  return response;
}

}  // namespace kf::serve
