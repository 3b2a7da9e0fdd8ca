// The schema history: an ordered list of migrations, each one SQL script that
// takes the database from version N-1 to N (PRAGMA user_version). Pending
// migrations run at open, all in one transaction, so a database is never left
// between two versions. A migration, once released, is never edited: schema
// changes are new entries at the end. Stateless; thread-safe.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "model/error.h"

struct sqlite3;

namespace kf::store {

struct Migration {
  int version;           // user_version after this script; 1, 2, 3… without gaps
  std::string_view sql;  // one or more statements, no values from outside
};

// Every migration, oldest first.
const std::vector<Migration>& migrations();

// The version of the last migration.
int latest_version();

// Reads PRAGMA user_version of `db`.
Result<int> read_user_version(sqlite3* db, const std::string& db_path);

// Applies every migration newer than the current user_version inside one
// BEGIN IMMEDIATE transaction (rolled back on any error) and returns the new
// version. Refuses a database newer than latest_version(), and a SQLite file
// at version 0 that already holds tables (someone else's database).
Result<int> migrate(sqlite3* db, const std::string& db_path);

}  // namespace kf::store
