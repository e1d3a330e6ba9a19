// `careerbot rotate-key [--config F] [--data-dir D]` (docs/operations.md):
// encryption at rest under a new data key, while a server may be serving.
//
// With a key file (storage.key_file, or DATA_DIR/data.key): adds a new key as
// the first (current) line, keeping the older ones, then seals every personal
// value again under it in small transactions (storage::ReencryptAll). A running
// server reads values under either key throughout, and seals with the new key
// within kKeyFileCheckIntervalMs of the file's change; when a server or a chat
// holds the data directory (bot/backup_lock.h), the command waits that out twice
// and makes a last pass, so no value stays under an old key; when none does,
// nothing else seals and it waits for nothing.
//
// With CAREERBOT_DATA_KEY: the environment of a running server cannot be
// changed from here. When the variable's current key is already the database's,
// the command prints a new value for it (the new key first, the old ones after)
// and what to do; once the server runs with that value, the command seals every
// value under its current key.
#pragma once

#include <iosfwd>
#include <string>
#include <vector>

namespace careerbot::bot {

// Returns 0, 1 (failure, the reason on err) or 2 (bad usage).
int RunRotateKeyCommand(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);

// Its lines of `careerbot --help`.
const char* KeyUsageText();

}  // namespace careerbot::bot
