// Private to storage/: WAL checkpoints off the commit path.
//
// SQLite's automatic checkpoint runs inside the COMMIT that takes the log past
// 1000 pages: that commit copies the log into the database file and syncs it,
// and every turn of that group (and the groups queued behind it) waits. Measured
// under load (docs/performance.md) it ran a few times a second for 8 ms on
// average, 30+ ms at worst: the main cause of the commit-latency tail.
//
// Here a thread with a connection of its own runs a PASSIVE checkpoint whenever
// a commit leaves 1000 pages or more in the log; the writer goes on committing
// meanwhile (WAL lets a checkpoint and a writer run together). A passive
// checkpoint never waits for the writer, so under steady load it may not catch up
// with the end of the log and the log cannot restart from its beginning; when the
// log reaches kInlineFrames the committing connection checkpoints itself, as
// SQLite would have, which copies the little that is left and lets the log
// restart: the log stays under ~32 MB. The checkpointer's connection is opened
// like every other (synchronous=FULL), so a checkpoint syncs the database file
// before the log may be reused: durability is as with the automatic checkpoint.
//
// Thread-safety: Start, then Attach on the writer connection, once; OnCommit is
// SQLite's callback on the writer's thread. The destructor stops the thread
// (waiting for a checkpoint in progress).
#pragma once

#include <sqlite3.h>

#include <condition_variable>
#include <mutex>
#include <string>
#include <system_error>
#include <thread>

#include "base/status.h"
#include "storage/sqlite_database.h"
#include "storage/sqlite_statement.h"

namespace careerbot::storage {

class WalCheckpointer {
 public:
  static constexpr int kBackgroundFrames = 1000;  // SQLite's own default
  static constexpr int kInlineFrames = 8000;

  WalCheckpointer() = default;
  WalCheckpointer(const WalCheckpointer&) = delete;
  WalCheckpointer& operator=(const WalCheckpointer&) = delete;
  ~WalCheckpointer() {
    {
      std::lock_guard lock(mu_);
      stop_ = true;
    }
    cv_.notify_one();
    if (thread_.joinable()) thread_.join();
  }

  // Opens the checkpointer's connection to the (already migrated) file and
  // starts its thread.
  Status Start(const SqliteOptions& options) {
    Status s = OpenSqliteDatabase(options, &db_);
    if (!s.ok()) return s;
    try {
      thread_ = std::thread([this] { Run(); });
    } catch (const std::system_error& e) {
      return Status::Unavailable(std::string("cannot start the checkpoint thread: ") + e.what());
    }
    return Status::Ok();
  }

  // Replaces the writer's automatic checkpoint with this one.
  void Attach(sqlite3* writer) { sqlite3_wal_hook(writer, &WalCheckpointer::OnCommit, this); }

 private:
  static int OnCommit(void* self, sqlite3* writer, const char* schema, int frames) {
    auto* me = static_cast<WalCheckpointer*>(self);
    if (frames >= kInlineFrames) {
      // Best effort: SQLITE_BUSY while the thread checkpoints; the next commit tries again.
      sqlite3_wal_checkpoint_v2(writer, schema, SQLITE_CHECKPOINT_PASSIVE, nullptr, nullptr);
    } else if (frames >= kBackgroundFrames) {
      {
        std::lock_guard lock(me->mu_);
        me->requested_ = true;
      }
      me->cv_.notify_one();
    }
    return SQLITE_OK;  // a checkpoint failure is no failure of the commit
  }

  void Run() {
    std::unique_lock lock(mu_);
    for (;;) {
      cv_.wait(lock, [this] { return requested_ || stop_; });
      if (stop_) return;
      requested_ = false;
      lock.unlock();
      // Errors (busy, I/O) leave the log as it is; the next request tries again.
      sqlite3_wal_checkpoint_v2(db_.get(), "main", SQLITE_CHECKPOINT_PASSIVE, nullptr, nullptr);
      lock.lock();
    }
  }

  SqliteHandle db_;
  std::mutex mu_;
  std::condition_variable cv_;
  bool requested_ = false;  // guarded by mu_
  bool stop_ = false;       // guarded by mu_
  std::thread thread_;
};

}  // namespace careerbot::storage
