#include "serve/body_cache.h"

#include <algorithm>

namespace kf::serve {

BodyCache::BodyCache(std::size_t max_entries)
    : max_entries_(std::max<std::size_t>(1, max_entries)) {}

Result<std::shared_ptr<const Entity>> BodyCache::get(std::string_view key, std::uint64_t generation,
                                                     Render render) {
  auto it = slots_.find(key);
  if (it != slots_.end() && it->second.generation == generation) {
    ++hits_;
    it->second.last_use = ++clock_;
    return it->second.entity;
  }
  ++misses_;

  Result<Rendered> rendered = render();
  if (!rendered) return std::unexpected(std::move(rendered.error()));
  auto entity = std::make_shared<const Entity>(std::move(rendered->body), rendered->modified);

  if (it != slots_.end()) {
    if (it->second.generation <= generation) it->second = Slot{generation, entity, ++clock_};
    return entity;
  }
  if (slots_.size() >= max_entries_) {
    auto oldest = std::min_element(slots_.begin(), slots_.end(), [](const auto& a, const auto& b) {
      return a.second.last_use < b.second.last_use;
    });
    slots_.erase(oldest);
  }
  slots_.emplace(std::string(key), Slot{generation, entity, ++clock_});
  return entity;
}

void BodyCache::clear() { slots_.clear(); }

std::size_t BodyCache::size() const { return slots_.size(); }

std::uint64_t BodyCache::hits() const { return hits_; }

std::uint64_t BodyCache::misses() const { return misses_; }

}  // namespace kf::serve
