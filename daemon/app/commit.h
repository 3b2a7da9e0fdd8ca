// commit_fetch stores what one fetch produced, in one transaction: each
// article merged with its stored version (a teaser upgraded in place keeps
// its id), upserted, fingerprinted and put into its near-duplicate cluster;
// then the fetch history row and the source's new state. This is where the
// dedup decisions meet the store. Runs on the daemon's store thread; NOT
// thread-safe (uses the Store it is given).
#pragma once

#include <string>
#include <vector>

#include "app/source_update.h"
#include "dedup/near_duplicate.h"
#include "model/article.h"
#include "store/store.h"

namespace kf::app {

// Teasers one page showed: each gets a sighting (Store::record_teaser_sighting).
struct TeaserSightings {
  std::string page_url;
  std::vector<std::string> article_ids;  // stored by the same commit
  Timestamp seen_at{};
};

// Merges and upserts `articles` (counted into `counts`), clusters the
// changed ones and records `sightings`, in one transaction (joins an open
// one). For pages fetched beside a source's main fetch (an html source's
// article pages): no history row, no state. Returns the cluster merges.
Result<int> commit_page(Store& store, const std::vector<Article>& articles,
                        const TeaserSightings& sightings, FetchRecord& counts,
                        const dedup::Settings& settings);

// Commits `articles` and `outcome` (whose record gets the new/updated/
// unchanged counts). On a store error nothing of the articles is kept and
// the error is returned; the caller then records the failed fetch alone.
// Returns the number of articles that joined a cluster of another article.
// `sightings`: teasers an html page showed (see commit_page).
Result<int> commit_fetch(Store& store, Outcome& outcome, const std::vector<Article>& articles,
                         const dedup::Settings& settings, const TeaserSightings& sightings = {});

}  // namespace kf::app
