#include <sqlite3.h>
#include <sys/wait.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>

#include "store/migrations.h"
#include "store/store.h"
#include "store_fixture.h"

using kf::OpenMode;
using kf::Store;
using kf::test::TempDir;

namespace {

// Sets PRAGMA user_version behind the store's back, as a newer build would.
void set_user_version(const std::string& path, int version) {
  sqlite3* db = nullptr;
  REQUIRE(sqlite3_open(path.c_str(), &db) == SQLITE_OK);
  std::string sql = "PRAGMA user_version = " + std::to_string(version);
  REQUIRE(sqlite3_exec(db, sql.c_str(), nullptr, nullptr, nullptr) == SQLITE_OK);
  sqlite3_close(db);
}

bool contains(const std::string& haystack, const std::string& needle) {
  return haystack.find(needle) != std::string::npos;
}

}  // namespace

TEST_CASE("Opening a new file creates the schema at the latest version", "[store]") {
  TempDir dir;
  std::string path = dir.path() + "/kf.db";
  auto store = Store::open(path);
  REQUIRE(store.has_value());
  CHECK(store->schema_version() == Store::latest_schema_version());
  CHECK(Store::latest_schema_version() >= 1);
  CHECK(std::filesystem::exists(path));
  CHECK(store->article_count() == 0);
}

TEST_CASE("Opening an empty existing file migrates it", "[store]") {
  TempDir dir;
  std::string path = dir.write("empty.db", "");
  auto store = Store::open(path);
  REQUIRE(store.has_value());
  CHECK(store->schema_version() == Store::latest_schema_version());
  CHECK(store->integrity_ok() == true);
}

TEST_CASE("Reopening a database keeps its version and data", "[store]") {
  TempDir dir;
  std::string path = dir.path() + "/kf.db";
  {
    auto store = Store::open(path);
    REQUIRE(store.has_value());
    REQUIRE(store->upsert_article(kf::test::sample_article("a1")).has_value());
  }
  auto again = Store::open(path);
  REQUIRE(again.has_value());
  CHECK(again->schema_version() == Store::latest_schema_version());
  CHECK(again->article_count() == 1);
}

TEST_CASE("The daemon connection uses WAL journal mode", "[store]") {
  TempDir dir;
  std::string path = dir.path() + "/kf.db";
  auto store = Store::open(path);
  REQUIRE(store.has_value());
  CHECK(std::filesystem::exists(path + "-wal"));
}

TEST_CASE("A database from a newer kommunalfeed is refused with both versions", "[store]") {
  TempDir dir;
  std::string path = dir.path() + "/kf.db";
  REQUIRE(Store::open(path).has_value());
  int newer = Store::latest_schema_version() + 6;
  set_user_version(path, newer);
  for (OpenMode mode : {OpenMode::daemon, OpenMode::reader}) {
    auto store = Store::open(path, mode);
    REQUIRE_FALSE(store.has_value());
    const std::string& msg = store.error().message;
    CHECK(msg.starts_with("store: " + path));
    CHECK(contains(msg, "schema version " + std::to_string(newer)));
    CHECK(contains(msg, "(" + std::to_string(Store::latest_schema_version()) + ")"));
    CHECK(contains(msg, "upgrade kommunalfeed"));
  }
}

TEST_CASE("A file that is not a database is refused naming the path", "[store]") {
  TempDir dir;
  std::string path = dir.write("feeds.yaml", std::string(4096, 'x') + "\nsources: []\n");
  auto store = Store::open(path);
  REQUIRE_FALSE(store.has_value());
  CHECK(store.error().message ==
        "store: " + path + " is not a SQLite database (file is not a database)");
  auto reader = Store::open(path, OpenMode::reader);
  REQUIRE_FALSE(reader.has_value());
  CHECK(contains(reader.error().message, path + " is not a SQLite database"));
}

TEST_CASE("A SQLite database of another program is refused", "[store]") {
  TempDir dir;
  std::string path = dir.path() + "/other.db";
  sqlite3* db = nullptr;
  REQUIRE(sqlite3_open(path.c_str(), &db) == SQLITE_OK);
  REQUIRE(sqlite3_exec(db, "CREATE TABLE t (x)", nullptr, nullptr, nullptr) == SQLITE_OK);
  sqlite3_close(db);
  auto store = Store::open(path);
  REQUIRE_FALSE(store.has_value());
  CHECK(contains(store.error().message,
                 "store: " + path + " is a SQLite database of another program"));
}

