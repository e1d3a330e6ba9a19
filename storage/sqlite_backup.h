// Backups of a careerbot SQLite database file (S-3.5.3): an online copy while a
// server writes to the file, a check of a copy, and putting a copy in place.
//
// A backup is taken with SQLite's backup API on a connection of its own, in one
// step, so it copies one consistent snapshot (the last committed turn and
// everything before it); in WAL mode that read neither blocks the server's
// writer nor waits for it. The copy is written to a temporary file next to the
// destination, fsynced and renamed, so a destination file is always whole.
//
// Thread-safety: the functions share nothing; any thread, any process.
#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "base/status.h"

namespace careerbot::storage {

// What VerifySqliteBackup found in a good copy.
struct BackupReport {
  int schema_version = 0;
  // Every table of the schema (sqlite_* excepted) with its row count, by name.
  std::vector<std::pair<std::string, int64_t>> table_rows;
};

// Copies the database at db_path into dest_path (replacing it). Unavailable when
// the source cannot be read or the destination cannot be written (its directory
// must exist); InvalidArgument when the source is not a careerbot database.
// Nothing is left at dest_path on failure, not even a partial file.
Status BackupSqliteDatabase(const std::string& db_path, const std::string& dest_path);

// Opens the copy read-only and checks it: PRAGMA integrity_check, the careerbot
// application_id and a schema version from 1 to this build's; fills *report on
// OK. InvalidArgument naming what is wrong otherwise (NotFound: no such file).
Status VerifySqliteBackup(const std::string& backup_path, BackupReport* report);

// Puts a verified copy in place of the database at db_path, which no process may
// have open (the caller makes sure: bot/backup_lock.h). The copy is written to a
// temporary file in db_path's directory, fsynced and renamed over db_path; the
// previous file, when there was one, is kept as db_path + ".bak" (its WAL folded
// in first, so the .bak is complete and no stale WAL is left beside the new
// file). On failure db_path is as it was.
Status RestoreSqliteDatabase(const std::string& backup_path, const std::string& db_path);

}  // namespace careerbot::storage
