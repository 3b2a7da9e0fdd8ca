#include "config/source_index.h"

namespace kf::config {

void SourceIndex::rebuild(const std::vector<Source>& sources) {
  by_id_.clear();
  by_id_.reserve(sources.size());
  for (const Source& s : sources) by_id_.emplace(s.id, &s);
}

const Source* SourceIndex::find(std::string_view id) const {
  auto it = by_id_.find(id);
  return it == by_id_.end() ? nullptr : it->second;
}

}  // namespace kf::config
