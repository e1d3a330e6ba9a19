// The SQLite implementation of Store: one database file in WAL mode, numbered
// migrations tracked with PRAGMA user_version and applied when the store opens,
// synchronous=FULL so that a committed turn survives a crash or power loss.
#pragma once

#include <memory>
#include <string>

#include "base/status.h"
#include "storage/store.h"

namespace careerbot::storage {

struct SqliteOptions {
  std::string path;          // the database file; its directory must exist
  int busy_timeout_ms = 5000;  // how long a write waits for a lock before Unavailable
};

// Opens (creating if needed) and migrates the database. Fails with a message naming
// the file when it cannot be opened, is not a careerbot database, or comes from a
// newer version (a user_version above the highest migration this build knows).
Status OpenSqliteStore(const SqliteOptions& options, std::unique_ptr<Store>* out);

// The schema version this build migrates to.
int SqliteSchemaVersion();

}  // namespace careerbot::storage
