// The source status page (per configured source: type, URL, last and next
// fetch, HTTP status, last error, full/teaser counts and an inline SVG
// sparkline of its recent fetches) and the OPML 2.0 list of all sources.
// Pure functions; thread-safe.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "config/config.h"
#include "publish/html_page.h"
#include "store/store.h"

namespace kf::publish {

struct SourceStatus {
  config::Source source;
  std::optional<SourceState> state;  // nullopt: never fetched / no database yet
  SourceCounts counts;
  std::vector<FetchRecord> fetches;  // newest first, as Store::recent_fetches gives them
};

// The whole HTML document for the sources page. A source with a broken
// scrape rule shows "broken: rule R matches nothing" (class "broken") in
// its first cell; an html source read through an autodiscovered feed shows
// "Feed: URL (gefunden auf PAGE)" there. All text is escaped.
std::string render_sources(const PageFrame& frame, const std::vector<SourceStatus>& sources);

// An inline <svg> of `fetches` (newest first; drawn oldest left): one bar per
// fetch, its height the duration relative to the slowest one (at least 2 px
// so a fast fetch stays visible), green for a 2xx/304 answer and red for
// anything else. Has role="img" and a German aria-label summarising the
// count and failures. "" when `fetches` is empty.
std::string render_sparkline(const std::vector<FetchRecord>& fetches);

// OPML 2.0: one outline per source, feed sources as type="rss" with xmlUrl,
// HTML sources as type="link" with url. `created` becomes dateCreated.
std::string render_opml(std::string_view title, const std::vector<config::Source>& sources,
                        Timestamp created);

}  // namespace kf::publish
