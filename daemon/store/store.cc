// Store: opening, pragmas, migrations, transactions. Articles are in
// store_articles.cc, sources, sightings and fetch history in store_sources.cc.
#include "store/store.h"

#include <sqlite3.h>

#include <exception>
#include <filesystem>
#include <system_error>

#include "store/migrations.h"
#include "store/store_impl.h"

namespace kf {
namespace {

// Closes a connection on every early return of open().
struct ConnectionGuard {
  sqlite3* db = nullptr;
  ~ConnectionGuard() { sqlite3_close_v2(db); }
  sqlite3* release() { return std::exchange(db, nullptr); }
};

// Reads one text/int pragma row; used for journal_mode whose answer we check.
Result<std::string> pragma_text(sqlite3* db, std::string_view sql, const std::string& path) {
  auto stmt = store::Statement::prepare(db, sql, path);
  if (!stmt) return std::unexpected(stmt.error());
  auto row = stmt->step();
  if (!row) return std::unexpected(row.error());
  return *row ? stmt->column_text(0) : std::string();
}

// SQLite opens lazily, so a file that is no database shows only on the first
// read; we make that read explicitly to give the admin a plain message.
Result<void> check_is_database(sqlite3* db, const std::string& path) {
  auto probe = pragma_text(db, "PRAGMA schema_version", path);
  if (probe) return {};
  int code = sqlite3_errcode(db);
  if (code == SQLITE_NOTADB) {
    return fail("store: ", path, " is not a SQLite database (", sqlite3_errmsg(db), ")");
  }
  return std::unexpected(probe.error());
}

Result<void> configure_daemon_connection(sqlite3* db, const std::string& path) {
  auto mode = pragma_text(db, "PRAGMA journal_mode = WAL", path);
  if (!mode) return std::unexpected(mode.error());
  if (*mode != "wal") {
    return fail("store: ", path, ": cannot switch to WAL journal mode (got '", *mode, "')");
  }
  // A 32 MiB page cache instead of SQLite's 2 MiB: the band and article
  // indexes of a growing archive stay in memory (the round benchmark spent
  // half the store thread in pread with the default). A 16 MiB WAL between
  // checkpoints instead of 4 MiB: a round of large feeds checkpointed every
  // second commit.
  for (std::string_view pragma :
       {"PRAGMA synchronous = NORMAL", "PRAGMA foreign_keys = ON", "PRAGMA cache_size = -32768",
        "PRAGMA wal_autocheckpoint = 4000"}) {
    if (auto set = pragma_text(db, pragma, path); !set) return std::unexpected(set.error());
  }
  return {};
}

}  // namespace

Store::Impl::~Impl() {
  statements.clear();  // finalize before close, or close_v2 leaves a zombie
  sqlite3_close_v2(db);
}

Result<void> Store::Impl::exec(std::string_view text) {
  auto stmt = sql(text);
  if (!stmt) return std::unexpected(stmt.error());
  return (*stmt)->run();
}

std::int64_t Store::Impl::changes() const { return sqlite3_changes64(db); }

std::unexpected<Error> Store::Impl::error(std::string_view what) const {
  return fail("store: ", path, ": ", what, ": ", sqlite3_errmsg(db));
}

Result<Store> Store::open(const std::string& path, OpenMode mode) {
  store::DaemonLock lock;
  if (mode == OpenMode::daemon) {
    auto acquired = store::DaemonLock::acquire(path);
    if (!acquired) return std::unexpected(acquired.error());
    lock = std::move(*acquired);
  } else {
    std::error_code ec;
    if (!std::filesystem::exists(path, ec)) {
      return fail("store: ", path, " does not exist (reader mode never creates a database)");
    }
  }

  int flags =
      mode == OpenMode::daemon ? SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE : SQLITE_OPEN_READONLY;
  ConnectionGuard guard;
  int rc = sqlite3_open_v2(path.c_str(), &guard.db, flags | SQLITE_OPEN_NOMUTEX, nullptr);
  if (rc != SQLITE_OK) {
    return fail("store: cannot open ", path, ": ",
                guard.db ? sqlite3_errmsg(guard.db) : sqlite3_errstr(rc));
  }
  // Readers and the daemon's checkpoints briefly block each other; waiting
  // 5 s turns that into latency instead of SQLITE_BUSY errors.
  sqlite3_busy_timeout(guard.db, 5000);

  if (auto ok = check_is_database(guard.db, path); !ok) return std::unexpected(ok.error());

  int version = 0;
  if (mode == OpenMode::daemon) {
    if (auto ok = configure_daemon_connection(guard.db, path); !ok) {
      return std::unexpected(ok.error());
    }
    auto migrated = store::migrate(guard.db, path);
    if (!migrated) return std::unexpected(migrated.error());
    version = *migrated;
  } else {
    if (auto fk = pragma_text(guard.db, "PRAGMA foreign_keys = ON", path); !fk) {
      return std::unexpected(fk.error());
    }
    auto read = store::read_user_version(guard.db, path);
    if (!read) return std::unexpected(read.error());
    version = *read;
    int latest = store::latest_version();
    if (version > latest) {
      return fail("store: ", path, " has schema version ", std::to_string(version),
                  ", newer than this kommunalfeed (", std::to_string(latest),
                  "); upgrade kommunalfeed");
    }
    if (version < latest) {
      return fail("store: ", path, " has schema version ", std::to_string(version),
                  ", older than this kommunalfeed (", std::to_string(latest),
                  "); start the daemon once to migrate it");
    }
  }

  auto impl = std::make_unique<Impl>(path, guard.release(), std::move(lock));
  impl->schema_version = version;
  return Store(std::move(impl));
}

Store::Store(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Store::Store(Store&&) noexcept = default;
Store& Store::operator=(Store&&) noexcept = default;
Store::~Store() = default;

int Store::schema_version() const { return impl_->schema_version; }

int Store::latest_schema_version() { return store::latest_version(); }

namespace {

// The work of a transaction, with an exception turned into an Error so the
// transaction can still roll back.
Result<void> run_guarded(const std::function<Result<void>()>& work, const std::string& path) {
  try {
    return work();
  } catch (const std::exception& e) {
    return fail("store: ", path, ": transaction aborted by exception: ", e.what());
  } catch (...) {
    return fail("store: ", path, ": transaction aborted by unknown exception");
  }
}

}  // namespace

Result<void> Store::transaction(const std::function<Result<void>()>& work) {
  Impl& s = *impl_;
  if (s.transaction_depth > 0) {
    ++s.transaction_depth;
    Result<void> result = run_guarded(work, s.path);
    --s.transaction_depth;
    if (!result && !s.nested_failure) s.nested_failure = result.error();
    return result;
  }

  // IMMEDIATE takes the write lock up front, so a busy database shows here
  // (after busy_timeout) and not halfway through the work.
  if (auto begun = s.exec("BEGIN IMMEDIATE"); !begun) return begun;
  s.transaction_depth = 1;
  s.nested_failure.reset();
  Result<void> result = run_guarded(work, s.path);
  s.transaction_depth = 0;
  if (result && s.nested_failure) {
    result = fail(s.nested_failure->message, " (nested step failed; transaction rolled back)");
  }
  s.nested_failure.reset();
  if (!result) {
    (void)s.exec("ROLLBACK");
    return result;
  }
  if (auto committed = s.exec("COMMIT"); !committed) {
    (void)s.exec("ROLLBACK");
    return committed;
  }
  return {};
}

Result<bool> Store::integrity_ok() {
  auto stmt = impl_->sql("PRAGMA integrity_check");
  if (!stmt) return std::unexpected(stmt.error());
  auto row = (*stmt)->step();
  if (!row) return std::unexpected(row.error());
  if (!*row || (*stmt)->column_text(0) != "ok") return false;
  auto more = (*stmt)->step();  // "ok" is the only row of a healthy database
  if (!more) return std::unexpected(more.error());
  return !*more;
}

}  // namespace kf
