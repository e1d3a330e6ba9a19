// Looking into a careerbot database file from a test, the way an operator would:
// plain SQL over a read-only connection (WAL lets it read while the server runs).
#pragma once

#include <doctest/doctest.h>
#include <sqlite3.h>

#include <filesystem>
#include <fstream>
#include <memory>
#include <sstream>
#include <string>

#include "storage/encrypted_store.h"
#include "storage/keyring.h"

namespace careerbot::testing {

// The single value `sql` selects (an integer), e.g. "SELECT count(*) FROM messages".
inline int64_t QueryInt(const std::string& db_path, const std::string& sql) {
  sqlite3* db = nullptr;
  REQUIRE(sqlite3_open_v2(db_path.c_str(), &db, SQLITE_OPEN_READONLY, nullptr) == SQLITE_OK);
  sqlite3_busy_timeout(db, 5000);
  sqlite3_stmt* stmt = nullptr;
  const int prepared = sqlite3_prepare_v2(db, sql.c_str(), -1, &stmt, nullptr);
  REQUIRE_MESSAGE(prepared == SQLITE_OK, std::string(sqlite3_errmsg(db)));
  int64_t value = -1;
  if (sqlite3_step(stmt) == SQLITE_ROW) value = sqlite3_column_int64(stmt, 0);
  sqlite3_finalize(stmt);
  sqlite3_close(db);
  return value;
}

// The single text value `sql` selects ("" for NULL or no row).
inline std::string QueryText(const std::string& db_path, const std::string& sql) {
  sqlite3* db = nullptr;
  REQUIRE(sqlite3_open_v2(db_path.c_str(), &db, SQLITE_OPEN_READONLY, nullptr) == SQLITE_OK);
  sqlite3_busy_timeout(db, 5000);
  sqlite3_stmt* stmt = nullptr;
  const int prepared = sqlite3_prepare_v2(db, sql.c_str(), -1, &stmt, nullptr);
  REQUIRE_MESSAGE(prepared == SQLITE_OK, std::string(sqlite3_errmsg(db)));
  std::string value;
  if (sqlite3_step(stmt) == SQLITE_ROW && sqlite3_column_text(stmt, 0)) {
    value = reinterpret_cast<const char*>(sqlite3_column_text(stmt, 0));
  }
  sqlite3_finalize(stmt);
  sqlite3_close(db);
  return value;
}

// The single value `sql` selects from the personal column `field`
// ("client_profile.value", storage/encrypted_store.h), decrypted with the data
// key file beside the database (DATA_DIR/data.key): what the server reads.
inline std::string QueryDecrypted(const std::string& db_path, const std::string& field, const std::string& sql) {
  std::shared_ptr<storage::Keyring> keyring;
  const std::string key_file = (std::filesystem::path(db_path).parent_path() / "data.key").string();
  const Status opened = storage::Keyring::FromFile(key_file, &keyring);
  REQUIRE_MESSAGE(opened.ok(), opened.ToString());
  std::string value = QueryText(db_path, sql);
  const Status s = storage::OpenValue(*keyring, field, &value);
  REQUIRE_MESSAGE(s.ok(), s.ToString());
  return value;
}

// Whether `needle` appears anywhere in the raw bytes of the database file or its
// write-ahead log: what someone who copied the files would see.
inline bool FilesContain(const std::string& db_path, const std::string& needle) {
  for (const std::string& path : {db_path, db_path + "-wal"}) {
    std::ifstream f(path, std::ios::binary);
    if (!f) continue;
    std::stringstream s;
    s << f.rdbuf();
    if (s.str().find(needle) != std::string::npos) return true;
  }
  return false;
}

}  // namespace careerbot::testing
