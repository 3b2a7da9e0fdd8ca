// BodyCache keeps rendered bodies (as Entities, with ETag and lazily built
// gzip) keyed by a route key such as "feed:all:page=2" and the generation of
// the data they were rendered from (e.g. the store's change counter). A
// request for the same key and generation costs a map lookup; a newer
// generation renders again and replaces the entry. The cache holds at most
// `max_entries` keys and evicts the least recently used one.
// Thread-compatible, not thread-safe: its one user, Site, already serializes
// requests on its own mutex, and a second lock cost ~150 instructions per
// request for nothing. The Entities it hands out are safe to share.
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

#include "model/error.h"
#include "serve/entity.h"
#include "serve/function_ref.h"

namespace kf::serve {

// What a render produces: the body and when the data it shows last changed.
struct Rendered {
  std::string body;
  std::optional<std::chrono::sys_seconds> modified;  // nullopt: unknown
};

class BodyCache {
 public:
  using Render = FunctionRef<Result<Rendered>()>;

  explicit BodyCache(std::size_t max_entries = 256);

  // The cached Entity for (key, generation), or the result of `render()` as a
  // new Entity (body and Last-Modified date), cached unless a newer
  // generation for `key` is already stored. A render error is returned as is
  // and nothing is cached. `render` must not use this cache.
  Result<std::shared_ptr<const Entity>> get(std::string_view key, std::uint64_t generation,
                                            Render render);

  // Drops every entry (e.g. after a reload changed the outputs).
  void clear();

  std::size_t size() const;
  std::uint64_t hits() const;
  std::uint64_t misses() const;

 private:
  struct Slot {
    std::uint64_t generation = 0;
    std::shared_ptr<const Entity> entity;
    std::uint64_t last_use = 0;
  };
  // Transparent hashing: a hit looks the key up without copying it.
  struct KeyHash {
    using is_transparent = void;
    std::size_t operator()(std::string_view key) const { return std::hash<std::string_view>{}(key); }
  };
  std::unordered_map<std::string, Slot, KeyHash, std::equal_to<>> slots_;
  std::size_t max_entries_;
  std::uint64_t clock_ = 0;
  std::uint64_t hits_ = 0;
  std::uint64_t misses_ = 0;
};

}  // namespace kf::serve
