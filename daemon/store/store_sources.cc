// Store: source fetch state, teaser sightings and fetch history.
#include <limits>

#include "store/store.h"
#include "store/store_impl.h"

namespace kf {

Result<void> Store::record_teaser_sighting(const std::string& article_id,
                                           const std::string& page_url, Timestamp seen_at) {
  // max(): sightings replayed out of order must not move last_seen back.
  auto stmt = impl_->sql(
      "INSERT INTO teaser_sightings (article_id, page_url, first_seen, last_seen)"
      " VALUES (?1, ?2, ?3, ?3)"
      " ON CONFLICT (article_id, page_url) DO UPDATE SET last_seen = max(last_seen, "
      "excluded.last_seen)");
  if (!stmt) return std::unexpected(stmt.error());
  (*stmt)->bind(1, article_id).bind(2, page_url).bind(3, seen_at);
  auto ran = (*stmt)->run();
  if (!ran) {
    return fail(ran.error().message, " [teaser sighting of article ", article_id, " on ", page_url,
                "]");
  }
  return {};
}

Result<std::int64_t> Store::teaser_sighting_count(const std::string& article_id) {
  auto stmt = impl_->sql("SELECT count(*) FROM teaser_sightings WHERE article_id = ?");
  if (!stmt) return std::unexpected(stmt.error());
  (*stmt)->bind(1, article_id);
  auto row = (*stmt)->step();
  if (!row) return std::unexpected(row.error());
  return *row ? (*stmt)->column_int64(0) : 0;
}

Result<void> Store::ensure_source(const std::string& source_id) {
  if (source_id.empty()) return fail("store: ", impl_->path, ": ensure_source: empty source id");
  auto stmt = impl_->sql("INSERT INTO sources (id) VALUES (?) ON CONFLICT (id) DO NOTHING");
  if (!stmt) return std::unexpected(stmt.error());
  (*stmt)->bind(1, source_id);
  return (*stmt)->run();
}

Result<std::optional<SourceState>> Store::source_state(const std::string& source_id) {
  auto stmt = impl_->sql(
      "SELECT effective_url, etag, last_modified, body_hash, last_fetch, last_success,"
      " next_fetch, last_status, consecutive_errors, last_error, disabled, disabled_reason,"
      " configured_url, broken_rule, discovered_feed, feed_found_on FROM sources WHERE id = ?");
  if (!stmt) return std::unexpected(stmt.error());
  store::Statement& row = **stmt;
  row.bind(1, source_id);
  auto found = row.step();
  if (!found) return std::unexpected(found.error());
  if (!*found) return std::nullopt;
  SourceState s;
  s.source_id = source_id;
  s.effective_url = row.column_text(0);
  s.etag = row.column_text(1);
  s.last_modified = row.column_text(2);
  s.body_hash = row.column_text(3);
  s.last_fetch = row.column_optional_time(4);
  s.last_success = row.column_optional_time(5);
  s.next_fetch = row.column_optional_time(6);
  s.last_status = row.column_int(7);
  s.consecutive_errors = row.column_int(8);
  s.last_error = row.column_text(9);
  s.disabled = row.column_int64(10) != 0;
  s.disabled_reason = row.column_text(11);
  s.configured_url = row.column_text(12);
  s.broken_rule = row.column_text(13);
  s.discovered_feed = row.column_text(14);
  s.feed_found_on = row.column_text(15);
  return std::optional<SourceState>(std::move(s));
}

Result<void> Store::save_source_state(const SourceState& s) {
  if (s.source_id.empty()) {
    return fail("store: ", impl_->path, ": save_source_state: empty source id");
  }
  auto stmt = impl_->sql(
      "INSERT INTO sources (id, effective_url, etag, last_modified, body_hash, last_fetch,"
      " last_success, next_fetch, last_status, consecutive_errors, last_error, disabled,"
      " disabled_reason, configured_url, broken_rule, discovered_feed, feed_found_on)"
      " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17)"
      " ON CONFLICT (id) DO UPDATE SET effective_url = excluded.effective_url,"
      " etag = excluded.etag, last_modified = excluded.last_modified,"
      " body_hash = excluded.body_hash, last_fetch = excluded.last_fetch,"
      " last_success = excluded.last_success, next_fetch = excluded.next_fetch,"
      " last_status = excluded.last_status, consecutive_errors = excluded.consecutive_errors,"
      " last_error = excluded.last_error, disabled = excluded.disabled,"
      " disabled_reason = excluded.disabled_reason, configured_url = excluded.configured_url,"
      " broken_rule = excluded.broken_rule, discovered_feed = excluded.discovered_feed,"
      " feed_found_on = excluded.feed_found_on");
  if (!stmt) return std::unexpected(stmt.error());
  store::Statement& q = **stmt;
  q.bind(1, s.source_id).bind(2, s.effective_url).bind(3, s.etag).bind(4, s.last_modified);
  q.bind(5, s.body_hash).bind(6, s.last_fetch).bind(7, s.last_success).bind(8, s.next_fetch);
  q.bind(9, s.last_status).bind(10, s.consecutive_errors).bind(11, s.last_error);
  q.bind(12, s.disabled).bind(13, s.disabled_reason).bind(14, s.configured_url);
  q.bind(15, s.broken_rule).bind(16, s.discovered_feed).bind(17, s.feed_found_on);
  return q.run();
}

Result<SourceCounts> Store::source_counts(const std::string& source_id) {
  auto stmt = impl_->sql(
      "SELECT completeness, count(*) FROM articles WHERE source_id = ? GROUP BY completeness");
  if (!stmt) return std::unexpected(stmt.error());
  (*stmt)->bind(1, source_id);
  SourceCounts counts;
  for (;;) {
    auto row = (*stmt)->step();
    if (!row) return std::unexpected(row.error());
    if (!*row) return counts;
    std::string completeness = (*stmt)->column_text(0);
    (completeness == "full" ? counts.full : counts.teasers) = (*stmt)->column_int64(1);
  }
}

Result<void> Store::record_fetch(const FetchRecord& f) {
  return transaction([&]() -> Result<void> {
    if (auto ok = ensure_source(f.source_id); !ok) return ok;
    auto stmt = impl_->sql(
        "INSERT INTO fetches (source_id, started, url, http_status, bytes, duration_ms,"
        " new_articles, updated_articles, unchanged_articles, error)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
    if (!stmt) return std::unexpected(stmt.error());
    // SQLite integers are signed; a body over 8 EiB is not a real case.
    constexpr auto kMax = static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max());
    auto bytes = static_cast<std::int64_t>(f.bytes > kMax ? kMax : f.bytes);
    store::Statement& q = **stmt;
    q.bind(1, f.source_id).bind(2, f.started).bind(3, f.url).bind(4, f.http_status);
    q.bind(5, bytes).bind(6, f.duration_ms).bind(7, f.new_articles);
    q.bind(8, f.updated_articles).bind(9, f.unchanged_articles).bind(10, f.error);
    return q.run();
  });
}

Result<std::int64_t> Store::prune_fetches(int keep_per_source) {
  if (keep_per_source < 0) keep_per_source = 0;
  // The window function ranks each source's rows newest first; the
  // (source_id, started) index keeps this a single pass.
  auto stmt = impl_->sql(
      "DELETE FROM fetches WHERE id IN (SELECT id FROM (SELECT id, row_number() OVER"
      " (PARTITION BY source_id ORDER BY started DESC, id DESC) AS n FROM fetches) WHERE n > ?)");
  if (!stmt) return std::unexpected(stmt.error());
  (*stmt)->bind(1, keep_per_source);
  if (auto ran = (*stmt)->run(); !ran) return std::unexpected(ran.error());
  return impl_->changes();
}

Result<std::vector<FetchRecord>> Store::recent_fetches(const std::string& source_id, int limit) {
  if (limit <= 0) return std::vector<FetchRecord>{};
  auto stmt = impl_->sql(
      "SELECT started, url, http_status, bytes, duration_ms, new_articles, updated_articles,"
      " unchanged_articles, error FROM fetches WHERE source_id = ?"
      " ORDER BY started DESC, id DESC LIMIT ?");
  if (!stmt) return std::unexpected(stmt.error());
  store::Statement& q = **stmt;
  q.bind(1, source_id).bind(2, limit);
  std::vector<FetchRecord> out;
  for (;;) {
    auto row = q.step();
    if (!row) return std::unexpected(row.error());
    if (!*row) return out;
    FetchRecord f;
    f.source_id = source_id;
    f.started = q.column_time(0);
    f.url = q.column_text(1);
    f.http_status = q.column_int(2);
    f.bytes = static_cast<std::uint64_t>(q.column_int64(3));
    f.duration_ms = q.column_int64(4);
    f.new_articles = q.column_int(5);
    f.updated_articles = q.column_int(6);
    f.unchanged_articles = q.column_int(7);
    f.error = q.column_text(8);
    out.push_back(std::move(f));
  }
}

}  // namespace kf