TEST_CASE("A second daemon-mode open in the same process fails with the pid", "[store]") {
  TempDir dir;
  std::string path = dir.path() + "/kf.db";
  auto first = Store::open(path);
  REQUIRE(first.has_value());
  auto second = Store::open(path);
  REQUIRE_FALSE(second.has_value());
  CHECK(second.error().message == "store: " + path +
                                      " is in use by another kommunalfeed daemon (pid " +
                                      std::to_string(getpid()) + ")");
}

TEST_CASE("A daemon-mode open in another process fails while the lock is held", "[store]") {
  TempDir dir;
  std::string path = dir.path() + "/kf.db";
  auto first = Store::open(path);
  REQUIRE(first.has_value());
  pid_t child = fork();
  REQUIRE(child >= 0);
  if (child == 0) {
    auto second = Store::open(path);
    bool refused = !second.has_value() &&
                   contains(second.error().message, "in use by another kommunalfeed daemon (pid " +
                                                        std::to_string(getppid()) + ")");
    _exit(refused ? 0 : 1);
  }
  int status = 0;
  REQUIRE(waitpid(child, &status, 0) == child);
  CHECK(WIFEXITED(status));
  CHECK(WEXITSTATUS(status) == 0);
}

TEST_CASE("The daemon lock is released when the store is closed", "[store]") {
  TempDir dir;
  std::string path = dir.path() + "/kf.db";
  { REQUIRE(Store::open(path).has_value()); }
  CHECK(Store::open(path).has_value());
}

TEST_CASE("The daemon lock moves with the store", "[store]") {
  TempDir dir;
  std::string path = dir.path() + "/kf.db";
  auto first = Store::open(path);
  REQUIRE(first.has_value());
  Store moved = std::move(*first);
  CHECK_FALSE(Store::open(path).has_value());
}

TEST_CASE("A reader sees the daemon's committed data while the daemon runs", "[store]") {
  TempDir dir;
  std::string path = dir.path() + "/kf.db";
  auto daemon = Store::open(path);
  REQUIRE(daemon.has_value());
  REQUIRE(daemon->upsert_article(kf::test::sample_article("a1")).has_value());
  auto reader = Store::open(path, OpenMode::reader);
  REQUIRE(reader.has_value());
  CHECK(reader->schema_version() == Store::latest_schema_version());
  CHECK(reader->article_count() == 1);
  REQUIRE(daemon->upsert_article(kf::test::sample_article("a2")).has_value());
  CHECK(reader->article_count() == 2);
  auto found = reader->find_article("a2");
  REQUIRE(found.has_value());
  CHECK(found->has_value());
}

TEST_CASE("A reader works on a database no daemon has open", "[store]") {
  TempDir dir;
  std::string path = dir.path() + "/kf.db";
  {
    auto daemon = Store::open(path);
    REQUIRE(daemon.has_value());
    REQUIRE(daemon->upsert_article(kf::test::sample_article("a1")).has_value());
  }
  auto reader = Store::open(path, OpenMode::reader);
  REQUIRE(reader.has_value());
  CHECK(reader->article_count() == 1);
}

TEST_CASE("A reader cannot write", "[store]") {
  TempDir dir;
  std::string path = dir.path() + "/kf.db";
  auto daemon = Store::open(path);
  REQUIRE(daemon.has_value());
  auto reader = Store::open(path, OpenMode::reader);
  REQUIRE(reader.has_value());
  auto written = reader->upsert_article(kf::test::sample_article("a1"));
  REQUIRE_FALSE(written.has_value());
  CHECK(contains(written.error().message, "store: " + path));
  CHECK(contains(written.error().message, "readonly"));
  CHECK(daemon->article_count() == 0);
}

TEST_CASE("A reader on a missing file fails without creating it", "[store]") {
  TempDir dir;
  std::string path = dir.path() + "/missing.db";
  auto reader = Store::open(path, OpenMode::reader);
  REQUIRE_FALSE(reader.has_value());
  CHECK(reader.error().message ==
        "store: " + path + " does not exist (reader mode never creates a database)");
  CHECK_FALSE(std::filesystem::exists(path));
}

TEST_CASE("A reader refuses a database the daemon has not migrated yet", "[store]") {
  TempDir dir;
  std::string path = dir.write("empty.db", "");
  auto reader = Store::open(path, OpenMode::reader);
  REQUIRE_FALSE(reader.has_value());
  CHECK(contains(reader.error().message, "has schema version 0, older than this kommunalfeed"));
}

TEST_CASE("A database in a missing directory fails naming the path", "[store]") {
  TempDir dir;
  std::string path = dir.path() + "/no/such/dir/kf.db";
  auto store = Store::open(path);
  REQUIRE_FALSE(store.has_value());
  CHECK(contains(store.error().message, "store: "));
  CHECK(contains(store.error().message, path));
}

