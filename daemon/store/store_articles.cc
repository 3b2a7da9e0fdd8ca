// Store: articles, their upsert rules and the full-text index.
#include <sqlite3.h>

#include <nlohmann/json.hpp>

#include "store/fts_text.h"
#include "store/store.h"
#include "store/store_impl.h"

namespace kf {
namespace {

// Column list shared by every article query; read_article() depends on
// this order. Constant text only, never values.
#define KF_ARTICLE_COLUMNS                                                              \
  "a.id, a.source_id, a.url, a.kicker, a.title, a.summary, a.content_html, a.author, "  \
  "a.published, a.updated, a.image_url, a.image_alt, a.image_caption, a.image_credit, " \
  "a.categories, a.language, a.completeness, a.first_seen, a.last_seen, a.content_hash "

std::string categories_to_json(const std::vector<std::string>& categories) {
  // replace: invalid UTF-8 must not throw out of the store.
  return nlohmann::json(categories).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

Result<std::vector<std::string>> categories_from_json(const std::string& text,
                                                      const std::string& path,
                                                      const std::string& id) {
  auto parsed = nlohmann::json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (parsed.is_discarded() || !parsed.is_array()) {
    return fail("store: ", path, ": article ", id, ": categories are not a JSON array");
  }
  std::vector<std::string> out;
  for (const auto& item : parsed) {
    if (!item.is_string()) {
      return fail("store: ", path, ": article ", id, ": a category is not a string");
    }
    out.push_back(item.get<std::string>());
  }
  return out;
}

Result<Article> read_article(store::Statement& row, const std::string& path) {
  Article a;
  a.id = row.column_text(0);
  a.source_id = row.column_text(1);
  a.url = row.column_text(2);
  a.kicker = row.column_text(3);
  a.title = row.column_text(4);
  a.summary = row.column_text(5);
  a.content_html = row.column_text(6);
  a.author = row.column_text(7);
  a.published = row.column_optional_time(8);
  a.updated = row.column_optional_time(9);
  a.image.url = row.column_text(10);
  a.image.alt = row.column_text(11);
  a.image.caption = row.column_text(12);
  a.image.credit = row.column_text(13);
  auto categories = categories_from_json(row.column_text(14), path, a.id);
  if (!categories) return std::unexpected(categories.error());
  a.categories = std::move(*categories);
  a.language = row.column_text(15);
  auto completeness = completeness_from_string(row.column_text(16));
  if (!completeness) {
    return fail("store: ", path, ": article ", a.id, ": unknown completeness '",
                row.column_text(16), "'");
  }
  a.completeness = *completeness;
  a.first_seen = row.column_time(17);
  a.last_seen = row.column_time(18);
  a.content_hash = row.column_text(19);
  return a;
}

// Steps a bound article query to the end and collects its rows.
Result<std::vector<Article>> read_articles(store::Statement& stmt, const std::string& path) {
  std::vector<Article> out;
  for (;;) {
    auto row = stmt.step();
    if (!row) return std::unexpected(row.error());
    if (!*row) return out;
    auto a = read_article(stmt, path);
    if (!a) return std::unexpected(a.error());
    out.push_back(std::move(*a));
  }
}

Result<std::optional<Article>> first_article(store::Statement& stmt, const std::string& path) {
  auto row = stmt.step();
  if (!row) return std::unexpected(row.error());
  if (!*row) return std::nullopt;
  auto a = read_article(stmt, path);
  if (!a) return std::unexpected(a.error());
  return std::optional<Article>(std::move(*a));
}

// Binds every column that an insert and a full update both write, as
// parameters 2..19 (1 is the id, first_seen is left to the caller).
void bind_article_fields(store::Statement& s, const Article& a) {
  s.bind(2, a.source_id).bind(3, a.url).bind(4, a.kicker).bind(5, a.title);
  s.bind(6, a.summary).bind(7, a.content_html).bind(8, a.author);
  s.bind(9, a.published).bind(10, a.updated);
  s.bind(11, a.image.url).bind(12, a.image.alt).bind(13, a.image.caption).bind(14, a.image.credit);
  s.bind(15, categories_to_json(a.categories)).bind(16, a.language);
  s.bind(17, to_string(a.completeness)).bind(18, a.last_seen).bind(19, a.content_hash);
}

}  // namespace

Result<Upsert> Store::upsert_article(const Article& a) {
  Impl& s = *impl_;
  if (a.id.empty()) {
    return fail("store: ", s.path, ": upsert_article: article without id (url ", a.url, ")");
  }
  if (a.source_id.empty()) {
    return fail("store: ", s.path, ": upsert_article: article ", a.id, " has no source id");
  }

  // Writes the searchable text under `rowid` (nullopt: FTS5 picks one).
  auto write_fts = [&](std::optional<std::int64_t> rowid) -> Result<std::int64_t> {
    auto ins =
        s.sql("INSERT INTO articles_fts(rowid, title, summary, content) VALUES (?, ?, ?, ?)");
    if (!ins) return std::unexpected(ins.error());
    if (rowid) {
      (*ins)->bind(1, *rowid);
    } else {
      (*ins)->bind_null(1);
    }
    (*ins)->bind(2, a.title);
    (*ins)->bind(3, store::html_to_index_text(a.summary));
    (*ins)->bind(4, store::html_to_index_text(a.content_html));
    if (auto ok = (*ins)->run(); !ok) return std::unexpected(ok.error());
    return sqlite3_last_insert_rowid(s.db);
  };

  Upsert outcome = Upsert::unchanged;
  auto done = transaction([&]() -> Result<void> {
    // The source row is created on demand so the foreign key holds even
    // before the daemon has called ensure_source for a new feeds.yaml entry.
    if (auto ok = ensure_source(a.source_id); !ok) return ok;

    bool exists = false;
    std::optional<Completeness> stored_completeness;
    std::string stored_hash;
    std::optional<std::int64_t> fts_rowid;
    {
      auto find = s.sql("SELECT completeness, content_hash, fts_rowid FROM articles WHERE id = ?");
      if (!find) return std::unexpected(find.error());
      (*find)->bind(1, a.id);
      auto found = (*find)->step();
      if (!found) return std::unexpected(found.error());
      exists = *found;
      if (exists) {
        stored_completeness = completeness_from_string((*find)->column_text(0));
        stored_hash = (*find)->column_text(1);
        if (!(*find)->column_is_null(2)) fts_rowid = (*find)->column_int64(2);
      }
    }

    if (!exists) {
      auto rowid = write_fts(std::nullopt);
      if (!rowid) return std::unexpected(rowid.error());
      auto ins = s.sql(
          "INSERT INTO articles (id, source_id, url, kicker, title, summary, content_html, author,"
          " published, updated, image_url, image_alt, image_caption, image_credit, categories,"
          " language, completeness, last_seen, content_hash, first_seen, fts_rowid)"
          " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17,"
          " ?18, ?19, ?20, ?21)");
      if (!ins) return std::unexpected(ins.error());
      (*ins)->bind(1, a.id);
      bind_article_fields(**ins, a);
      (*ins)->bind(20, a.first_seen).bind(21, *rowid);
      if (auto ok = (*ins)->run(); !ok) return ok;
      outcome = Upsert::inserted;
      return {};
    }

    bool keeps_full =
        stored_completeness == Completeness::full && a.completeness == Completeness::teaser;
    bool same = stored_completeness == a.completeness && stored_hash == a.content_hash;
    if (keeps_full || same) {
      auto touch = s.sql("UPDATE articles SET last_seen = ?2 WHERE id = ?1");
      if (!touch) return std::unexpected(touch.error());
      (*touch)->bind(1, a.id).bind(2, a.last_seen);
      if (auto ok = (*touch)->run(); !ok) return ok;
      outcome = Upsert::unchanged;
      return {};
    }

    if (fts_rowid) {
      auto del = s.sql("DELETE FROM articles_fts WHERE rowid = ?");
      if (!del) return std::unexpected(del.error());
      (*del)->bind(1, *fts_rowid);
      if (auto ok = (*del)->run(); !ok) return ok;
    }
    auto rowid = write_fts(fts_rowid);
    if (!rowid) return std::unexpected(rowid.error());
    auto upd = s.sql(
        "UPDATE articles SET source_id = ?2, url = ?3, kicker = ?4, title = ?5, summary = ?6,"
        " content_html = ?7, author = ?8, published = ?9, updated = ?10, image_url = ?11,"
        " image_alt = ?12, image_caption = ?13, image_credit = ?14, categories = ?15,"
        " language = ?16, completeness = ?17, last_seen = ?18, content_hash = ?19,"
        " fts_rowid = ?20 WHERE id = ?1");
    if (!upd) return std::unexpected(upd.error());
    (*upd)->bind(1, a.id);
    bind_article_fields(**upd, a);
    (*upd)->bind(20, *rowid);
    if (auto ok = (*upd)->run(); !ok) return ok;
    outcome = Upsert::updated;
    return {};
  });
  if (!done) return std::unexpected(done.error());
  return outcome;
}

Result<std::optional<Article>> Store::find_article(const std::string& id) {
  auto stmt = impl_->sql("SELECT " KF_ARTICLE_COLUMNS "FROM articles a WHERE a.id = ?");
  if (!stmt) return std::unexpected(stmt.error());
  (*stmt)->bind(1, id);
  return first_article(**stmt, impl_->path);
}

Result<std::optional<Article>> Store::find_article_by_url(const std::string& url) {
  // Several ids can share a URL (e.g. a teaser before its identity settled);
  // the full one, then the most recently seen, is the answer.
  auto stmt = impl_->sql("SELECT " KF_ARTICLE_COLUMNS
                         "FROM articles a WHERE a.url = ?"
                         " ORDER BY a.completeness = 'full' DESC, a.last_seen DESC, a.id LIMIT 1");
  if (!stmt) return std::unexpected(stmt.error());
  (*stmt)->bind(1, url);
  return first_article(**stmt, impl_->path);
}

Result<std::vector<Article>> Store::recent_articles(int limit, int offset) {
  if (limit <= 0) return std::vector<Article>{};
  auto stmt = impl_->sql("SELECT " KF_ARTICLE_COLUMNS
                         "FROM articles a ORDER BY coalesce(a.published, a.first_seen) DESC, a.id"
                         " LIMIT ? OFFSET ?");
  if (!stmt) return std::unexpected(stmt.error());
  (*stmt)->bind(1, limit).bind(2, offset < 0 ? 0 : offset);
  return read_articles(**stmt, impl_->path);
}

Result<std::vector<Article>> Store::search(const std::string& query, int limit) {
  std::string match = store::fts_literal_query(query);
  if (match.empty() || limit <= 0) return std::vector<Article>{};
  // Title hits weigh most, then the lead, then the body. Like the feeds, a
  // near-duplicate cluster shows once, as its representative.
  auto stmt = impl_->sql("SELECT " KF_ARTICLE_COLUMNS
                         "FROM articles_fts JOIN articles a ON a.fts_rowid = articles_fts.rowid"
                         " WHERE articles_fts MATCH ? AND a.representative = 1"
                         " ORDER BY bm25(articles_fts, 10.0, 5.0, 1.0), a.id LIMIT ?");
  if (!stmt) return std::unexpected(stmt.error());
  (*stmt)->bind(1, match).bind(2, limit);
  return read_articles(**stmt, impl_->path);
}

Result<std::int64_t> Store::article_count() {
  auto stmt = impl_->sql("SELECT count(*) FROM articles");
  if (!stmt) return std::unexpected(stmt.error());
  auto row = (*stmt)->step();
  if (!row) return std::unexpected(row.error());
  return *row ? (*stmt)->column_int64(0) : 0;
}

}  // namespace kf
