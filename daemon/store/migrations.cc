#include "store/migrations.h"

#include <sqlite3.h>

#include "store/statement.h"

namespace kf::store {
namespace {

// Version 1: the initial schema.
//
// Times are INTEGER unix seconds (UTC), NULL when unknown. articles.id is the
// identity from normalize; fts_rowid links an article to its row in
// articles_fts. The link is an ordinary column rather than the implicit rowid
// because VACUUM may renumber implicit rowids of a table whose key is TEXT.
//
// articles_fts is a regular (self-storing) FTS5 table maintained by
// upsert_article with HTML tags stripped from summary and content, so markup
// never matches a search; the delete trigger keeps it in sync when rows are
// removed by hand (sqlite3 CLI) as well.
constexpr std::string_view kInitialSchema = R"sql(
CREATE TABLE sources (
  id                 TEXT PRIMARY KEY NOT NULL,
  effective_url      TEXT NOT NULL DEFAULT '',
  etag               TEXT NOT NULL DEFAULT '',
  last_modified      TEXT NOT NULL DEFAULT '',
  body_hash          TEXT NOT NULL DEFAULT '',
  last_fetch         INTEGER,
  last_success       INTEGER,
  next_fetch         INTEGER,
  last_status        INTEGER NOT NULL DEFAULT 0,
  consecutive_errors INTEGER NOT NULL DEFAULT 0,
  last_error         TEXT NOT NULL DEFAULT '',
  disabled           INTEGER NOT NULL DEFAULT 0 CHECK (disabled IN (0, 1)),
  disabled_reason    TEXT NOT NULL DEFAULT ''
);

CREATE TABLE articles (
  id            TEXT PRIMARY KEY NOT NULL,
  source_id     TEXT NOT NULL REFERENCES sources(id),
  url           TEXT NOT NULL,
  kicker        TEXT NOT NULL DEFAULT '',
  title         TEXT NOT NULL DEFAULT '',
  summary       TEXT NOT NULL DEFAULT '',
  content_html  TEXT NOT NULL DEFAULT '',
  author        TEXT NOT NULL DEFAULT '',
  published     INTEGER,
  updated       INTEGER,
  image_url     TEXT NOT NULL DEFAULT '',
  image_alt     TEXT NOT NULL DEFAULT '',
  image_caption TEXT NOT NULL DEFAULT '',
  image_credit  TEXT NOT NULL DEFAULT '',
  categories    TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(categories)),
  language      TEXT NOT NULL DEFAULT '',
  completeness  TEXT NOT NULL CHECK (completeness IN ('teaser', 'full')),
  first_seen    INTEGER NOT NULL,
  last_seen     INTEGER NOT NULL,
  content_hash  TEXT NOT NULL DEFAULT '',
  fts_rowid     INTEGER UNIQUE
);
CREATE INDEX articles_url ON articles(url);
CREATE INDEX articles_source ON articles(source_id, completeness);
-- recent_articles orders by exactly this expression, so it walks the index.
CREATE INDEX articles_newest ON articles(coalesce(published, first_seen) DESC, id);

CREATE TABLE teaser_sightings (
  article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
  page_url   TEXT NOT NULL,
  first_seen INTEGER NOT NULL,
  last_seen  INTEGER NOT NULL,
  PRIMARY KEY (article_id, page_url)
) WITHOUT ROWID;

CREATE TABLE fetches (
  id                 INTEGER PRIMARY KEY,
  source_id          TEXT NOT NULL REFERENCES sources(id) ON DELETE CASCADE,
  started            INTEGER NOT NULL,
  url                TEXT NOT NULL DEFAULT '',
  http_status        INTEGER NOT NULL DEFAULT 0,
  bytes              INTEGER NOT NULL DEFAULT 0,
  duration_ms        INTEGER NOT NULL DEFAULT 0,
  new_articles       INTEGER NOT NULL DEFAULT 0,
  updated_articles   INTEGER NOT NULL DEFAULT 0,
  unchanged_articles INTEGER NOT NULL DEFAULT 0,
  error              TEXT NOT NULL DEFAULT ''
);
CREATE INDEX fetches_source_started ON fetches(source_id, started);

-- remove_diacritics 2: "Schüler" is also found as "Schuler".
CREATE VIRTUAL TABLE articles_fts USING fts5(
  title, summary, content,
  tokenize = 'unicode61 remove_diacritics 2'
);

CREATE TRIGGER articles_fts_delete AFTER DELETE ON articles
WHEN old.fts_rowid IS NOT NULL BEGIN
  DELETE FROM articles_fts WHERE rowid = old.fts_rowid;
END;
)sql";

// Version 2: the URL a source had in feeds.yaml when its state was saved, so
// that an admin changing it resets what belonged to the old URL (permanent
// redirect target, validators, a 410 "disabled"). Empty: unknown (a v1 row);
// the daemon then keeps the state as it is.
constexpr std::string_view kConfiguredUrl = R"sql(
ALTER TABLE sources ADD COLUMN configured_url TEXT NOT NULL DEFAULT '';
)sql";

// Version 3: near-duplicate clusters (dedup/near_duplicate.h). simhash is
// the article's 64-bit fingerprint stored as a signed integer (NULL: text
// too short to compare); cluster_id names its cluster (NULL: alone);
// representative = 1 for the member a cluster publishes (and every article
// alone). simhash_bands indexes each fingerprint's eight 8-bit bands by day,
// so candidates are found by lookups, never by scanning articles.
constexpr std::string_view kClusters = R"sql(
ALTER TABLE articles ADD COLUMN simhash INTEGER;
ALTER TABLE articles ADD COLUMN cluster_id TEXT;
ALTER TABLE articles ADD COLUMN representative INTEGER NOT NULL DEFAULT 1
  CHECK (representative IN (0, 1));
