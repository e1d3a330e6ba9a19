// SQLite database files in tests: the store over a file, a file left at an older
// schema version (to test the migration after it), and raw SQL over a read-write
// connection (to set up or damage what the store itself would refuse to write).
// Read-only looks at a file are in database_probe.h.
#pragma once

#include <doctest/doctest.h>
#include <sqlite3.h>

#include <memory>
#include <string>

#include "storage/sqlite_database.h"
#include "storage/sqlite_store.h"
#include "storage/store.h"

namespace careerbot::testing {

// The SQLite store over `path` (created and migrated when needed); fails the test
// when it cannot be opened.
inline std::unique_ptr<storage::Store> MustOpen(const std::string& path, int busy_timeout_ms = 5000) {
  std::unique_ptr<storage::Store> store;
  const Status s = storage::OpenSqliteStore({path, busy_timeout_ms}, &store);
  REQUIRE_MESSAGE(s.ok(), s.ToString());
  return store;
}

// Creates the database `path` migrated only up to schema `version`, and closes it.
inline void CreateAtVersion(const std::string& path, int version) {
  storage::SqliteHandle db;
  const Status s = storage::OpenSqliteDatabaseAtVersion({path, 5000}, version, &db);
  REQUIRE_MESSAGE(s.ok(), s.ToString());
}

// The extended result code of running `sql` on a read-write connection with
// foreign keys enforced (as the store enforces them): SQLITE_OK, or the
// constraint that refused it.
inline int TryExec(const std::string& path, const std::string& sql) {
  sqlite3* db = nullptr;
  REQUIRE(sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READWRITE, nullptr) == SQLITE_OK);
  sqlite3_exec(db, "PRAGMA foreign_keys = ON", nullptr, nullptr, nullptr);
  int rc = sqlite3_exec(db, sql.c_str(), nullptr, nullptr, nullptr);
  if (rc != SQLITE_OK) rc = sqlite3_extended_errcode(db);
  sqlite3_close(db);
  return rc;
}

}  // namespace careerbot::testing
