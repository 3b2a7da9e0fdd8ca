// touch(): reads every field of an Article so the fuzz targets' work on it
// cannot be optimized away and every byte gets read under ASan. Fuzz code only.
#pragma once

#include <cstddef>

#include "model/article.h"

namespace kf::fuzz {

inline std::size_t touch(const kf::Article& a) {
  std::size_t n = a.id.size() + a.source_id.size() + a.url.size() + a.kicker.size() +
                  a.title.size() + a.summary.size() + a.content_html.size() +
                  a.author.size() + a.image.url.size() + a.image.alt.size() +
                  a.image.caption.size() + a.image.credit.size() + a.language.size() +
                  a.content_hash.size();
  for (const auto& c : a.categories) n += c.size();
  if (a.published) n += static_cast<std::size_t>(a.published->time_since_epoch().count());
  if (a.updated) n += static_cast<std::size_t>(a.updated->time_since_epoch().count());
  return n;
}

}  // namespace kf::fuzz
