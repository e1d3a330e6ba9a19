#include "storage/sqlite_statement.h"

namespace careerbot::storage {

Status SqliteStatus(int rc, sqlite3* db, std::string_view what) {
  // errmsg describes the most recent failure on the connection; the store's
  // mutex guarantees that is the one we are reporting. errstr is the fallback
  // when there is no connection (or it holds an unrelated message).
  const char* detail =
      db != nullptr && sqlite3_extended_errcode(db) == rc ? sqlite3_errmsg(db) : sqlite3_errstr(rc);
  std::string msg = std::string(what) + ": " + detail + " (sqlite code " + std::to_string(rc) + ")";
  switch (rc & 0xff) {
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
      return Status::Unavailable(msg + "; another connection holds the lock, try again later");
    case SQLITE_FULL:
      return Status::Unavailable(msg + "; the disk is full");
    case SQLITE_READONLY:
      // Also the store's own refusal of a file moved or deleted while open
      // (SqliteStore::RefuseIfMoved; docs/operations.md, "Faults").
      if (rc == SQLITE_READONLY_DBMOVED) {
        return Status::Unavailable(msg + "; the database is read-only: its file was moved or deleted while the "
                                         "server ran; put it back at its path and the server writes again");
      }
      return Status::Unavailable(msg + "; the database is read-only: the file or its directory cannot be written");
    case SQLITE_IOERR:
    case SQLITE_CANTOPEN:
    case SQLITE_NOMEM:
      return Status::Unavailable(msg);
    case SQLITE_CONSTRAINT:
      // CHECKs mirror input rules (rating 1..5 …), so a violation is bad input
      // that slipped past validation; any other constraint is a bug of ours.
      if (rc == SQLITE_CONSTRAINT_CHECK) return Status::InvalidArgument(msg);
      return Status::Internal(msg);
    default:
      return Status::Internal(msg);
  }
}

Status ExecSql(sqlite3* db, const char* sql, std::string_view what) {
  int rc = sqlite3_exec(db, sql, nullptr, nullptr, nullptr);
  return rc == SQLITE_OK ? Status::Ok() : SqliteStatus(rc, db, what);
}

Status Statement::Prepare(sqlite3* db, const char* sql) {
  sqlite3_stmt* raw = nullptr;
  int rc = sqlite3_prepare_v3(db, sql, -1, SQLITE_PREPARE_PERSISTENT, &raw, nullptr);
  stmt_.reset(raw);
  if (rc != SQLITE_OK) return SqliteStatus(rc, db, std::string("prepare \"") + sql + "\"");
  return Status::Ok();
}

Query::~Query() {
  sqlite3_reset(stmt_);
  sqlite3_clear_bindings(stmt_);
}

Query& Query::Check(int rc) {
  if (bind_rc_ == SQLITE_OK && rc != SQLITE_OK) bind_rc_ = rc;
  return *this;
}

Query& Query::Bind(int i, int64_t v) { return Check(sqlite3_bind_int64(stmt_, i, v)); }

Query& Query::Bind(int i, std::string_view v) {
  // SQLITE_TRANSIENT: SQLite copies the bytes, so the caller's string may die
  // before the step. The explicit length keeps embedded NULs.
  return Check(sqlite3_bind_text64(stmt_, i, v.data(), v.size(), SQLITE_TRANSIENT, SQLITE_UTF8));
}

Query& Query::Bind(int i, const std::optional<std::string>& v) {
  return v ? Bind(i, std::string_view(*v)) : BindNull(i);
}

Query& Query::BindNull(int i) { return Check(sqlite3_bind_null(stmt_, i)); }

Status Query::Step(bool* row) {
  sqlite3* db = sqlite3_db_handle(stmt_);
  if (bind_rc_ != SQLITE_OK) return SqliteStatus(bind_rc_, db, std::string(what_) + ": bind");
  int rc = sqlite3_step(stmt_);
  if (rc == SQLITE_ROW || rc == SQLITE_DONE) {
    *row = rc == SQLITE_ROW;
    return Status::Ok();
  }
  *row = false;
  return SqliteStatus(rc, db, what_);
}

Status Query::Run() {
  bool row = false;
  Status s = Step(&row);
  if (s.ok() && row) return Status::Internal(std::string(what_) + ": unexpected result row");
  return s;
}

std::string Query::Text(int col) const {
  // Fetch the pointer before the length, as the SQLite documentation advises.
  const auto* p = reinterpret_cast<const char*>(sqlite3_column_text(stmt_, col));
  int n = sqlite3_column_bytes(stmt_, col);
  return p == nullptr ? std::string() : std::string(p, static_cast<size_t>(n));
}

std::optional<std::string> Query::OptionalText(int col) const {
  if (sqlite3_column_type(stmt_, col) == SQLITE_NULL) return std::nullopt;
  return Text(col);
}

}  // namespace careerbot::storage
