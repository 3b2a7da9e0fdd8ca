#include "app/ingest.h"

#include "normalize/normalize.h"
#include "parse/parse.h"

namespace kf::app {

Result<Ingested> ingest(const config::Source& source, const fetch::Response& response,
                        Timestamp fetched_at, const std::string& config_file, bool as_listing) {
  Ingested out;
  if (source.type == config::SourceType::html) {
    auto page = ingest_html(source, config_file, response, fetched_at, as_listing);
    if (!page) return std::unexpected(page.error());
    out.articles = std::move(page->articles);
    out.warnings = std::move(page->warnings);
    page->articles.clear();
    out.page = std::move(*page);
    return out;
  }
  auto feed = parse::parse_feed({response.body, response.effective_url, response.content_type});
  if (!feed) return std::unexpected(feed.error());
  if (feed->ttl_minutes && *feed->ttl_minutes > 0)
    out.ttl = std::chrono::minutes(*feed->ttl_minutes);
  out.warnings = std::move(feed->warnings);
  normalize::Context context{source.id, response.effective_url, fetched_at, "de"};
  auto normalized = normalize::normalize(*feed, context);
  out.articles = std::move(normalized.articles);
  for (auto& w : normalized.warnings) out.warnings.push_back(std::move(w));
  return out;
}

}  // namespace kf::app
