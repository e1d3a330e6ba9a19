// Backups of the SQLite file (storage/sqlite_backup.h): an online copy while
// turns commit, the checks of verify, and restore's atomic replacement with the
// previous file kept.
#include "storage/sqlite_backup.h"

#include <doctest/doctest.h>
#include <sqlite3.h>

#include <algorithm>
#include <atomic>
#include <filesystem>
#include <fstream>
#include <thread>

#include "tests/storage/store_contract.h"
#include "tests/support/database_probe.h"
#include "tests/support/sqlite_files.h"

namespace careerbot::storage {
namespace {

using contract::Key;
using contract::MustCommit;
using contract::Turn;
using testing::MustOpen;
using testing::QueryInt;
using testing::TempDir;

int64_t Rows(const BackupReport& r, const std::string& table) {
  for (const auto& [name, rows] : r.table_rows) {
    if (name == table) return rows;
  }
  return -1;
}

void RawExec(const std::string& path, const std::string& sql) {
  sqlite3* db = nullptr;
  REQUIRE(sqlite3_open(path.c_str(), &db) == SQLITE_OK);
  const int rc = sqlite3_exec(db, sql.c_str(), nullptr, nullptr, nullptr);
  sqlite3_close(db);
  REQUIRE(rc == SQLITE_OK);
}

TEST_CASE("sqlite backup: a copy of the committed turns, verified, counted per table") {
  TempDir dir;
  const std::string db = dir.File("careerbot.db"), copy = dir.File("copy.db");
  auto store = MustOpen(db);
  MustCommit(*store, Turn(Key("a"), "1", 1000));
  MustCommit(*store, Turn(Key("b"), "1", 2000));
  REQUIRE(BackupSqliteDatabase(db, copy).ok());
  MustCommit(*store, Turn(Key("c"), "1", 3000));  // after the copy: not in it

  BackupReport report;
  Status s = VerifySqliteBackup(copy, &report);
  REQUIRE_MESSAGE(s.ok(), s.ToString());
  CHECK(report.schema_version == SqliteSchemaVersion());
  CHECK(Rows(report, "clients") == 2);
  CHECK(Rows(report, "messages") == 4);
  CHECK(Rows(report, "sessions") == 2);
  CHECK(Rows(report, "audit_log") == 0);
  // Names in order, every table of the schema.
  CHECK(std::is_sorted(report.table_rows.begin(), report.table_rows.end()));
  CHECK(report.table_rows.size() >= 20);
  // One self-contained file: no WAL beside it, no temporary left behind.
  CHECK_FALSE(std::filesystem::exists(copy + "-wal"));
  size_t files = 0;
  for (const auto& e : std::filesystem::directory_iterator(dir.path())) {
    files += e.path().filename().string().find(".tmp-") != std::string::npos;
  }
  CHECK(files == 0);
}

TEST_CASE("sqlite backup: online while other threads commit turns") {
  TempDir dir;
  const std::string db = dir.File("careerbot.db");
  auto store = MustOpen(db);
  std::atomic<bool> done{false};
  std::atomic<int> committed{0};
  std::thread writer([&] {
    for (int i = 0; i < 300; ++i) {
      if (store->CommitTurn(Turn(Key("w" + std::to_string(i % 7)), std::to_string(i), i), nullptr).ok()) {
        ++committed;
      }
    }
    done = true;
  });
  int copies = 0;
  // At least three copies, and as many as the writer leaves time for.
  while (copies < 3 || !done) {
    const std::string copy = dir.File("copy-" + std::to_string(copies) + ".db");
    Status s = BackupSqliteDatabase(db, copy);
    REQUIRE_MESSAGE(s.ok(), s.ToString());
    BackupReport report;
    s = VerifySqliteBackup(copy, &report);
    REQUIRE_MESSAGE(s.ok(), s.ToString());
    // A consistent snapshot: every inbound row has its reply and its session.
    CHECK(Rows(report, "messages") % 2 == 0);
    CHECK(Rows(report, "clients") <= 7);
    ++copies;
  }
  writer.join();
  CHECK(committed == 300);
  BackupReport last;
  REQUIRE(BackupSqliteDatabase(db, dir.File("final.db")).ok());
  REQUIRE(VerifySqliteBackup(dir.File("final.db"), &last).ok());
  CHECK(Rows(last, "messages") == 600);
}

TEST_CASE("sqlite backup: verify refuses what is not a good careerbot copy") {
  TempDir dir;
  BackupReport report;
  CHECK(VerifySqliteBackup(dir.File("missing.db"), &report).code() == Status::Code::kNotFound);
  CHECK(BackupSqliteDatabase(dir.File("missing.db"), dir.File("x.db")).code() ==
        Status::Code::kNotFound);

  std::ofstream(dir.File("text.db")) << "this is not a database, just some text that is long enough";
  Status s = VerifySqliteBackup(dir.File("text.db"), &report);
  CHECK(s.code() == Status::Code::kInvalidArgument);
  CHECK(s.message().find("not an SQLite database") != std::string::npos);

  RawExec(dir.File("other.db"), "CREATE TABLE t (x); INSERT INTO t VALUES (1)");
  s = VerifySqliteBackup(dir.File("other.db"), &report);
  CHECK(s.message().find("not a careerbot database") != std::string::npos);
  CHECK_FALSE(BackupSqliteDatabase(dir.File("other.db"), dir.File("y.db")).ok());
  CHECK_FALSE(std::filesystem::exists(dir.File("y.db")));

  // A careerbot file from a newer build.
  { MustOpen(dir.File("newer.db")); }
  RawExec(dir.File("newer.db"), "PRAGMA user_version = 999");
  s = VerifySqliteBackup(dir.File("newer.db"), &report);
  CHECK(s.message().find("unknown schema version 999") != std::string::npos);

  // A damaged copy: garbage over a page in the middle of the file.
  {
    auto store = MustOpen(dir.File("good.db"));
    for (int i = 0; i < 200; ++i) MustCommit(*store, Turn(Key("u" + std::to_string(i)), "1", i));
  }
  REQUIRE(BackupSqliteDatabase(dir.File("good.db"), dir.File("damaged.db")).ok());
  const auto size = std::filesystem::file_size(dir.File("damaged.db"));
  {
    std::fstream f(dir.File("damaged.db"), std::ios::in | std::ios::out | std::ios::binary);
    f.seekp(static_cast<std::streamoff>(size / 2 / 4096 * 4096));
    const std::string garbage(4096, '\x5a');
    f.write(garbage.data(), static_cast<std::streamsize>(garbage.size()));
  }
  s = VerifySqliteBackup(dir.File("damaged.db"), &report);
  INFO(s.ToString());
  CHECK(s.code() == Status::Code::kInvalidArgument);
}

TEST_CASE("sqlite backup: restore replaces the file atomically and keeps the old one as .bak") {
  TempDir dir;
  const std::string db = dir.File("careerbot.db"), copy = dir.File("copy.db");
  {
    auto store = MustOpen(db);
    MustCommit(*store, Turn(Key("a"), "1", 1000));
    REQUIRE(BackupSqliteDatabase(db, copy).ok());
    MustCommit(*store, Turn(Key("b"), "1", 2000));
  }
  SUBCASE("over an existing database") {
    Status s = RestoreSqliteDatabase(copy, db);
    REQUIRE_MESSAGE(s.ok(), s.ToString());
    CHECK(QueryInt(db, "SELECT count(*) FROM clients") == 1);
    CHECK(QueryInt(db + ".bak", "SELECT count(*) FROM clients") == 2);
    CHECK_FALSE(std::filesystem::exists(db + "-wal"));
    CHECK_FALSE(std::filesystem::exists(db + ".restore-tmp"));
    // The store opens it and goes on from there.
    auto store = MustOpen(db);
    std::optional<StoredSession> session;
    REQUIRE(store->LoadSession(Key("a"), &session).ok());
    REQUIRE(session.has_value());
    CHECK(session->snapshot.state == "state-1");
    MustCommit(*store, Turn(Key("a"), "2", 3000));
  }
  SUBCASE("into an empty directory") {
    TempDir fresh;
    REQUIRE(RestoreSqliteDatabase(copy, fresh.File("careerbot.db")).ok());
    CHECK(QueryInt(fresh.File("careerbot.db"), "SELECT count(*) FROM messages") == 2);
    CHECK_FALSE(std::filesystem::exists(fresh.File("careerbot.db.bak")));
  }
  SUBCASE("a bad copy changes nothing") {
    std::ofstream(dir.File("bad.db")) << "not a database at all, but long enough to look like one";
    CHECK_FALSE(RestoreSqliteDatabase(dir.File("bad.db"), db).ok());
    CHECK(QueryInt(db, "SELECT count(*) FROM clients") == 2);
    CHECK_FALSE(std::filesystem::exists(db + ".bak"));
  }
}

}  // namespace
}  // namespace careerbot::storage