TEST_CASE("A fresh database passes the integrity check", "[store]") {
  TempDir dir;
  auto store = Store::open(dir.path() + "/kf.db");
  REQUIRE(store.has_value());
  REQUIRE(store->upsert_article(kf::test::sample_article("a1")).has_value());
  CHECK(store->integrity_ok() == true);
}

TEST_CASE("Migrations are numbered from 1 upwards without gaps", "[store]") {
  const auto& all = kf::store::migrations();
  REQUIRE_FALSE(all.empty());
  for (std::size_t i = 0; i < all.size(); ++i) {
    CHECK(all[i].version == static_cast<int>(i) + 1);
    CHECK_FALSE(all[i].sql.empty());
  }
  CHECK(Store::latest_schema_version() == all.back().version);
}

TEST_CASE("A version 1 database is migrated and keeps its source state", "[store]") {
  TempDir dir;
  const std::string path = dir.path() + "/v1.db";
  {
    sqlite3* db = nullptr;
    REQUIRE(sqlite3_open(path.c_str(), &db) == SQLITE_OK);
    const std::string v1(kf::store::migrations().front().sql);
    REQUIRE(sqlite3_exec(db, v1.c_str(), nullptr, nullptr, nullptr) == SQLITE_OK);
    REQUIRE(sqlite3_exec(db, "INSERT INTO sources (id, etag) VALUES ('old', 'W/\"1\"')", nullptr,
                         nullptr, nullptr) == SQLITE_OK);
    REQUIRE(sqlite3_exec(db, "PRAGMA user_version = 1", nullptr, nullptr, nullptr) == SQLITE_OK);
    sqlite3_close(db);
  }
  auto store = Store::open(path);
  REQUIRE(store.has_value());
  CHECK(store->schema_version() == Store::latest_schema_version());
  auto state = store->source_state("old");
  REQUIRE(state.has_value());
  REQUIRE(state->has_value());
  CHECK((*state)->etag == "W/\"1\"");
  CHECK((*state)->configured_url.empty());
}

TEST_CASE("A version 5 database gains an empty discovered feed and keeps its state", "[store]") {
  TempDir dir;
  const std::string path = dir.path() + "/v5.db";
  {
    sqlite3* db = nullptr;
    REQUIRE(sqlite3_open(path.c_str(), &db) == SQLITE_OK);
    for (const auto& m : kf::store::migrations()) {
      if (m.version > 5) break;
      const std::string sql(m.sql);
      REQUIRE(sqlite3_exec(db, sql.c_str(), nullptr, nullptr, nullptr) == SQLITE_OK);
    }
    REQUIRE(sqlite3_exec(db,
                         "INSERT INTO sources (id, etag, broken_rule) VALUES "
                         "('k21', 'W/\"5\"', 'list.item')",
                         nullptr, nullptr, nullptr) == SQLITE_OK);
    REQUIRE(sqlite3_exec(db, "PRAGMA user_version = 5", nullptr, nullptr, nullptr) == SQLITE_OK);
    sqlite3_close(db);
  }
  {
    auto store = Store::open(path);
    REQUIRE(store.has_value());
    CHECK(store->schema_version() == 6);
    auto state = store->source_state("k21");
    REQUIRE(state.has_value());
    REQUIRE(state->has_value());
    CHECK((*state)->etag == "W/\"5\"");
    CHECK((*state)->broken_rule == "list.item");
    CHECK((*state)->discovered_feed.empty());
    CHECK((*state)->feed_found_on.empty());
    kf::SourceState s = **state;
    s.discovered_feed = "https://www.musterhausen.test/feed.rss";
    s.feed_found_on = "https://www.musterhausen.test/aktuelles/";
    REQUIRE(store->save_source_state(s).has_value());
  }
  auto again = Store::open(path);
  REQUIRE(again.has_value());
  auto state = again->source_state("k21");
  REQUIRE(state.has_value());
  REQUIRE(state->has_value());
  CHECK((*state)->discovered_feed == "https://www.musterhausen.test/feed.rss");
  CHECK((*state)->feed_found_on == "https://www.musterhausen.test/aktuelles/");
}

TEST_CASE("A version 7 database is refused by a build at version 6", "[store]") {
  TempDir dir;
  const std::string path = dir.path() + "/v7.db";
  REQUIRE(Store::open(path).has_value());
  REQUIRE(Store::latest_schema_version() == 6);
  set_user_version(path, 7);
  auto store = Store::open(path);
  REQUIRE_FALSE(store.has_value());
  CHECK(contains(store.error().message, "schema version 7, newer than this kommunalfeed (6)"));
}
