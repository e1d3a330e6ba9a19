// Scheduled online backups while serving (S-3.5.3; docs/operations.md).
//
// The decisions are pure functions of times and file names, so tests give them
// any clock: when the next backup is due, what a backup file is called, which
// old ones retention removes. BackupScheduler is the thread `serve` runs when
// backup.interval_minutes is above 0: it sleeps on a condition variable until
// the next backup is due, Trigger() or Stop(), takes the backup on a connection
// of its own (storage/sqlite_backup.h; the server goes on taking turns) and
// removes the oldest files beyond backup.keep.
//
// Thread-safety: BackupScheduler's methods may be called from any thread.
#pragma once

#include <condition_variable>
#include <cstdint>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "base/status.h"

namespace careerbot::bot {

// "careerbot-2026-11-27T11-40-00.123Z.db" for that UTC time: names sort in time order.
std::string BackupFileName(int64_t at_ms);
// The time a name of BackupFileName encodes; nullopt for any other name.
std::optional<int64_t> BackupFileTime(const std::string& name);

// When the next backup is due: an interval after the newest backup in the
// directory, or an interval after now when there is none. A restarted server
// thus neither backs up at once nor postpones a backup that is overdue (that
// one is due now).
int64_t NextBackupDue(std::optional<int64_t> newest_backup_ms, int64_t now_ms, int64_t interval_ms);

// The backup files retention removes: of the names that BackupFileTime accepts
// (others are never touched), all but the `keep` newest, oldest first.
std::vector<std::string> BackupsToPrune(std::vector<std::string> names, int keep);

class BackupScheduler {
 public:
  struct Options {
    std::string db_path;      // the live database
    std::string dir;          // where backups go (created when missing)
    int64_t interval_ms = 0;  // above 0
    int keep = 7;             // at least 1
  };
  using Clock = std::function<int64_t()>;  // unix milliseconds

  BackupScheduler(Options options, Clock now);
  ~BackupScheduler();  // Stop()
  BackupScheduler(const BackupScheduler&) = delete;
  BackupScheduler& operator=(const BackupScheduler&) = delete;

  void Start();
  // Wakes the thread and joins it; a backup in progress finishes first.
  void Stop();
  // Asks the thread for a backup now, whatever the schedule.
  void Trigger();
  // Blocks until at least n backups have been attempted (failed ones count).
  void WaitForRuns(int n);
  // The outcome of the latest attempt (OK before the first).
  Status last_status();

  // One backup and its retention, on the caller's thread; the path of the new
  // file in *path on OK. Start() need not have been called.
  Status RunOnce(std::string* path);

 private:
  void Loop();
  std::optional<int64_t> NewestBackup();

  const Options options_;
  const Clock now_;
  std::mutex mu_;
  std::condition_variable cv_;
  bool stop_ = false;
  bool triggered_ = false;
  int runs_ = 0;
  Status last_status_;
  std::thread thread_;
};

}  // namespace careerbot::bot
