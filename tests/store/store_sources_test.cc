#include <catch2/catch.hpp>

#include "store/store.h"
#include "store_fixture.h"

using kf::Completeness;
using kf::FetchRecord;
using kf::Result;
using kf::SourceState;
using kf::Store;
using kf::test::at;
using kf::test::sample_article;
using kf::test::TempDir;

namespace {

Store open_store(const TempDir& dir) {
  auto store = Store::open(dir.path() + "/kf.db");
  REQUIRE(store.has_value());
  return std::move(*store);
}

FetchRecord fetch_at(std::int64_t started, int status) {
  FetchRecord f;
  f.source_id = "egovernment";
  f.started = at(started);
  f.url = "https://example.org/feed.xml";
  f.http_status = status;
  f.bytes = 12345;
  f.duration_ms = 321;
  f.new_articles = 3;
  f.updated_articles = 2;
  f.unchanged_articles = 10;
  f.error = status == 0 ? "fetch: timeout after 30 s" : "";
  return f;
}

}  // namespace

TEST_CASE("Teaser sightings count each article and page pair once", "[store]") {
  TempDir dir;
  Store store = open_store(dir);
  REQUIRE(store.upsert_article(sample_article("a1")).has_value());
  REQUIRE(store.record_teaser_sighting("a1", "https://example.org/", at(100)).has_value());
  REQUIRE(store.record_teaser_sighting("a1", "https://example.org/", at(200)).has_value());
  REQUIRE(store.record_teaser_sighting("a1", "https://example.org/themen", at(150)).has_value());
  CHECK(store.teaser_sighting_count("a1") == 2);
  CHECK(store.teaser_sighting_count("other") == 0);
}

TEST_CASE("A teaser sighting of an unknown article is an error", "[store]") {
  TempDir dir;
  Store store = open_store(dir);
  auto r = store.record_teaser_sighting("ghost", "https://example.org/", at(100));
  REQUIRE_FALSE(r.has_value());
  CHECK(r.error().message.starts_with("store: " + dir.path() + "/kf.db"));
  CHECK(r.error().message.find("FOREIGN KEY constraint failed") != std::string::npos);
  CHECK(r.error().message.find("ghost") != std::string::npos);
}

TEST_CASE("Source state round-trips through save and load", "[store]") {
  TempDir dir;
  Store store = open_store(dir);
  SourceState s;
  s.source_id = "kommune21";
  s.effective_url = "https://www.kommune21.de/feed.rss";
  s.etag = "W/\"abc\"";
  s.last_modified = "Tue, 14 Nov 2023 10:00:00 GMT";
  s.body_hash = "deadbeef";
  s.last_fetch = at(1700000000);
  s.last_success = at(1699990000);
  s.next_fetch.reset();
  s.last_status = 503;
  s.consecutive_errors = 4;
  s.last_error = "fetch: HTTP 503";
  s.disabled = true;
  s.disabled_reason = "HTTP 410 Gone";
  s.configured_url = "https://www.kommune21.de/rss.xml";
  s.broken_rule = "list.item";
  s.discovered_feed = "https://www.musterhausen.test/feed.rss";
  s.feed_found_on = "https://www.musterhausen.test/aktuelles/";
  REQUIRE(store.save_source_state(s).has_value());
  auto loaded = store.source_state("kommune21");
  REQUIRE(loaded.has_value());
  REQUIRE(loaded->has_value());
  CHECK(**loaded == s);

  s.disabled = false;
  s.next_fetch = at(1700000900);
  s.etag.clear();
  s.broken_rule.clear();
  s.discovered_feed.clear();
  s.feed_found_on.clear();
  REQUIRE(store.save_source_state(s).has_value());
  CHECK(**store.source_state("kommune21") == s);
}

TEST_CASE("ensure_source creates an empty state and leaves a saved one alone", "[store]") {
  TempDir dir;
  Store store = open_store(dir);
  REQUIRE(store.ensure_source("egovernment").has_value());
  auto fresh = store.source_state("egovernment");
  REQUIRE(fresh.has_value());
  REQUIRE(fresh->has_value());
  SourceState empty;
  empty.source_id = "egovernment";
  CHECK(**fresh == empty);

  SourceState saved = empty;
  saved.etag = "\"v1\"";
  saved.last_status = 200;
  REQUIRE(store.save_source_state(saved).has_value());
  REQUIRE(store.ensure_source("egovernment").has_value());
  CHECK(**store.source_state("egovernment") == saved);

  auto unknown = store.source_state("unknown");
  REQUIRE(unknown.has_value());
  CHECK_FALSE(unknown->has_value());
}

