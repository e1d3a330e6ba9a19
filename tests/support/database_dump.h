// Every row of every table of a careerbot database, as text: a test takes one dump
// before and one after, and a refused request must leave the two equal.
#pragma once

#include <doctest/doctest.h>
#include <sqlite3.h>

#include <map>
#include <string>
#include <vector>

namespace careerbot::testing {

// Table name → its rows, one line each (columns separated by '\x1f', NULL as "\x1e"),
// in the table's own scan order, so two dumps of an unchanged database compare equal.
inline std::map<std::string, std::string> DumpDatabase(const std::string& db_path) {
  sqlite3* db = nullptr;
  REQUIRE(sqlite3_open_v2(db_path.c_str(), &db, SQLITE_OPEN_READONLY, nullptr) == SQLITE_OK);
  sqlite3_busy_timeout(db, 5000);
  auto rows = [db](const std::string& sql) {
    std::vector<std::vector<std::string>> out;
    sqlite3_stmt* stmt = nullptr;
    REQUIRE_MESSAGE(sqlite3_prepare_v2(db, sql.c_str(), -1, &stmt, nullptr) == SQLITE_OK, sqlite3_errmsg(db));
    while (sqlite3_step(stmt) == SQLITE_ROW) {
      std::vector<std::string> row;
      for (int i = 0; i < sqlite3_column_count(stmt); ++i) {
        const auto* text = reinterpret_cast<const char*>(sqlite3_column_blob(stmt, i));
        row.push_back(text ? std::string(text, sqlite3_column_bytes(stmt, i)) : std::string("\x1e"));
      }
      out.push_back(std::move(row));
    }
    sqlite3_finalize(stmt);
    return out;
  };
  std::map<std::string, std::string> dump;
  for (const auto& table : rows("SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY name")) {
    std::string text;
    for (const auto& row : rows("SELECT * FROM \"" + table[0] + "\"")) {
      for (const std::string& column : row) text += column + '\x1f';
      text += '\n';
    }
    dump[table[0]] = std::move(text);
  }
  sqlite3_close(db);
  return dump;
}

}  // namespace careerbot::testing
