#include "app/commit.h"

#include <algorithm>

#include "app/round_stats.h"
#include "dedup/merge.h"
#include "dedup/simhash.h"

namespace kf::app {
namespace {

// At most this many candidates per article: the band index makes them few;
// the cap bounds a pathological case (thousands of identical stubs a day).
constexpr int kMaxCandidates = 200;

// Fingerprints a changed article and (re)assigns its cluster; true when it
// joined another article's cluster.
Result<bool> cluster(Store& store, const Article& a, const dedup::Settings& settings) {
  auto hash = dedup::fingerprint(a, settings);
  if (!hash) return false;
  const std::int64_t day = dedup::day_of(a);
  const auto window = settings.window.count();
  auto candidates = store.near_candidates(*hash, day - window, day + window,
                                         std::min(settings.max_distance, dedup::kMaxIndexedDistance), kMaxCandidates);
  if (!candidates) return std::unexpected(candidates.error());
  const auto joined = dedup::cluster_for(a.id, *hash, day, *candidates, settings);
  const std::string cluster_id = joined.value_or(a.id);
  if (auto r = store.set_fingerprint(a.id, *hash, day, cluster_id); !r)
    return std::unexpected(r.error());
  if (!joined) return false;
  auto members = store.cluster_members(cluster_id);
  if (!members) return std::unexpected(members.error());
  if (auto r = store.set_representative(cluster_id, dedup::representative(*members).id); !r)
    return std::unexpected(r.error());
  return true;
}

}  // namespace

Result<int> commit_page(Store& store, const std::vector<Article>& articles,
                        const TeaserSightings& sightings, FetchRecord& counts,
                        const dedup::Settings& settings) {
  int merges = 0;
  auto saved = store.transaction([&]() -> Result<void> {
    for (const Article& incoming : articles) {
      auto stored = store.find_article(incoming.id);
      if (!stored) return std::unexpected(stored.error());
      const Article a = *stored ? dedup::merge(incoming, **stored) : incoming;
      auto upserted = store.upsert_article(a);
      if (!upserted) return std::unexpected(upserted.error());
      count_upsert(counts, *upserted);
      if (*upserted == Upsert::unchanged) continue;
      auto joined = cluster(store, a, settings);
      if (!joined) return std::unexpected(joined.error());
      merges += *joined;
    }
    for (const std::string& id : sightings.article_ids) {
      if (auto r = store.record_teaser_sighting(id, sightings.page_url, sightings.seen_at); !r)
        return r;
    }
    return {};
  });
  if (!saved) return std::unexpected(saved.error());
  return merges;
}

Result<int> commit_fetch(Store& store, Outcome& outcome, const std::vector<Article>& articles,
                         const dedup::Settings& settings, const TeaserSightings& sightings) {
  int merges = 0;
  auto saved = store.transaction([&]() -> Result<void> {
    auto page = commit_page(store, articles, sightings, outcome.record, settings);
    if (!page) return std::unexpected(page.error());
    merges = *page;
    if (auto r = store.record_fetch(outcome.record); !r) return r;
    return store.save_source_state(outcome.state);
  });
  if (!saved) return std::unexpected(saved.error());
  return merges;
}

}  // namespace kf::app
