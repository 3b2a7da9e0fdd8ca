// Store: near-duplicate clusters and the SimHash band index.
#include <bit>
#include <unordered_set>

#include "dedup/simhash.h"
#include "store/store.h"
#include "store/store_impl.h"

namespace kf {
namespace {

// SQLite integers are signed: the fingerprint's bits are kept as they are.
std::int64_t to_sql(std::uint64_t h) { return std::bit_cast<std::int64_t>(h); }
std::uint64_t from_sql(std::int64_t v) { return std::bit_cast<std::uint64_t>(v); }

#define KF_CANDIDATE_COLUMNS                                                         \
  "a.id, coalesce(a.cluster_id, a.id), a.simhash, a.completeness, "                  \
  "coalesce(a.published, a.first_seen) "

dedup::Candidate read_candidate(store::Statement& q, std::int64_t day) {
  dedup::Candidate c;
  c.id = q.column_text(0);
  c.cluster_id = q.column_text(1);
  c.simhash = from_sql(q.column_int64(2));
  c.completeness = q.column_text(3) == "teaser" ? Completeness::teaser : Completeness::full;
  c.when = q.column_time(4);
  c.day = day;
  return c;
}

}  // namespace

Result<std::vector<dedup::Candidate>> Store::near_candidates(std::uint64_t simhash,
                                                             std::int64_t day_from,
                                                             std::int64_t day_to, int max_distance,
                                                             int limit) {
  std::vector<dedup::Candidate> out;
  if (limit <= 0) return out;
  // Only the band index is read here (a covering WITHOUT ROWID table) ...
  auto bands = impl_->sql("SELECT article_id, simhash, day FROM simhash_bands"
                          " WHERE band = ?1 AND value = ?2 AND day BETWEEN ?3 AND ?4");
  if (!bands) return std::unexpected(bands.error());
  // ... and articles only for fingerprints close enough to matter.
  auto article = impl_->sql("SELECT " KF_CANDIDATE_COLUMNS " FROM articles a WHERE a.id = ?");
  if (!article) return std::unexpected(article.error());
  std::unordered_set<std::string> seen;
  for (int band = 0; band < dedup::kBands && static_cast<int>(out.size()) < limit; ++band) {
    store::Statement& q = **bands;
    q.reset();
    q.bind(1, band).bind(2, static_cast<int>(dedup::band(simhash, band))).bind(3, day_from);
    q.bind(4, day_to);
    for (;;) {
      auto row = q.step();
      if (!row) return std::unexpected(row.error());
      if (!*row) break;
      if (dedup::hamming(from_sql(q.column_int64(1)), simhash) > max_distance) continue;
      std::string id = q.column_text(0);
      if (!seen.insert(id).second) continue;
      store::Statement& a = **article;
      a.reset();
      a.bind(1, id);
      auto found = a.step();
      if (!found) return std::unexpected(found.error());
      if (*found) out.push_back(read_candidate(a, q.column_int64(2)));
      if (static_cast<int>(out.size()) >= limit) break;
    }
  }
  return out;
}

Result<void> Store::set_fingerprint(const std::string& id, std::uint64_t simhash, std::int64_t day,
                                    const std::string& cluster_id) {
  return transaction([&]() -> Result<void> {
    auto drop = impl_->sql("DELETE FROM simhash_bands WHERE article_id = ?");
    if (!drop) return std::unexpected(drop.error());
    (*drop)->bind(1, id);
    if (auto r = (*drop)->run(); !r) return r;
    auto add = impl_->sql(
        "INSERT INTO simhash_bands (band, value, day, article_id, simhash) VALUES (?, ?, ?, ?, ?)");
    if (!add) return std::unexpected(add.error());
    for (int band = 0; band < dedup::kBands; ++band) {
      (*add)->reset();
      (*add)->bind(1, band).bind(2, static_cast<int>(dedup::band(simhash, band))).bind(3, day);
      (*add)->bind(4, id).bind(5, to_sql(simhash));
      if (auto r = (*add)->run(); !r) return r;
    }
    auto set = impl_->sql("UPDATE articles SET simhash = ?, cluster_id = ? WHERE id = ?");
    if (!set) return std::unexpected(set.error());
    (*set)->bind(1, to_sql(simhash));
    if (cluster_id == id) {
      (*set)->bind_null(2);
    } else {
      (*set)->bind(2, cluster_id);
    }
    (*set)->bind(3, id);
    if (auto r = (*set)->run(); !r) return r;
    if (impl_->changes() == 0) return fail("store: ", impl_->path, ": set_fingerprint: no article ", id);
    return {};
  });
}

Result<std::vector<dedup::Candidate>> Store::cluster_members(const std::string& cluster_id) {
  auto stmt = impl_->sql("SELECT " KF_CANDIDATE_COLUMNS " FROM articles a"
                         " WHERE a.id = ?1 OR a.cluster_id = ?1 ORDER BY a.id");
  if (!stmt) return std::unexpected(stmt.error());
  store::Statement& q = **stmt;
  q.bind(1, cluster_id);
  std::vector<dedup::Candidate> out;
  for (;;) {
    auto row = q.step();
    if (!row) return std::unexpected(row.error());
    if (!*row) return out;
    out.push_back(read_candidate(q, 0));
  }
}

Result<void> Store::set_representative(const std::string& cluster_id, const std::string& id) {
  auto stmt = impl_->sql("UPDATE articles SET representative = (id = ?2)"
                         " WHERE (id = ?1 OR cluster_id = ?1) AND representative != (id = ?2)");
  if (!stmt) return std::unexpected(stmt.error());
  (*stmt)->bind(1, cluster_id).bind(2, id);
  return (*stmt)->run();
}

Result<std::vector<std::string>> Store::related_urls(const std::string& id) {
  // The cluster key first, so both lookups use an index (id, cluster_id).
  auto stmt = impl_->sql(
      "WITH c(k) AS (SELECT coalesce(cluster_id, id) FROM articles WHERE id = ?1)"
      " SELECT o.url FROM articles o, c WHERE (o.id = c.k OR o.cluster_id = c.k) AND o.id != ?1"
      " ORDER BY o.id");
  if (!stmt) return std::unexpected(stmt.error());
  (*stmt)->bind(1, id);
  std::vector<std::string> out;
  for (;;) {
    auto row = (*stmt)->step();
    if (!row) return std::unexpected(row.error());
    if (!*row) return out;
    out.push_back((*stmt)->column_text(0));
  }
}

}  // namespace kf
