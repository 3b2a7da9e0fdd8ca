// Statement is a RAII wrapper around one prepared sqlite3_stmt: typed bind
// helpers (1-based, as in SQLite), step, and typed column readers (0-based).
// StatementCache keeps the prepared statements of one connection keyed by
// their SQL text, so each query is compiled once per connection, and lends
// them out as a StatementLease that resets the statement when it goes out of
// scope. SQL text is always a literal; values only ever travel as bindings.
// Neither type is thread-safe: they belong to the connection's one thread.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

#include "model/article.h"
#include "model/error.h"

struct sqlite3;
struct sqlite3_stmt;

namespace kf::store {

class Statement {
 public:
  // Compiles the first statement of `sql`; `tail` (if given) receives the rest
  // of the text, so a migration script can be run statement by statement.
  // `db_path` names the database in error messages. An all-whitespace `sql`
  // yields an empty Statement (valid() false) rather than an error.
  static Result<Statement> prepare(sqlite3* db, std::string_view sql, const std::string& db_path,
                                   std::string_view* tail = nullptr);

  Statement() = default;
  Statement(Statement&& other) noexcept;
  Statement& operator=(Statement&& other) noexcept;
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;
  ~Statement();

  bool valid() const { return stmt_ != nullptr; }

  // Binders copy their value (SQLITE_TRANSIENT), so temporaries are fine.
  // Index errors are programming errors and surface as the step's error.
  Statement& bind(int index, std::int64_t value);
  Statement& bind(int index, int value) { return bind(index, static_cast<std::int64_t>(value)); }
  Statement& bind(int index, bool value) { return bind(index, static_cast<std::int64_t>(value)); }
  Statement& bind(int index, std::string_view value);
  Statement& bind(int index, const std::string& value) {
    return bind(index, std::string_view(value));
  }
  Statement& bind(int index, const char* value) { return bind(index, std::string_view(value)); }
  Statement& bind(int index, Timestamp value);                        // unix seconds
  Statement& bind(int index, const std::optional<Timestamp>& value);  // NULL when absent
  Statement& bind_null(int index);

  // true: a row is ready; false: done. Errors carry sqlite3_errmsg, the
  // database path and the start of the SQL text.
  Result<bool> step();
  // Steps until done, for statements that return no rows of interest.
  Result<void> run();
  // Rewinds and clears bindings so the statement can be used again.
  void reset();

  bool column_is_null(int column) const;
  std::int64_t column_int64(int column) const;
  int column_int(int column) const { return static_cast<int>(column_int64(column)); }
  std::string column_text(int column) const;  // empty for NULL
  Timestamp column_time(int column) const;    // epoch for NULL
  std::optional<Timestamp> column_optional_time(int column) const;

  // A "store: <path>: <errmsg> (in: <sql…>)" error for the current state.
  std::unexpected<Error> error() const;

 private:
  Statement(sqlite3_stmt* stmt, const std::string* db_path) : stmt_(stmt), db_path_(db_path) {}
  sqlite3_stmt* stmt_ = nullptr;
  const std::string* db_path_ = nullptr;  // owned by the connection, outlives us
  int bind_rc_ = 0;                       // first failed bind, reported by step()
};

// A borrowed cached statement; resets it on destruction. If the cached one is
// already lent out (a query running inside another use of the same SQL), the
// lease owns a freshly prepared copy instead, so nesting is safe.
class StatementLease {
 public:
  StatementLease(Statement* cached, bool* in_use) : cached_(cached), in_use_(in_use) {}
  explicit StatementLease(Statement owned) : owned_(std::move(owned)) {}
  StatementLease(StatementLease&& other) noexcept;
  StatementLease& operator=(StatementLease&&) = delete;
  StatementLease(const StatementLease&) = delete;
  StatementLease& operator=(const StatementLease&) = delete;
  ~StatementLease();

  Statement& operator*() { return cached_ ? *cached_ : owned_; }
  Statement* operator->() { return cached_ ? cached_ : &owned_; }

 private:
  Statement* cached_ = nullptr;
  bool* in_use_ = nullptr;
  Statement owned_;
};

class StatementCache {
 public:
  // `db` and `db_path` must outlive the cache; clear() before closing `db`.
  StatementCache(sqlite3* db, const std::string* db_path) : db_(db), db_path_(db_path) {}
  // Prepares `sql` on first use; later calls reuse the compiled statement.
  Result<StatementLease> get(std::string_view sql);
  // Finalizes every cached statement.
  void clear() { entries_.clear(); }

 private:
  struct Entry {
    Statement statement;
    bool in_use = false;
  };
  sqlite3* db_;
  const std::string* db_path_;
  // unique_ptr keeps Entry addresses stable for outstanding leases.
  std::unordered_map<std::string, std::unique_ptr<Entry>> entries_;
};

}  // namespace kf::store
