// commit_fetch stores what one fetch produced, in one transaction: each
// article merged with its stored version (a teaser upgraded in place keeps
// its id), upserted, fingerprinted and put into its near-duplicate cluster;
// then the fetch history row and the source's new state. This is where the
// dedup decisions meet the store. Runs on the daemon's store thread; NOT
// thread-safe (uses the Store it is given).
#pragma once

#include <vector>

#include "app/source_update.h"
#include "dedup/near_duplicate.h"
#include "model/article.h"
#include "store/store.h"

namespace kf::app {

// Commits `articles` and `outcome` (whose record gets the new/updated/
// unchanged counts). On a store error nothing of the articles is kept and
// the error is returned; the caller then records the failed fetch alone.
// Returns the number of articles that joined a cluster of another article.
Result<int> commit_fetch(Store& store, Outcome& outcome, const std::vector<Article>& articles,
                         const dedup::Settings& settings);

}  // namespace kf::app
