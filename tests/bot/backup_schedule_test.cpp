// The backup schedule (bot/backup_schedule.h): its pure decisions under a fake
// clock, and the thread driven by Trigger() rather than by waiting for time.
#include "bot/backup_schedule.h"

#include <doctest/doctest.h>

#include <atomic>
#include <filesystem>
#include <set>

#include "bot/config.h"
#include "storage/sqlite_backup.h"
#include "storage/sqlite_store.h"
#include "storage/store.h"
#include "tests/support/temp_dir.h"

namespace careerbot::bot {
namespace {

using testing::TempDir;

constexpr int64_t kMinute = 60 * 1000;
// 2026-11-27 11:40:00.123 UTC.
constexpr int64_t kNow = 1795779600123;

std::set<std::string> Files(const std::string& dir) {
  std::set<std::string> names;
  for (const auto& e : std::filesystem::directory_iterator(dir)) names.insert(e.path().filename().string());
  return names;
}

TEST_CASE("backup schedule: file names carry the UTC time and sort by it") {
  CHECK(BackupFileName(kNow) == "careerbot-2026-11-27T11-40-00.123Z.db");
  CHECK(BackupFileTime("careerbot-2026-11-27T11-40-00.123Z.db") == kNow);
  CHECK(BackupFileName(0) == "careerbot-1970-01-01T00-00-00.000Z.db");
  CHECK(BackupFileName(kNow + 1) > BackupFileName(kNow));
  // Nothing else is ours: retention never removes an operator's own files.
  CHECK_FALSE(BackupFileTime("careerbot.db").has_value());
  CHECK_FALSE(BackupFileTime("careerbot-2026-11-27T11-40-00.123Z.db.tmp-12").has_value());
  CHECK_FALSE(BackupFileTime("careerbot-2026-13-27T11-40-00.123Z.db").has_value());
  CHECK_FALSE(BackupFileTime("careerbot-2026-11-27T11-40-00.123Z.sql").has_value());
}

TEST_CASE("backup schedule: the next backup is an interval after the newest, never later") {
  CHECK(NextBackupDue(std::nullopt, kNow, 60 * kMinute) == kNow + 60 * kMinute);
  CHECK(NextBackupDue(kNow - 10 * kMinute, kNow, 60 * kMinute) == kNow + 50 * kMinute);
  // Overdue (the server was down): due at once.
  CHECK(NextBackupDue(kNow - 300 * kMinute, kNow, 60 * kMinute) == kNow - 240 * kMinute);
  // A backup file from the future (a clock set back) does not postpone the next.
  CHECK(NextBackupDue(kNow + 600 * kMinute, kNow, 60 * kMinute) == kNow + 60 * kMinute);
}

TEST_CASE("backup schedule: retention keeps the newest and touches only backup files") {
  const std::vector<std::string> names = {BackupFileName(kNow + 2), "notes.txt", BackupFileName(kNow),
                                          BackupFileName(kNow + 1), "careerbot.db"};
  CHECK(BackupsToPrune(names, 1) == std::vector<std::string>{BackupFileName(kNow), BackupFileName(kNow + 1)});
  CHECK(BackupsToPrune(names, 3).empty());
  CHECK(BackupsToPrune(names, 5).empty());
}

TEST_CASE("backup schedule: the thread backs up when triggered, prunes, and stops") {
  TempDir data, backups;
  const std::string db = data.File("careerbot.db");
  {
    std::unique_ptr<storage::Store> store;
    REQUIRE(storage::OpenSqliteStore({db, 5000}, &store).ok());
  }
  std::atomic<int64_t> clock{kNow};
  // Each reading moves the fake clock on by a second, so every file has its own name.
  BackupScheduler scheduler({db, backups.path() + "/sub", 24 * 60 * kMinute, 2},
                            [&] { return clock.fetch_add(1000); });
  scheduler.Start();
  for (int i = 1; i <= 4; ++i) {
    scheduler.Trigger();
    scheduler.WaitForRuns(i);
    CHECK(scheduler.last_status().ok());
  }
  scheduler.Stop();
  const std::set<std::string> files = Files(backups.path() + "/sub");
  REQUIRE(files.size() == 2);
  for (const std::string& f : files) {
    storage::BackupReport report;
    CHECK(storage::VerifySqliteBackup(backups.path() + "/sub/" + f, &report).ok());
  }
  // The two newest: the oldest two were removed.
  CHECK(*files.begin() > BackupFileName(kNow + 1000));
}

TEST_CASE("backup schedule: a failed backup is reported, and Stop returns while waiting") {
  TempDir dir;
  BackupScheduler scheduler({dir.File("missing.db"), dir.File("b"), 60 * kMinute, 1},
                            [] { return kNow; });
  scheduler.Start();
  scheduler.Trigger();
  scheduler.WaitForRuns(1);
  CHECK(scheduler.last_status().code() == Status::Code::kNotFound);
  scheduler.Stop();  // the thread waits for an hour; Stop wakes it
}

TEST_CASE("backup schedule: configuration keys and defaults") {
  Config config;
  CHECK(config.backup.interval_minutes == 0);
  CHECK(config.backup_dir() == "./data/backups");
  REQUIRE(ParseConfigJson(R"({"backup": {"interval_minutes": 60, "dir": "/srv/b", "keep": 3}})", "t.json",
                          &config)
              .ok());
  CHECK(config.backup.interval_minutes == 60);
  CHECK(config.backup_dir() == "/srv/b");
  CHECK(config.backup.keep == 3);
  Status s = ParseConfigJson(R"({"backup": {"keep": 0}})", "t.json", &config);
  CHECK(s.message() == "t.json: backup.keep: must be an integer from 1 to 100000");
}

}  // namespace
}  // namespace careerbot::bot
