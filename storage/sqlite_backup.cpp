#include "storage/sqlite_backup.h"

#include <fcntl.h>
#include <sqlite3.h>
#include <unistd.h>

#include <filesystem>
#include <system_error>

#include "storage/sqlite_statement.h"
#include "storage/sqlite_store.h"

namespace careerbot::storage {
namespace {

namespace fs = std::filesystem;

// PRAGMA application_id of a careerbot database ("CBOT"), as migration 1 sets it
// (sqlite_database.cpp).
constexpr int64_t kApplicationId = 0x43424F54;

Status ReadInt(sqlite3* db, const char* sql, int64_t* out) {
  Statement stmt;
  Status s = stmt.Prepare(db, sql);
  if (!s.ok()) return s;
  Query q(stmt, sql);
  bool row = false;
  s = q.Step(&row);
  if (s.ok()) *out = row ? q.Int64(0) : 0;
  return s;
}

Status OpenFile(const std::string& path, int flags, SqliteHandle* db) {
  sqlite3* raw = nullptr;
  const int rc = sqlite3_open_v2(path.c_str(), &raw, flags | SQLITE_OPEN_EXRESCODE, nullptr);
  SqliteHandle handle(raw);
  if (rc != SQLITE_OK) return SqliteStatus(rc, raw, "cannot open").Annotate(path);
  sqlite3_busy_timeout(raw, 5000);
  *db = std::move(handle);
  return Status::Ok();
}

// fsync of a file or a directory (after a rename, so the new name is durable).
Status Sync(const std::string& path, bool directory) {
  const int fd = open(path.c_str(), (directory ? O_DIRECTORY : 0) | O_RDONLY | O_CLOEXEC);
  if (fd < 0) return Status::Unavailable(path + ": cannot open to fsync");
  const int rc = fsync(fd);
  close(fd);
  if (rc != 0) return Status::Unavailable(path + ": fsync failed");
  return Status::Ok();
}

std::string DirectoryOf(const std::string& path) {
  const fs::path parent = fs::path(path).parent_path();
  return parent.empty() ? "." : parent.string();
}

Status CheckCareerbot(sqlite3* db, const std::string& path, int64_t* version) {
  int64_t app_id = 0;
  Status s = ReadInt(db, "PRAGMA application_id", &app_id);
  if (s.ok()) s = ReadInt(db, "PRAGMA user_version", version);
  if (!s.ok()) {
    if ((sqlite3_extended_errcode(db) & 0xff) == SQLITE_NOTADB) {
      return Status::InvalidArgument(path + ": not an SQLite database");
    }
    return s.Annotate(path);
  }
  if (app_id != kApplicationId) {
    return Status::InvalidArgument(path + ": not a careerbot database (no careerbot application_id)");
  }
  if (*version < 1 || *version > SqliteSchemaVersion()) {
    return Status::InvalidArgument(path + ": unknown schema version " + std::to_string(*version) +
                                   " (this build knows 1 to " +
                                   std::to_string(SqliteSchemaVersion()) + ")");
  }
  return Status::Ok();
}

// Copies src into the new file at tmp and leaves it a single self-contained file
// (rollback journal mode, no WAL beside it). The caller removes tmp on failure.
Status CopyInto(sqlite3* src, const std::string& tmp) {
  SqliteHandle dest;
  Status s = OpenFile(tmp, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, &dest);
  if (!s.ok()) return s;
  sqlite3_backup* backup = sqlite3_backup_init(dest.get(), "main", src, "main");
  if (backup == nullptr) return SqliteStatus(sqlite3_errcode(dest.get()), dest.get(), "backup: init");
  // One step of every page: one read transaction, one consistent snapshot. The
  // server's writer does not block it in WAL mode; another process holding an
  // exclusive lock (a restore, the sqlite3 shell) may, and then we try again.
  int rc = SQLITE_OK;
  for (int attempt = 0; attempt < 100; ++attempt) {
    rc = sqlite3_backup_step(backup, -1);
    if (rc != SQLITE_BUSY && rc != SQLITE_LOCKED) break;
    sqlite3_sleep(50);
  }
  const int finish = sqlite3_backup_finish(backup);
  if (rc != SQLITE_DONE) return SqliteStatus(rc, dest.get(), "backup: copy");
  if (finish != SQLITE_OK) return SqliteStatus(finish, dest.get(), "backup: finish");
  // The copied header says WAL; a backup is one file to move around, so say DELETE.
  return ExecSql(dest.get(), "PRAGMA journal_mode = DELETE", "backup: set journal_mode");
}

}  // namespace

Status BackupSqliteDatabase(const std::string& db_path, const std::string& dest_path) {
  if (!fs::exists(db_path)) return Status::NotFound(db_path + ": no database to back up");
  SqliteHandle src;
  // Read-write without CREATE: a WAL database is read most reliably so, and
  // query_only keeps this connection from changing anything.
  Status s = OpenFile(db_path, SQLITE_OPEN_READWRITE, &src);
  if (s.ok()) s = ExecSql(src.get(), "PRAGMA query_only = ON", "backup: query_only");
  int64_t version = 0;
  if (s.ok()) s = CheckCareerbot(src.get(), db_path, &version);
  if (!s.ok()) return s;
  const std::string tmp = dest_path + ".tmp-" + std::to_string(getpid());
  std::error_code ec;
  fs::remove(tmp, ec);
  s = CopyInto(src.get(), tmp);
  if (s.ok()) s = Sync(tmp, false);
  if (s.ok()) {
    fs::rename(tmp, dest_path, ec);
    if (ec) s = Status::Unavailable(dest_path + ": cannot rename the copy into place: " + ec.message());
  }
  if (s.ok()) s = Sync(DirectoryOf(dest_path), true);
  if (!s.ok()) fs::remove(tmp, ec);
  return s;
}

Status VerifySqliteBackup(const std::string& backup_path, BackupReport* report) {
  if (!fs::is_regular_file(backup_path)) return Status::NotFound(backup_path + ": no such file");
  SqliteHandle db;
  Status s = OpenFile(backup_path, SQLITE_OPEN_READONLY, &db);
  if (!s.ok()) return s;
  int64_t version = 0;
  s = CheckCareerbot(db.get(), backup_path, &version);
  if (!s.ok()) return s;
  // A damaged page may be met anywhere, reading the schema to prepare a statement
  // included (where it lies depends on the schema's size): it is always bad input.
  auto failed = [&](const Status& s) {
    if ((sqlite3_extended_errcode(db.get()) & 0xff) == SQLITE_CORRUPT) {
      return Status::InvalidArgument(backup_path + ": damaged: " + s.message());
    }
    return s.Annotate(backup_path);
  };
  {
    Statement check;
    s = check.Prepare(db.get(), "PRAGMA integrity_check");
    if (!s.ok()) return failed(s);
    Query q(check, "integrity_check");
    bool row = false;
    s = q.Step(&row);
    if (!s.ok()) return Status::InvalidArgument(backup_path + ": damaged: " + s.message());
    const std::string first = row ? q.Text(0) : "";
    if (first != "ok") return Status::InvalidArgument(backup_path + ": integrity_check: " + first);
  }
  BackupReport r;
  r.schema_version = static_cast<int>(version);
  std::vector<std::string> tables;
  {
    Statement list;
    s = list.Prepare(db.get(),
                     "SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE "
                     "'sqlite_%' ORDER BY name");
    if (!s.ok()) return failed(s);
    Query q(list, "list tables");
    bool row = false;
    while ((s = q.Step(&row)).ok() && row) tables.push_back(q.Text(0));
    if (!s.ok()) return failed(s);
  }
  for (const std::string& table : tables) {
    int64_t n = 0;
    const std::string sql = "SELECT count(*) FROM \"" + table + "\"";
    s = ReadInt(db.get(), sql.c_str(), &n);
    if (!s.ok()) return failed(s);
    r.table_rows.emplace_back(table, n);
  }
  *report = std::move(r);
  return Status::Ok();
}

Status RestoreSqliteDatabase(const std::string& backup_path, const std::string& db_path) {
  BackupReport report;
  Status s = VerifySqliteBackup(backup_path, &report);
  if (!s.ok()) return s;
  const std::string tmp = db_path + ".restore-tmp";
  std::error_code ec;
  fs::remove(tmp, ec);
  fs::copy_file(backup_path, tmp, fs::copy_options::overwrite_existing, ec);
  if (ec) return Status::Unavailable(tmp + ": cannot write the copy: " + ec.message());
  s = Sync(tmp, false);
  if (s.ok() && fs::exists(db_path)) {
    // Fold the old file's WAL into it: the .bak is then complete, and closing
    // the last connection removes the WAL, which must not stay next to the new
    // file (SQLite would replay it onto pages it never belonged to).
    SqliteHandle old;
    s = OpenFile(db_path, SQLITE_OPEN_READWRITE, &old);
    if (s.ok()) s = ExecSql(old.get(), "PRAGMA wal_checkpoint(TRUNCATE)", "restore: checkpoint");
    if (s.ok()) s = ExecSql(old.get(), "PRAGMA journal_mode = DELETE", "restore: leave WAL");
    old.reset();
    if (s.ok() && fs::exists(db_path + "-wal")) {
      s = Status::Unavailable(db_path + "-wal: still there after a checkpoint; is a server running?");
    }
    if (s.ok()) {
      fs::remove(db_path + "-shm", ec);
      const std::string bak = db_path + ".bak";
      fs::remove(bak, ec);
      fs::create_hard_link(db_path, bak, ec);
      if (ec) fs::copy_file(db_path, bak, fs::copy_options::overwrite_existing, ec);
      if (ec) s = Status::Unavailable(bak + ": cannot keep the previous database: " + ec.message());
    }
  }
  if (s.ok()) {
    fs::rename(tmp, db_path, ec);  // atomic: db_path is the old file or the new one
    if (ec) s = Status::Unavailable(db_path + ": cannot rename the copy into place: " + ec.message());
  }
  if (s.ok()) s = Sync(DirectoryOf(db_path), true);
  if (!s.ok()) fs::remove(tmp, ec);
  return s;
}

}  // namespace careerbot::storage
