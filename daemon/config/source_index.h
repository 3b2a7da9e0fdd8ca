// SourceIndex finds a source of a Config by id in constant time. The daemon
// looks sources up several times per fetch and the site once per published
// entry; Config::find_source scans the list, which costs O(sources) per
// lookup and made a round over 11,000 sources quadratic.
// The index points into the vector it was built from: rebuild it whenever
// that vector is replaced or changed. Not thread-safe to rebuild while
// another thread reads; concurrent find() calls are fine.
#pragma once

#include <string_view>
#include <unordered_map>
#include <vector>

#include "config/config.h"

namespace kf::config {

class SourceIndex {
 public:
  SourceIndex() = default;
  explicit SourceIndex(const std::vector<Source>& sources) { rebuild(sources); }

  // Indexes `sources` (ids are unique after parse_config; on a duplicate the
  // first wins, as with Config::find_source).
  void rebuild(const std::vector<Source>& sources);

  // The source with this id, or nullptr.
  const Source* find(std::string_view id) const;

 private:
  std::unordered_map<std::string_view, const Source*> by_id_;
};

}  // namespace kf::config