CREATE INDEX articles_cluster ON articles(cluster_id) WHERE cluster_id IS NOT NULL;
CREATE TABLE simhash_bands (
  band       INTEGER NOT NULL,
  value      INTEGER NOT NULL,
  day        INTEGER NOT NULL,
  article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
  PRIMARY KEY (band, value, day, article_id)
) WITHOUT ROWID;
CREATE INDEX simhash_bands_article ON simhash_bands(article_id);
)sql";

// Version 4: the scrape rule that stopped matching on an html source that
// matched before (selector health); empty while the rules work.
constexpr std::string_view kBrokenRule = R"sql(
ALTER TABLE sources ADD COLUMN broken_rule TEXT NOT NULL DEFAULT '';
)sql";

// Version 5: each band row carries its fingerprint, so finding
// near-duplicate candidates reads only the small band index (distance is
// checked in C++) and touches articles only for the few real matches. With
// 30,000 articles of one day, reading every band match from articles made
// each insert read ~200 article rows.
constexpr std::string_view kBandFingerprints = R"sql(
ALTER TABLE simhash_bands ADD COLUMN simhash INTEGER NOT NULL DEFAULT 0;
UPDATE simhash_bands SET simhash =
  coalesce((SELECT a.simhash FROM articles a WHERE a.id = simhash_bands.article_id), 0);
)sql";

// Version 6: feed autodiscovery of html sources without rules — the feed
// their page links and the page it was found on, so `sources` and /sources
// can say which feed stands for the page; empty while the page is scraped.
constexpr std::string_view kDiscoveredFeed = R"sql(
ALTER TABLE sources ADD COLUMN discovered_feed TEXT NOT NULL DEFAULT '';
ALTER TABLE sources ADD COLUMN feed_found_on TEXT NOT NULL DEFAULT '';
)sql";

// Runs every statement of a script in order.
Result<void> run_script(sqlite3* db, std::string_view sql, const std::string& db_path) {
  while (!sql.empty()) {
    std::string_view tail;
    auto stmt = Statement::prepare(db, sql, db_path, &tail);
    if (!stmt) return std::unexpected(stmt.error());
    if (stmt->valid()) {
      if (auto done = stmt->run(); !done) return done;
    }
    sql = tail;
  }
  return {};
}

Result<void> exec(sqlite3* db, std::string_view sql, const std::string& db_path) {
  return run_script(db, sql, db_path);
}

Result<bool> has_tables(sqlite3* db, const std::string& db_path) {
  auto stmt = Statement::prepare(db, "SELECT count(*) FROM sqlite_schema", db_path);
  if (!stmt) return std::unexpected(stmt.error());
  auto row = stmt->step();
  if (!row) return std::unexpected(row.error());
  return *row && stmt->column_int64(0) > 0;
}

}  // namespace

const std::vector<Migration>& migrations() {
  static const std::vector<Migration> all = {
      {1, kInitialSchema},
      {2, kConfiguredUrl},
      {3, kClusters},
      {4, kBrokenRule},
      {5, kBandFingerprints},
      {6, kDiscoveredFeed},
  };
  return all;
}

int latest_version() { return migrations().back().version; }

Result<int> read_user_version(sqlite3* db, const std::string& db_path) {
  auto stmt = Statement::prepare(db, "PRAGMA user_version", db_path);
  if (!stmt) return std::unexpected(stmt.error());
  auto row = stmt->step();
  if (!row) return std::unexpected(row.error());
  return *row ? stmt->column_int(0) : 0;
}

Result<int> migrate(sqlite3* db, const std::string& db_path) {
  // IMMEDIATE takes the write lock before we read the version, so two
  // processes opening a fresh file cannot both run the same migration.
  if (auto begun = exec(db, "BEGIN IMMEDIATE", db_path); !begun) {
    return std::unexpected(begun.error());
  }
  auto body = [&]() -> Result<int> {
    auto version = read_user_version(db, db_path);
    if (!version) return version;
    if (*version > latest_version()) {
      return fail("store: ", db_path, " has schema version ", std::to_string(*version),
                  ", newer than this kommunalfeed (", std::to_string(latest_version()),
                  "); upgrade kommunalfeed");
    }
    if (*version == 0) {
      auto foreign = has_tables(db, db_path);
      if (!foreign) return std::unexpected(foreign.error());
      if (*foreign) {
        return fail("store: ", db_path,
                    " is a SQLite database of another program (tables but no schema version)");
      }
    }
    for (const Migration& m : migrations()) {
      if (m.version <= *version) continue;
      if (auto applied = run_script(db, m.sql, db_path); !applied) {
        return fail(applied.error().message, " [migration to schema version ",
                    std::to_string(m.version), "]");
      }
      // PRAGMA takes no bound parameters; the value is our own constant.
      if (auto set = exec(db, "PRAGMA user_version = " + std::to_string(m.version), db_path);
          !set) {
        return std::unexpected(set.error());
      }
      *version = m.version;
    }
    return version;
  };
  auto result = body();
  if (!result) {
    (void)exec(db, "ROLLBACK", db_path);
    return result;
  }
  if (auto committed = exec(db, "COMMIT", db_path); !committed) {
    (void)exec(db, "ROLLBACK", db_path);
    return std::unexpected(committed.error());
  }
  return result;
}

}  // namespace kf::store
