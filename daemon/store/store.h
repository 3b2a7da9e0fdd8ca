// Store is the SQLite database: articles, sources and their fetch state,
// teaser sightings, fetch history and a full-text index. It is the only code
// that speaks SQL. Schema changes are ordered migrations applied at open; a
// database written by a newer version is refused. One Store object owns one
// connection and is NOT thread-safe: use it from one thread (the daemon's
// store worker), or open one Store per thread in OpenMode::reader.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "dedup/near_duplicate.h"
#include "model/article.h"
#include "model/error.h"

namespace kf {

// What an upsert did; all three are successes.
enum class Upsert { inserted, updated, unchanged };

// The persistent fetch state of one configured source.
struct SourceState {
  std::string source_id;
  std::string effective_url;  // after permanent redirects; empty: the configured URL
  std::string etag;
  std::string last_modified;
  std::string body_hash;  // of the last body, for servers without validators
  std::optional<Timestamp> last_fetch;
  std::optional<Timestamp> last_success;
  std::optional<Timestamp> next_fetch;
  int last_status = 0;  // HTTP status of the last fetch, 0 if none
  int consecutive_errors = 0;
  std::string last_error;
  bool disabled = false;  // e.g. after 410 Gone
  std::string disabled_reason;
  std::string configured_url;  // feeds.yaml URL when saved; "" for rows from schema v1
  // html sources: the scrape rule ("list.item", "article.title") that matched
  // on earlier fetches and matched nothing on the last one; "" when healthy.
  std::string broken_rule;
  // html sources without rules whose page links an RSS/Atom feed
  // (autodiscovery): the feed read in the page's place, and the page it was
  // found on; both "" while the page itself is scraped.
  std::string discovered_feed;
  std::string feed_found_on;
  bool operator==(const SourceState&) const = default;
};

// One row of fetch history.
struct FetchRecord {
  std::string source_id;
  Timestamp started{};
  std::string url;
  int http_status = 0;  // 0: no HTTP answer (connection error, timeout…)
  std::uint64_t bytes = 0;
  std::int64_t duration_ms = 0;
  int new_articles = 0;
  int updated_articles = 0;
  int unchanged_articles = 0;
  std::string error;  // empty on success
  bool operator==(const FetchRecord&) const = default;
};

// Per-source article counts for status pages.
struct SourceCounts {
  std::int64_t full = 0;
  std::int64_t teasers = 0;
};

enum class OpenMode {
  daemon,  // read-write, and the only writer: a second daemon gets an error
  reader,  // read-only queries beside a running daemon
};

class Store {
 public:
  // Opens (creating if needed) the database at `path`, sets WAL, foreign keys
  // and a busy timeout, and applies pending migrations in one transaction.
  // Fails with a message naming the path when the file is not a database,
  // comes from a newer kommunalfeed, or (OpenMode::daemon) another process
  // holds the daemon lock.
  // OpenMode::daemon locks "<path>.lock" (exclusive flock, pid inside) for the
  // Store's lifetime; a second daemon open, even in the same process, fails.
  // OpenMode::reader opens read-only, never creates or migrates, and fails on
  // a missing file or a database not yet at latest_schema_version().
  static Result<Store> open(const std::string& path, OpenMode mode = OpenMode::daemon);

  Store(Store&&) noexcept;
  Store& operator=(Store&&) noexcept;
  ~Store();

  // The schema version this database is at after open.
  int schema_version() const;
  // The newest schema version this build knows.
  static int latest_schema_version();

  // Runs `work` in one transaction: commits if it returns a value, rolls back
  // on an Error (which is passed through). Nested calls join the outer one;
  // if a nested call fails, the outer one rolls back even when its own work
  // returns a value, and returns the nested Error. An exception thrown by
  // `work` is caught, rolls back and becomes an Error.
  Result<void> transaction(const std::function<Result<void>()>& work);

