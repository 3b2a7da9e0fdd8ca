#include <catch2/catch.hpp>

#include "store/store.h"
#include "store_fixture.h"

using kf::Store;
using kf::test::sample_article;
using kf::test::TempDir;

namespace {

Store open_with(const TempDir& dir, std::initializer_list<const char*> ids) {
  auto store = Store::open(dir.path() + "/kf.db");
  REQUIRE(store.has_value());
  for (const char* id : ids) REQUIRE(store->upsert_article(sample_article(id)).has_value());
  return std::move(*store);
}

std::vector<std::string> ids_of(const std::vector<kf::dedup::Candidate>& cs) {
  std::vector<std::string> out;
  for (const auto& c : cs) out.push_back(c.id);
  std::sort(out.begin(), out.end());
  return out;
}

}  // namespace

TEST_CASE("near candidates share a band and lie in the day range", "[store][dedup]") {
  TempDir dir;
  Store store = open_with(dir, {"a", "b", "c", "d"});
  const std::uint64_t h = 0x1122334455667788ULL;
  REQUIRE(store.set_fingerprint("a", h, 100, "a").has_value());
  REQUIRE(store.set_fingerprint("b", h ^ 0xFF, 101, "b").has_value());           // band 0 differs
  REQUIRE(store.set_fingerprint("c", h, 120, "c").has_value());                  // too late
  REQUIRE(store.set_fingerprint("d", ~h, 100, "d").has_value());                 // no band shared
  auto found = store.near_candidates(h, 97, 103, 64, 100);
  REQUIRE(found.has_value());
  CHECK(ids_of(*found) == std::vector<std::string>{"a", "b"});
  for (const auto& c : *found) CHECK(c.simhash == (c.id == "a" ? h : h ^ 0xFF));
  CHECK(store.near_candidates(h, 97, 103, 64, 1)->size() == 1);
  // b differs from h in 8 bits: beyond a distance of 7 it is not a candidate.
  CHECK(ids_of(*store.near_candidates(h, 97, 103, 7, 100)) == std::vector<std::string>{"a"});
}

TEST_CASE("a cluster lists its members and publishes one representative", "[store][dedup]") {
  TempDir dir;
  Store store = open_with(dir, {"a", "b", "c"});
  REQUIRE(store.set_fingerprint("a", 1, 100, "a").has_value());
  REQUIRE(store.set_fingerprint("b", 1, 100, "a").has_value());
  REQUIRE(store.set_fingerprint("c", 99, 100, "c").has_value());
  auto members = store.cluster_members("a");
  REQUIRE(members.has_value());
  CHECK(ids_of(*members) == std::vector<std::string>{"a", "b"});
  for (const auto& m : *members) CHECK(m.cluster_id == "a");
  REQUIRE(store.set_representative("a", "b").has_value());
  CHECK(*store.related_urls("b") == std::vector<std::string>{sample_article("a").url});
  CHECK(*store.related_urls("a") == std::vector<std::string>{sample_article("b").url});
  CHECK(store.related_urls("c")->empty());
  CHECK(store.cluster_members("c")->size() == 1);
}

TEST_CASE("a fingerprint for an article that is not stored is an error", "[store][dedup]") {
  TempDir dir;
  Store store = open_with(dir, {});
  CHECK_FALSE(store.set_fingerprint("ghost", 1, 1, "ghost").has_value());
}

TEST_CASE("search lists one article per near-duplicate cluster, its representative", "[store][dedup]") {
  TempDir dir;
  Store store = open_with(dir, {"a", "b", "c"});  // all three mention "E-Akte"
  REQUIRE(store.search("Akte", 10)->size() == 3);
  REQUIRE(store.set_fingerprint("a", 1, 100, "a").has_value());
  REQUIRE(store.set_fingerprint("b", 1, 100, "a").has_value());
  REQUIRE(store.set_representative("a", "b").has_value());
  auto found = store.search("Akte", 10);
  REQUIRE(found.has_value());
  std::vector<std::string> ids;
  for (const auto& a : *found) ids.push_back(a.id);
  std::sort(ids.begin(), ids.end());
  CHECK(ids == std::vector<std::string>{"b", "c"});
}
