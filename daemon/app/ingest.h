// ingest turns the body of one successful fetch into normalized Articles: the
// CPU-bound part of a fetch, run on the daemon's worker pool. Feed sources go
// through parse → normalize; html sources through scrape → normalize
// (app/html_source.h), their page kept for the follow-up fetches.
// Thread-safe: pure, no shared state.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include "config/config.h"
#include "fetch/fetcher.h"
#include "model/article.h"
#include "app/html_source.h"
#include "model/error.h"

namespace kf::app {

struct Ingested {
  std::vector<Article> articles;
  std::optional<std::chrono::seconds> ttl;  // RSS <ttl>
  std::vector<std::string> warnings;        // recovery and normalize notes, each with its place
  std::optional<HtmlPage> page;             // html sources: the scraped page (articles moved out)
};

// Parses and normalizes `response` (a 2xx) of `source`, fetched at
// `fetched_at`. Errors are the parse stage's ("parse: <url>: not a feed
// (root element <html>)"), prefixed with nothing else: they name the URL.
// `config_file` names feeds.yaml in rule diagnostics; `as_listing` (html
// only) says the page is the source's listing (see ingest_html).
Result<Ingested> ingest(const config::Source& source, const fetch::Response& response,
                        Timestamp fetched_at, const std::string& config_file = "feeds.yaml",
                        bool as_listing = true);

}  // namespace kf::app
