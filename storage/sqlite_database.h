// Private to storage/: opening a careerbot database file, ready for the store.
//
// The schema is a list of numbered migrations tracked with PRAGMA user_version:
// migration N brings user_version N-1 to N, and a file is brought up to date in
// one transaction when it opens, so it is never left half-migrated.
// SqliteSchemaVersion() (sqlite_store.h) is the number of migrations this build
// knows.
#pragma once

#include "base/status.h"
#include "storage/sqlite_statement.h"
#include "storage/sqlite_store.h"

namespace careerbot::storage {

// Opens (creating if needed) the file at options.path; refuses, before writing
// anything, a file that is not an SQLite database, one of another application,
// or one from a newer build (InvalidArgument); then switches to WAL with
// synchronous=FULL and foreign keys on, and applies the missing migrations.
// Lock and I/O failures are Unavailable. Messages do not name the file: the
// caller annotates them with its path. *db is set only on OK.
Status OpenSqliteDatabase(const SqliteOptions& options, SqliteHandle* db);

// For tests of the migrations: as OpenSqliteDatabase, but applies migrations only
// up to `version` (1..SqliteSchemaVersion()), leaving the file as a build of that
// version would; a file already at or past it is left as it is.
Status OpenSqliteDatabaseAtVersion(const SqliteOptions& options, int version, SqliteHandle* db);

}  // namespace careerbot::storage
