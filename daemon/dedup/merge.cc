#include "dedup/merge.h"

#include <algorithm>

namespace kf::dedup {

Article merge(const Article& incoming, const Article& stored) {
  if (stored.completeness == Completeness::full && incoming.completeness == Completeness::teaser) {
    Article kept = stored;
    kept.last_seen = std::max(stored.last_seen, incoming.last_seen);
    return kept;
  }
  Article out = incoming;
  out.first_seen = stored.first_seen;
  // What the page lacks and the teaser (or an earlier fetch) had stays.
  if (out.summary.empty()) out.summary = stored.summary;
  if (out.kicker.empty()) out.kicker = stored.kicker;
  if (!out.published) out.published = stored.published;
  if (out.image.url.empty()) out.image = stored.image;
  if (out.author.empty()) out.author = stored.author;
  return out;
}

}  // namespace kf::dedup
