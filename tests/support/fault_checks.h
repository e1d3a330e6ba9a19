// What the fault and limit tests (tests/bot/server_faults_test.cpp,
// server_limits_test.cpp) check a server with: the code of an error answer, the
// time an answer took, and a database locked by another connection.
#pragma once

#include <doctest/doctest.h>
#include <sqlite3.h>

#include <chrono>
#include <string>

#include <nlohmann/json.hpp>

namespace careerbot::testing {

// The code of the error JSON {"error":{"code","message"}} in `body`, with
// " (no message)" after it when the message is missing or empty (every error
// answer says what went wrong); "(not the error JSON)" for any other body.
inline std::string ErrorCode(const std::string& body) {
  const auto j = nlohmann::json::parse(body, nullptr, false);
  if (!j.is_object() || !j.contains("error") || !j.at("error").is_object()) return "(not the error JSON)";
  return j.at("error").value("code", "") + (j.at("error").value("message", "").empty() ? " (no message)" : "");
}

inline double SecondsSince(std::chrono::steady_clock::time_point t) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t).count();
}

// A write lock on the database, as another process holding a transaction would:
// held from construction until Release() or destruction.
class WriteLock {
 public:
  explicit WriteLock(const std::string& db_path) {
    REQUIRE(sqlite3_open(db_path.c_str(), &db_) == SQLITE_OK);
    REQUIRE(sqlite3_exec(db_, "BEGIN EXCLUSIVE", nullptr, nullptr, nullptr) == SQLITE_OK);
  }
  WriteLock(const WriteLock&) = delete;
  WriteLock& operator=(const WriteLock&) = delete;
  void Release() {
    if (db_ == nullptr) return;
    sqlite3_exec(db_, "ROLLBACK", nullptr, nullptr, nullptr);
    sqlite3_close(db_);
    db_ = nullptr;
  }
  ~WriteLock() { Release(); }

 private:
  sqlite3* db_ = nullptr;
};

}  // namespace careerbot::testing
