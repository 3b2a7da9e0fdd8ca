// Private to the store module: the state behind a Store handle (connection,
// daemon lock, statement cache, transaction depth), shared by the .cc files
// that implement Store's methods. Not thread-safe, like Store.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "store/daemon_lock.h"
#include "store/statement.h"
#include "store/store.h"

struct sqlite3;

namespace kf {

struct Store::Impl {
  // Takes ownership of the open connection `handle` and of `daemon_lock`.
  Impl(std::string db_path, sqlite3* handle, store::DaemonLock daemon_lock)
      : path(std::move(db_path)),
        db(handle),
        lock(std::move(daemon_lock)),
        statements(handle, &path) {}
  Impl(const Impl&) = delete;
  Impl& operator=(const Impl&) = delete;
  ~Impl();

  // A cached prepared statement for `sql`, which must be a constant.
  Result<store::StatementLease> sql(std::string_view text) { return statements.get(text); }
  // Prepares, runs and resets one statement without parameters.
  Result<void> exec(std::string_view text);
  // Rows changed by the last INSERT/UPDATE/DELETE on this connection.
  std::int64_t changes() const;
  // A "store: <path>: <what>: <sqlite message>" error for the last failure.
  std::unexpected<Error> error(std::string_view what) const;

  std::string path;  // declared first: statements keep a pointer to it
  sqlite3* db = nullptr;
  store::DaemonLock lock;  // released after the connection is closed
  store::StatementCache statements;
  int schema_version = 0;
  int transaction_depth = 0;
  // Set when a nested transaction() failed: the outer one must roll back even
  // if its own work ignored the error.
  std::optional<Error> nested_failure;
};

}  // namespace kf
