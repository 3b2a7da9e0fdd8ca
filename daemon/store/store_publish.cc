// Store: the read queries of the publish and serve stages. Article rows are
// read through find_article so the column mapping lives in one place
// (store_articles.cc); a page is at most a few hundred primary-key lookups.
#include "store/store.h"
#include "store/store_impl.h"

namespace kf {
namespace {

// Steps `stmt` (which selects one id column) and loads each article.
Result<std::vector<Article>> load_ids(store::Statement& stmt, Store& store) {
  std::vector<std::string> ids;
  for (;;) {
    auto row = stmt.step();
    if (!row) return std::unexpected(row.error());
    if (!*row) break;
    ids.push_back(stmt.column_text(0));
  }
  // The id query has run to its end before the lookups start, so no read
  // cursor stays open across them.
  std::vector<Article> out;
  out.reserve(ids.size());
  for (const auto& id : ids) {
    auto a = store.find_article(id);
    if (!a) return std::unexpected(a.error());
    if (*a) out.push_back(std::move(**a));  // deleted in between: skip
  }
  return out;
}

}  // namespace

Result<std::vector<Article>> Store::recent_representatives(int limit, int offset) {
  if (limit <= 0) return std::vector<Article>{};
  auto stmt = impl_->sql(
      "SELECT id FROM articles WHERE representative = 1"
      " ORDER BY coalesce(published, first_seen) DESC, id LIMIT ? OFFSET ?");
  if (!stmt) return std::unexpected(stmt.error());
  (*stmt)->bind(1, limit).bind(2, offset < 0 ? 0 : offset);
  return load_ids(**stmt, *this);
}

Result<std::vector<Article>> Store::recent_articles_of_source(const std::string& source_id,
                                                              int limit, int offset) {
  if (limit <= 0) return std::vector<Article>{};
  auto stmt = impl_->sql(
      "SELECT id FROM articles WHERE source_id = ?"
      " ORDER BY coalesce(published, first_seen) DESC, id LIMIT ? OFFSET ?");
  if (!stmt) return std::unexpected(stmt.error());
  (*stmt)->bind(1, source_id).bind(2, limit).bind(3, offset < 0 ? 0 : offset);
  return load_ids(**stmt, *this);
}

Result<SourceCounts> Store::completeness_counts() {
  auto stmt = impl_->sql("SELECT completeness, count(*) FROM articles GROUP BY completeness");
  if (!stmt) return std::unexpected(stmt.error());
  SourceCounts counts;
  for (;;) {
    auto row = (*stmt)->step();
    if (!row) return std::unexpected(row.error());
    if (!*row) return counts;
    auto kind = (*stmt)->column_text(0);
    if (kind == "full") counts.full = (*stmt)->column_int64(1);
    if (kind == "teaser") counts.teasers = (*stmt)->column_int64(1);
  }
}

}  // namespace kf