TEST_CASE("Source counts separate full articles from teasers", "[store]") {
  TempDir dir;
  Store store = open_store(dir);
  for (std::string id : {"f1", "f2", "t1"}) {
    auto a = sample_article(id);
    if (id == "t1") a.completeness = Completeness::teaser;
    REQUIRE(store.upsert_article(a).has_value());
  }
  auto other = sample_article("x1");
  other.source_id = "other";
  REQUIRE(store.upsert_article(other).has_value());
  auto counts = store.source_counts("egovernment");
  REQUIRE(counts.has_value());
  CHECK(counts->full == 2);
  CHECK(counts->teasers == 1);
  auto none = store.source_counts("nobody");
  REQUIRE(none.has_value());
  CHECK(none->full == 0);
  CHECK(none->teasers == 0);
}

TEST_CASE("Fetch history comes back newest first and limited", "[store]") {
  TempDir dir;
  Store store = open_store(dir);
  FetchRecord first = fetch_at(1000, 200);
  FetchRecord failed = fetch_at(3000, 0);
  FetchRecord second = fetch_at(2000, 304);
  for (const auto& f : {first, failed, second}) REQUIRE(store.record_fetch(f).has_value());
  FetchRecord elsewhere = fetch_at(4000, 200);
  elsewhere.source_id = "other";
  REQUIRE(store.record_fetch(elsewhere).has_value());

  auto all = store.recent_fetches("egovernment", 10);
  REQUIRE(all.has_value());
  CHECK(*all == std::vector<FetchRecord>{failed, second, first});
  auto two = store.recent_fetches("egovernment", 2);
  REQUIRE(two.has_value());
  CHECK(*two == std::vector<FetchRecord>{failed, second});
  CHECK(store.recent_fetches("nobody", 10)->empty());
}

TEST_CASE("Pruning fetch history keeps the newest rows of every source", "[store]") {
  TempDir dir;
  Store store = open_store(dir);
  for (int i = 1; i <= 5; ++i) REQUIRE(store.record_fetch(fetch_at(i * 100, 200)).has_value());
  FetchRecord other = fetch_at(50, 200);
  other.source_id = "other";
  REQUIRE(store.record_fetch(other).has_value());

  auto pruned = store.prune_fetches(2);
  REQUIRE(pruned.has_value());
  CHECK(*pruned == 3);
  CHECK(*store.recent_fetches("egovernment", 10) ==
        std::vector<FetchRecord>{fetch_at(500, 200), fetch_at(400, 200)});
  CHECK(*store.recent_fetches("other", 10) == std::vector<FetchRecord>{other});
  CHECK(*store.prune_fetches(2) == 0);
}

TEST_CASE("A transaction that fails leaves nothing behind", "[store]") {
  TempDir dir;
  Store store = open_store(dir);
  auto r = store.transaction([&]() -> Result<void> {
    REQUIRE(store.upsert_article(sample_article("a1")).has_value());
    REQUIRE(store.record_fetch(fetch_at(1000, 200)).has_value());
    return kf::fail("normalize: gave up");
  });
  REQUIRE_FALSE(r.has_value());
  CHECK(r.error().message == "normalize: gave up");
  CHECK(store.article_count() == 0);
  CHECK(store.recent_fetches("egovernment", 10)->empty());
  CHECK_FALSE(store.source_state("egovernment")->has_value());
}

TEST_CASE("A transaction that succeeds commits all its work", "[store]") {
  TempDir dir;
  Store store = open_store(dir);
  auto r = store.transaction([&]() -> Result<void> {
    for (std::string id : {"a1", "a2", "a3"}) {
      if (auto u = store.upsert_article(sample_article(id)); !u) return std::unexpected(u.error());
    }
    return {};
  });
  REQUIRE(r.has_value());
  auto reader = Store::open(dir.path() + "/kf.db", kf::OpenMode::reader);
  REQUIRE(reader.has_value());
  CHECK(reader->article_count() == 3);
}

TEST_CASE("A failed nested transaction rolls back the outer one", "[store]") {
  TempDir dir;
  Store store = open_store(dir);
  auto r = store.transaction([&]() -> Result<void> {
    REQUIRE(store.upsert_article(sample_article("a1")).has_value());
    auto inner = store.transaction([&]() -> Result<void> { return kf::fail("dedup: broken"); });
    CHECK_FALSE(inner.has_value());
    return {};  // the outer work ignores the inner failure
  });
  REQUIRE_FALSE(r.has_value());
  CHECK(r.error().message.starts_with("dedup: broken"));
  CHECK(store.article_count() == 0);
  // The store is usable afterwards.
  REQUIRE(store.upsert_article(sample_article("a2")).has_value());
  CHECK(store.article_count() == 1);
}

TEST_CASE("An exception inside a transaction becomes an error and rolls back", "[store]") {
  TempDir dir;
  Store store = open_store(dir);
  auto r = store.transaction([&]() -> Result<void> {
    REQUIRE(store.upsert_article(sample_article("a1")).has_value());
    throw std::runtime_error("boom");
  });
  REQUIRE_FALSE(r.has_value());
  CHECK(r.error().message.find("boom") != std::string::npos);
  CHECK(store.article_count() == 0);
}
