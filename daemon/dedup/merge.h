// How an article seen again is merged with the stored one of the same id: a
// teaser upgraded to its full article keeps what only the teaser had (its
// summary when the page has no lead, kicker, date, image), so the entry a
// reader already has only gains. Pure; thread-safe.
#pragma once

#include "model/article.h"

namespace kf::dedup {

// `incoming` merged with `stored` (same id). A full article is never
// replaced by a teaser of it: then `stored` comes back with last_seen moved
// on. first_seen is always the stored one.
Article merge(const Article& incoming, const Article& stored);

}  // namespace kf::dedup
