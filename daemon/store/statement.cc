#include "store/statement.h"

#include <sqlite3.h>

#include <utility>

namespace kf::store {
namespace {

// Enough of the SQL to recognise the query in a log line.
std::string sql_excerpt(sqlite3_stmt* stmt) {
  const char* sql = stmt ? sqlite3_sql(stmt) : nullptr;
  if (!sql) return "";
  std::string s(sql);
  for (char& c : s) {
    if (c == '\n' || c == '\t') c = ' ';
  }
  if (s.size() > 60) s = s.substr(0, 57) + "...";
  return s;
}

}  // namespace

Result<Statement> Statement::prepare(sqlite3* db, std::string_view sql, const std::string& db_path,
                                     std::string_view* tail) {
  sqlite3_stmt* stmt = nullptr;
  const char* end = nullptr;
  int rc = sqlite3_prepare_v2(db, sql.data(), static_cast<int>(sql.size()), &stmt, &end);
  if (rc != SQLITE_OK) {
    std::string excerpt(sql.substr(0, 60));
    return fail("store: ", db_path, ": ", sqlite3_errmsg(db), " (in: ", excerpt, ")");
  }
  if (tail) *tail = sql.substr(static_cast<std::size_t>(end - sql.data()));
  return Statement(stmt, &db_path);
}

Statement::Statement(Statement&& other) noexcept
    : stmt_(std::exchange(other.stmt_, nullptr)),
      db_path_(other.db_path_),
      bind_rc_(std::exchange(other.bind_rc_, 0)) {}

Statement& Statement::operator=(Statement&& other) noexcept {
  if (this != &other) {
    sqlite3_finalize(stmt_);
    stmt_ = std::exchange(other.stmt_, nullptr);
    db_path_ = other.db_path_;
    bind_rc_ = std::exchange(other.bind_rc_, 0);
  }
  return *this;
}

Statement::~Statement() { sqlite3_finalize(stmt_); }

Statement& Statement::bind(int index, std::int64_t value) {
  int rc = sqlite3_bind_int64(stmt_, index, value);
  if (rc != SQLITE_OK && bind_rc_ == 0) bind_rc_ = rc;
  return *this;
}

Statement& Statement::bind(int index, std::string_view value) {
  int rc =
      sqlite3_bind_text64(stmt_, index, value.data(), value.size(), SQLITE_TRANSIENT, SQLITE_UTF8);
  if (rc != SQLITE_OK && bind_rc_ == 0) bind_rc_ = rc;
  return *this;
}

Statement& Statement::bind(int index, Timestamp value) {
  return bind(index, static_cast<std::int64_t>(value.time_since_epoch().count()));
}

Statement& Statement::bind(int index, const std::optional<Timestamp>& value) {
  return value ? bind(index, *value) : bind_null(index);
}

Statement& Statement::bind_null(int index) {
  int rc = sqlite3_bind_null(stmt_, index);
  if (rc != SQLITE_OK && bind_rc_ == 0) bind_rc_ = rc;
  return *this;
}

Result<bool> Statement::step() {
  if (bind_rc_ != SQLITE_OK) {
    return fail("store: ", *db_path_, ": binding a parameter failed: ", sqlite3_errstr(bind_rc_),
                " (in: ", sql_excerpt(stmt_), ")");
  }
  int rc = sqlite3_step(stmt_);
  if (rc == SQLITE_ROW) return true;
  if (rc == SQLITE_DONE) return false;
  return error();
}

Result<void> Statement::run() {
  for (;;) {
    auto row = step();
    if (!row) return std::unexpected(row.error());
    if (!*row) return {};
  }
}

void Statement::reset() {
  sqlite3_reset(stmt_);
  sqlite3_clear_bindings(stmt_);
  bind_rc_ = 0;
}

bool Statement::column_is_null(int column) const {
  return sqlite3_column_type(stmt_, column) == SQLITE_NULL;
}

std::int64_t Statement::column_int64(int column) const {
  return sqlite3_column_int64(stmt_, column);
}

std::string Statement::column_text(int column) const {
  const auto* text = sqlite3_column_text(stmt_, column);
  if (!text) return {};
  return std::string(reinterpret_cast<const char*>(text),
                     static_cast<std::size_t>(sqlite3_column_bytes(stmt_, column)));
}

Timestamp Statement::column_time(int column) const {
  return Timestamp(std::chrono::seconds(column_int64(column)));
}

std::optional<Timestamp> Statement::column_optional_time(int column) const {
  if (column_is_null(column)) return std::nullopt;
  return column_time(column);
}

std::unexpected<Error> Statement::error() const {
  sqlite3* db = sqlite3_db_handle(stmt_);
  return fail("store: ", *db_path_, ": ", db ? sqlite3_errmsg(db) : "no connection",
              " (in: ", sql_excerpt(stmt_), ")");
}

StatementLease::StatementLease(StatementLease&& other) noexcept
    : cached_(std::exchange(other.cached_, nullptr)),
      in_use_(std::exchange(other.in_use_, nullptr)),
      owned_(std::move(other.owned_)) {}

StatementLease::~StatementLease() {
  if (cached_) {
    cached_->reset();
    if (in_use_) *in_use_ = false;
  }
}

Result<StatementLease> StatementCache::get(std::string_view sql) {
  auto it = entries_.find(std::string(sql));
  if (it == entries_.end()) {
    auto prepared = Statement::prepare(db_, sql, *db_path_);
    if (!prepared) return std::unexpected(prepared.error());
    auto entry = std::make_unique<Entry>();
    entry->statement = std::move(*prepared);
    it = entries_.emplace(std::string(sql), std::move(entry)).first;
  }
  Entry& entry = *it->second;
  if (entry.in_use) {
    auto fresh = Statement::prepare(db_, sql, *db_path_);
    if (!fresh) return std::unexpected(fresh.error());
    return StatementLease(std::move(*fresh));
  }
  entry.in_use = true;
  return StatementLease(&entry.statement, &entry.in_use);
}

}  // namespace kf::store
