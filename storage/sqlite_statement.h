// Private to storage/: RAII for the SQLite handle and prepared statements, and
// the mapping of SQLite result codes to Status. Nothing outside storage/ may
// include this header (it pulls in sqlite3.h).
//
// A Statement is prepared once, when the store opens, and reused for every call.
// Each use goes through a Query, which resets the statement and clears its
// bindings when it goes out of scope: the next use starts clean, and a finished
// SELECT never keeps a read transaction open (which in WAL mode would stop the
// checkpointer from recycling the log).
//
// Thread-safety: none. The store that owns these serialises every use.
#pragma once

#include <sqlite3.h>

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"

namespace careerbot::storage {

// Maps a failed SQLite call to a Status whose message starts with `what`.
// Busy, locked, full, read-only, I/O and open errors are Unavailable (the caller
// may retry later); a CHECK constraint is InvalidArgument; the rest is Internal.
// SQLite's own messages name tables and columns, never bound values, so no
// client data can leak through them.
Status SqliteStatus(int rc, sqlite3* db, std::string_view what);

// Runs SQL that returns no rows (PRAGMA settings, BEGIN, a migration script).
// For statements that run once; the hot path uses prepared Statements.
Status ExecSql(sqlite3* db, const char* sql, std::string_view what);

struct SqliteCloser {
  void operator()(sqlite3* db) const { sqlite3_close(db); }
};
using SqliteHandle = std::unique_ptr<sqlite3, SqliteCloser>;

class Statement {
 public:
  Statement() = default;
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;

  // Prepares `sql` (one statement) on `db`; the statement is marked persistent
  // because it lives as long as the connection.
  Status Prepare(sqlite3* db, const char* sql);

  sqlite3_stmt* get() const { return stmt_.get(); }

 private:
  struct Finalizer {
    void operator()(sqlite3_stmt* s) const { sqlite3_finalize(s); }
  };
  std::unique_ptr<sqlite3_stmt, Finalizer> stmt_;
};

// One use of a Statement. Bind errors are remembered and reported by the next
// Step/Run, so call sites read as a straight sequence of binds.
class Query {
 public:
  // `what` names the operation in error messages ("commit turn: insert message").
  Query(const Statement& s, const char* what) : stmt_(s.get()), what_(what) {}
  ~Query();
  Query(const Query&) = delete;
  Query& operator=(const Query&) = delete;

  // Parameters are 1-based, matching ?1, ?2 … in the SQL.
  Query& Bind(int i, int64_t v);
  Query& Bind(int i, std::string_view v);
  // Spelled out so a std::string argument is not ambiguous between the
  // string_view and optional overloads.
  Query& Bind(int i, const std::string& v) { return Bind(i, std::string_view(v)); }
  // nullopt binds NULL.
  Query& Bind(int i, const std::optional<std::string>& v);
  Query& BindNull(int i);

  // Steps once. *row is true when a row is available to read.
  Status Step(bool* row);
  // Steps a statement that returns no rows (INSERT, UPDATE, BEGIN …).
  Status Run();

  int64_t Int64(int col) const { return sqlite3_column_int64(stmt_, col); }
  std::string Text(int col) const;
  // nullopt when the column is NULL.
  std::optional<std::string> OptionalText(int col) const;
  bool IsNull(int col) const { return sqlite3_column_type(stmt_, col) == SQLITE_NULL; }

 private:
  Query& Check(int rc);

  sqlite3_stmt* stmt_;
  const char* what_;
  int bind_rc_ = SQLITE_OK;
};

// Steps `q` to its end, appending read(q) for each row to *out; on failure *out is
// left empty, so a caller never sees half a list.
template <typename Row, typename Read>
Status ReadRows(Query& q, std::vector<Row>* out, Read read) {
  for (;;) {
    bool row = false;
    if (Status s = q.Step(&row); !s.ok()) {
      out->clear();
      return s;
    }
    if (!row) return Status::Ok();
    out->push_back(read(q));
  }
}

}  // namespace careerbot::storage
