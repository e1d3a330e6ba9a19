// The lock that keeps a restore and a running server apart.
//
// DATA_DIR/careerbot.lock is locked with flock(2): `serve` and `chat` hold a
// shared lock for their whole life (and rotate-key looks whether anyone does), `restore` takes an exclusive one for the time it replaces
// the database. The kernel drops a flock when its process ends, however it ends
// (SIGKILL included), so a crashed server never leaves a stale lock behind, and
// the file's existence means nothing: only the lock on it does. Several servers
// on one directory (as SQLite allows) share the lock; a restore refuses while any
// of them runs, and a server refuses to start while a restore runs.
#pragma once

#include <string>

#include "base/status.h"

namespace careerbot::bot {

class DataDirLock {
 public:
  enum class Mode { kShared, kExclusive };

  DataDirLock() = default;
  ~DataDirLock();
  DataDirLock(const DataDirLock&) = delete;
  DataDirLock& operator=(const DataDirLock&) = delete;

  // Takes the lock on DATA_DIR/careerbot.lock (creating the file) without
  // waiting. Unavailable, with a message saying who holds it, when it is taken in
  // a conflicting mode; Unavailable too when the file cannot be created.
  Status Acquire(const std::string& data_dir, Mode mode);

 private:
  int fd_ = -1;
};

// What a process that uses the database for a while (serve, chat) holds: creates
// the data directory when missing and takes the lock shared, as Acquire fails.
Status HoldDataDir(const std::string& data_dir, DataDirLock* lock);

// The lock file's path in a data directory.
std::string DataDirLockPath(const std::string& data_dir);

}  // namespace careerbot::bot
