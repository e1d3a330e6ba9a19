#include "storage/sqlite_encryption.h"

#include <sqlite3.h>

#include <filesystem>
#include <utility>
#include <vector>

#include "storage/encrypted_store.h"
#include "storage/field_cipher.h"
#include "storage/sqlite_database.h"
#include "storage/sqlite_statement.h"

namespace careerbot::storage {
namespace {

constexpr char kCheckName[] = "data_key_check";
constexpr char kCheckField[] = "settings.data_key_check";
constexpr char kCheckText[] = "careerbot data key check";

// A row of a personal column: its key (EncryptedField::row_key, and text_key
// in a WITHOUT ROWID table) and its value.
struct Row {
  int64_t id = 0;
  std::string field;
  std::string value;
};

std::string SelectSql(const EncryptedField& f, const std::string& filter) {
  const std::string key = std::string(f.row_key) + ", " + (f.text_key ? f.text_key : "NULL");
  return "SELECT " + key + ", " + f.column + " FROM " + f.table + " WHERE " + f.column +
         " IS NOT NULL AND " + f.column + " <> ''" + filter;
}

Status TableExists(sqlite3* db, const char* table, bool* exists) {
  Statement stmt;
  Status s = stmt.Prepare(db, "SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = ?1");
  if (!s.ok()) return s;
  Query q(stmt, "look for a table");
  return q.Bind(1, std::string_view(table)).Step(exists);
}

Status ReadRows(sqlite3* db, const std::string& sql, const std::string& prefix, int limit,
                std::vector<Row>* rows) {
  rows->clear();
  Statement stmt;
  Status s = stmt.Prepare(db, sql.c_str());
  if (!s.ok()) return s;
  Query q(stmt, "read personal values");
  if (!prefix.empty()) q.Bind(1, int64_t(prefix.size())).Bind(2, prefix).Bind(3, int64_t{limit});
  for (bool row = true; s.ok();) {
    s = q.Step(&row);
    if (!s.ok() || !row) break;
    rows->push_back({q.Int64(0), q.Text(1), q.Text(2)});
  }
  return s;
}

Status OpenReadOnly(const std::string& path, SqliteHandle* db) {
  sqlite3* raw = nullptr;
  const int rc = sqlite3_open_v2(path.c_str(), &raw, SQLITE_OPEN_READONLY | SQLITE_OPEN_EXRESCODE, nullptr);
  SqliteHandle handle(raw);
  if (rc != SQLITE_OK) return SqliteStatus(rc, raw, "cannot open").Annotate(path);
  sqlite3_busy_timeout(raw, 5000);
  *db = std::move(handle);
  return Status::Ok();
}

Status ReadCheck(sqlite3* db, std::optional<std::string>* check) {
  check->reset();
  bool exists = false;
  Status s = TableExists(db, "settings", &exists);
  if (!s.ok() || !exists) return s;
  Statement stmt;
  s = stmt.Prepare(db, "SELECT value FROM settings WHERE name = ?1");
  if (!s.ok()) return s;
  Query q(stmt, "read the data key check");
  bool row = false;
  s = q.Bind(1, std::string_view(kCheckName)).Step(&row);
  if (s.ok() && row) *check = q.Text(0);
  return s;
}

Status WriteCheck(sqlite3* db, const DataKey& key) {
  std::string sealed;
  Status s = SealField(key.id, key.bytes, kCheckField, kCheckText, &sealed);
  if (!s.ok()) return s;
  Statement stmt;
  s = stmt.Prepare(db, "INSERT INTO settings (name, value) VALUES (?1, ?2) "
                       "ON CONFLICT (name) DO UPDATE SET value = excluded.value");
  if (!s.ok()) return s;
  Query q(stmt, "write the data key check");
  return q.Bind(1, std::string_view(kCheckName)).Bind(2, sealed).Run();
}

// FailedPrecondition when the keyring cannot open the check value.
Status CheckKey(const std::string& check, Keyring& keyring) {
  const std::optional<std::string_view> id = SealedKeyId(check);
  if (!id) return Status::FailedPrecondition("the database's data key check value is malformed");
  DataKey key;
  if (!keyring.Find(*id, &key).ok()) {
    return Status::FailedPrecondition("the database is encrypted with the data key '" + std::string(*id) +
                                      "', which is not in " + keyring.source());
  }
  std::string plain;
  if (!OpenField(key.bytes, kCheckField, check, &plain).ok() || plain != kCheckText) {
    return Status::FailedPrecondition("the data key '" + key.id + "' of " + keyring.source() +
                                      " does not decrypt this database: it is not the key the "
                                      "database was encrypted with");
  }
  return Status::Ok();
}

// Seals the rows under target, each only if it still holds what was read.
Status RewriteRows(sqlite3* db, const EncryptedField& f, Keyring& keyring, const DataKey& target,
                   const std::vector<Row>& rows) {
  const std::string sql = std::string("UPDATE ") + f.table + " SET " + f.column + " = ?1 WHERE " +
                          f.row_key + " = ?2" + (f.text_key ? std::string(" AND ") + f.text_key + " = ?3" : "") +
                          " AND " + f.column + " = ?4";
  Statement stmt;
  Status s = stmt.Prepare(db, sql.c_str());
  for (const Row& r : rows) {
    if (!s.ok()) break;
    std::string value = r.value;
    s = OpenValue(keyring, f.name, &value);
    std::string sealed;
    if (s.ok()) s = SealField(target.id, target.bytes, f.name, value, &sealed);
    if (!s.ok()) break;
    Query q(stmt, "re-encrypt a value");
    q.Bind(1, sealed).Bind(2, r.id).Bind(4, r.value);
    if (f.text_key) q.Bind(3, r.field);
    s = q.Run();
  }
  return s;
}

// One transaction of at most `batch` rows of the column; *done: rows rewritten.
Status ReencryptBatch(sqlite3* db, const EncryptedField& f, Keyring& keyring, const DataKey& target,
                      int batch, int64_t* done) {
  const std::string prefix = std::string(kSealedPrefix) + target.id + ":";
  const std::string sql =
      SelectSql(f, std::string(" AND substr(") + f.column + ", 1, ?1) <> ?2 LIMIT ?3");
  Status s = ExecSql(db, "BEGIN IMMEDIATE", "re-encrypt: begin");
  if (!s.ok()) return s;
  std::vector<Row> rows;
  s = ReadRows(db, sql, prefix, batch, &rows);
  if (s.ok()) s = RewriteRows(db, f, keyring, target, rows);
  if (s.ok()) s = ExecSql(db, "COMMIT", "re-encrypt: commit");
  if (!s.ok()) sqlite3_exec(db, "ROLLBACK", nullptr, nullptr, nullptr);
  *done = s.ok() ? static_cast<int64_t>(rows.size()) : 0;
  return s;
}

}  // namespace

Status FindDatabaseKeyId(const std::string& db_path, std::optional<std::string>* key_id) {
  key_id->reset();
  std::error_code ec;
  if (!std::filesystem::exists(db_path, ec)) return Status::Ok();
  SqliteHandle db;
  Status s = OpenReadOnly(db_path, &db);
  std::optional<std::string> check;
  if (s.ok()) s = ReadCheck(db.get(), &check);
  if (!s.ok()) return s.Annotate(db_path);
  if (check) {
    const std::optional<std::string_view> id = SealedKeyId(*check);
    if (id) *key_id = std::string(*id);
  }
  return Status::Ok();
}

Status ReencryptAll(const std::string& db_path, Keyring& keyring, const DataKey& target, int batch,
                    ReencryptReport* report) {
  *report = {};
  SqliteHandle db;
  Status s = OpenSqliteDatabase({db_path, 5000}, &db);
  if (!s.ok()) return s.Annotate(db_path);
  // Passes until one finds nothing left: a server writing meanwhile may still
  // seal a few values with the key it had.
  for (int64_t found = 1; found > 0;) {
    found = 0;
    for (const EncryptedField& f : kEncryptedFields) {
      bool exists = false;
      if (s = TableExists(db.get(), f.table, &exists); !s.ok()) return s;
      for (int64_t done = batch; exists && done == batch;) {
        if (s = ReencryptBatch(db.get(), f, keyring, target, batch, &done); !s.ok()) return s;
        found += done;
        report->values += done;
        report->batches += done > 0;
      }
    }
  }
  if (s = WriteCheck(db.get(), target); !s.ok()) return s;
  // The write-ahead log still holds the pages as they were, old values and all,
  // until a checkpoint copies it into the file and it is truncated. Best effort:
  // a reader of an older snapshot (a server mid-read) lets it only go part way,
  // and the next checkpoint of the server finishes it.
  sqlite3_wal_checkpoint_v2(db.get(), nullptr, SQLITE_CHECKPOINT_TRUNCATE, nullptr, nullptr);
  return Status::Ok();
}

Status OpenEncryptedSqliteStore(const SqliteOptions& options, std::shared_ptr<Keyring> keyring,
                                std::unique_ptr<Store>* out) {
  std::unique_ptr<Store> inner;
  Status s = OpenSqliteStore(options, &inner);  // creates and migrates the file
  if (!s.ok()) return s;
  SqliteHandle db;
  s = OpenSqliteDatabase(options, &db);
  std::optional<std::string> check;
  if (s.ok()) s = ReadCheck(db.get(), &check);
  if (!s.ok()) return s.Annotate(options.path);
  if (check) {
    s = CheckKey(*check, *keyring);
  } else {
    // New, or written before encryption came: seal what is there, then remember the key.
    ReencryptReport report;
    s = ReencryptAll(options.path, *keyring, keyring->Current(), 500, &report);
  }
  if (!s.ok()) return s;
  *out = NewEncryptedStore(std::move(inner), std::move(keyring));
  return Status::Ok();
}

Status VerifyEncryption(const std::string& db_path, Keyring& keyring, EncryptionReport* report) {
  *report = {};
  SqliteHandle db;
  Status s = OpenReadOnly(db_path, &db);
  std::optional<std::string> check;
  if (s.ok()) s = ReadCheck(db.get(), &check);
  if (!s.ok()) return s;
  if (check) {
    if (s = CheckKey(*check, keyring); !s.ok()) return s;
    report->key_id = std::string(*SealedKeyId(*check));
  }
  for (const EncryptedField& f : kEncryptedFields) {
    bool exists = false;
    if (s = TableExists(db.get(), f.table, &exists); !s.ok() || !exists) {
      if (!s.ok()) return s;
      continue;
    }
    std::vector<Row> rows;
    if (s = ReadRows(db.get(), SelectSql(f, ""), "", 0, &rows); !s.ok()) return s;
    int64_t failed = 0;
    std::string first_error;
    for (Row& r : rows) {
      if (!IsSealedValue(r.value)) {
        ++report->plaintext;
        continue;
      }
      const std::string id(SealedKeyId(r.value).value_or(""));
      if (Status open = OpenValue(keyring, f.name, &r.value); !open.ok()) {
        if (failed++ == 0) first_error = open.message();
        continue;
      }
      ++report->encrypted[id];
    }
    if (failed > 0) {
      return Status::FailedPrecondition(std::to_string(failed) + " value(s) of " + f.name +
                                        " do not decrypt (first: " + first_error + ")");
    }
  }
  return Status::Ok();
}

}  // namespace careerbot::storage
