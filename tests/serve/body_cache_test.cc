#include "serve/body_cache.h"

#include <catch2/catch.hpp>
#include <string>

using kf::serve::BodyCache;

TEST_CASE("BodyCache renders once per key and generation", "[serve]") {
  BodyCache cache;
  int renders = 0;
  auto render = [&]() -> kf::Result<kf::serve::Rendered> {
    return kf::serve::Rendered{"body " + std::to_string(++renders), std::nullopt};
  };
  auto first = cache.get("feed:all", 1, render);
  auto second = cache.get("feed:all", 1, render);
  REQUIRE(first.has_value());
  REQUIRE(second.has_value());
  CHECK(renders == 1);
  CHECK(*first == *second);  // the same Entity, so the same gzip is reused
  CHECK((*second)->body() == "body 1");
  CHECK(cache.hits() == 1);
  CHECK(cache.misses() == 1);
}

TEST_CASE("BodyCache renders again for a new generation and keeps keys apart", "[serve]") {
  BodyCache cache;
  int renders = 0;
  auto render = [&]() -> kf::Result<kf::serve::Rendered> {
    return kf::serve::Rendered{"body " + std::to_string(++renders), std::nullopt};
  };
  CHECK((*cache.get("feed:all", 1, render))->body() == "body 1");
  CHECK((*cache.get("feed:all", 2, render))->body() == "body 2");
  CHECK((*cache.get("feed:other", 2, render))->body() == "body 3");
  CHECK((*cache.get("feed:all", 2, render))->body() == "body 2");
  CHECK(renders == 3);
  CHECK(cache.size() == 2);
}

TEST_CASE("BodyCache does not cache a render error", "[serve]") {
  BodyCache cache;
  int renders = 0;
  auto failing = [&]() -> kf::Result<kf::serve::Rendered> {
    ++renders;
    return kf::fail("publish: no such output");
  };
  auto result = cache.get("feed:x", 1, failing);
  REQUIRE_FALSE(result.has_value());
  CHECK(result.error().message == "publish: no such output");
  CHECK_FALSE(cache.get("feed:x", 1, failing).has_value());
  CHECK(renders == 2);
  CHECK(cache.size() == 0);
}

TEST_CASE("BodyCache evicts the least recently used key when full", "[serve]") {
  BodyCache cache(2);
  int renders = 0;
  auto render = [&]() -> kf::Result<kf::serve::Rendered> {
    return kf::serve::Rendered{std::to_string(++renders), std::nullopt};
  };
  (void)cache.get("a", 1, render);
  (void)cache.get("b", 1, render);
  (void)cache.get("a", 1, render);  // a is now more recent than b
  (void)cache.get("c", 1, render);  // evicts b
  CHECK(cache.size() == 2);
  CHECK(renders == 3);
  (void)cache.get("a", 1, render);
  CHECK(renders == 3);
  (void)cache.get("b", 1, render);
  CHECK(renders == 4);
}

TEST_CASE("BodyCache keeps the rendered date with the body", "[serve]") {
  BodyCache cache;
  const auto date = std::chrono::sys_seconds{std::chrono::seconds{1700000000}};
  int renders = 0;
  auto render = [&]() -> kf::Result<kf::serve::Rendered> {
    ++renders;
    return kf::serve::Rendered{"body", date};
  };
  CHECK((*cache.get("feed:all", 1, render))->last_modified() == date);
  CHECK((*cache.get("feed:all", 1, render))->last_modified() == date);  // a hit keeps it
  CHECK(renders == 1);
  auto undated = [] { return kf::Result<kf::serve::Rendered>(kf::serve::Rendered{"x", {}}); };
  CHECK_FALSE((*cache.get("feed:other", 1, undated))->last_modified());
}