  // Inserts the article, or updates the stored one with the same id. An
  // update keeps first_seen and takes last_seen from `a`; it is `unchanged`
  // when content_hash and completeness are equal (only last_seen moves).
  // A stored `full` article is never downgraded to `teaser`: a teaser for it
  // only moves last_seen and is `unchanged`. An unknown source_id gets its
  // sources row created (as ensure_source) so the foreign key holds; an empty
  // id or source_id is an error. Atomic; joins an open transaction().
  Result<Upsert> upsert_article(const Article& a);
  // Not found is nullopt, not an error.
  Result<std::optional<Article>> find_article(const std::string& id);
  // Several ids may share a URL: the full one wins, then the last seen.
  Result<std::optional<Article>> find_article_by_url(const std::string& url);
  // Newest first (published, else first_seen; ties by id), at most `limit`,
  // skipping `offset`. limit <= 0 gives an empty list.
  Result<std::vector<Article>> recent_articles(int limit, int offset = 0);
  // FTS5 over title, summary and content; `query` is user text (quoted
  // internally, so operators in it are literal words; all words must occur).
  // Best match (bm25, title weighs most) first. HTML tags in summary and
  // content are not indexed. Only cluster representatives (as in the feeds).
  // Blank `query` or limit <= 0: empty list.
  Result<std::vector<Article>> search(const std::string& query, int limit);
  Result<std::int64_t> article_count();

  // Near-duplicate clusters (the decisions are dedup's, see
  // dedup/near_duplicate.h). Stored articles whose fingerprint shares one
  // of the eight bands of `simhash`, lies within `max_distance` bits of it
  // and whose day lies in [day_from, day_to]; each once, at most `limit`.
  Result<std::vector<dedup::Candidate>> near_candidates(std::uint64_t simhash,
                                                        std::int64_t day_from,
                                                        std::int64_t day_to, int max_distance,
                                                        int limit);
  // Stores the fingerprint of the stored article `id` (replacing an old
  // one) and puts it into `cluster_id` (its own id: alone).
  Result<void> set_fingerprint(const std::string& id, std::uint64_t simhash, std::int64_t day,
                               const std::string& cluster_id);
  // Every member of a cluster (an article alone is a cluster of one).
  Result<std::vector<dedup::Candidate>> cluster_members(const std::string& cluster_id);
  // Marks `id` as the member `cluster_id` publishes and the others not.
  Result<void> set_representative(const std::string& cluster_id, const std::string& id);
  // URLs of the other members of the article's cluster, for rel="related".
  Result<std::vector<std::string>> related_urls(const std::string& id);

  // Records that `page_url` showed the teaser `article_id` at `seen_at`; a
  // repeated (article, page) pair only moves its last_seen (never backwards).
  // The article must be stored already (foreign key), else an error.
  Result<void> record_teaser_sighting(const std::string& article_id, const std::string& page_url,
                                      Timestamp seen_at);
  Result<std::int64_t> teaser_sighting_count(const std::string& article_id);

  // Sources: ensures a row exists for each configured id (state untouched).
  Result<void> ensure_source(const std::string& source_id);
  // Not found is nullopt.
  Result<std::optional<SourceState>> source_state(const std::string& source_id);
  Result<void> save_source_state(const SourceState& s);
  Result<SourceCounts> source_counts(const std::string& source_id);

  // Appends to the history; creates the source row if missing.
  Result<void> record_fetch(const FetchRecord& f);
  // Keeps the newest `keep_per_source` history rows of every source and
  // deletes the rest (history would otherwise grow by 500,000 rows a day
  // with 11,000 sources); returns how many rows went. Negative keeps none.
  Result<std::int64_t> prune_fetches(int keep_per_source);
  // Newest first (by started), at most `limit`.
  Result<std::vector<FetchRecord>> recent_fetches(const std::string& source_id, int limit);

  // PRAGMA integrity_check == "ok".
  Result<bool> integrity_ok();

  // --- Publishing queries (store_publish.cc) ---
  // Like recent_articles, but only the representative of each near-duplicate
  // cluster (articles alone are their own representative).
  Result<std::vector<Article>> recent_representatives(int limit, int offset = 0);
  // The articles of one source, newest first (published, else first_seen;
  // ties by id); limit <= 0 gives an empty list, a negative offset is 0.
  Result<std::vector<Article>> recent_articles_of_source(const std::string& source_id, int limit,
                                                         int offset = 0);
  // Stored articles per completeness (both keys always present).
  Result<SourceCounts> completeness_counts();

 private:
  struct Impl;
  explicit Store(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace kf
