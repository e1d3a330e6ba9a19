// `careerbot backup`, `verify-backup` and `restore` (S-3.5.3; docs/operations.md).
//
//   backup [--out FILE] [--config F] [--data-dir D]
//       An online copy of DATA_DIR/careerbot.db while a server may be serving;
//       without --out it goes to backup.dir (DATA_DIR/backups) under a dated name.
//   verify-backup FILE [--config F] [--data-dir D]
//       integrity_check, a careerbot schema this build knows, every encrypted
//       value decrypts with the configured data keys, rows per table.
//   restore FILE [--config F] [--data-dir D]
//       Refuses while a server runs on the data directory (bot/backup_lock.h);
//       otherwise verifies FILE and puts it in place atomically, keeping the
//       previous database as careerbot.db.bak.
#pragma once

#include <iosfwd>
#include <string>
#include <vector>

namespace careerbot::bot {

// Whether args[0] is one of the verbs above.
bool IsBackupVerb(const std::string& verb);

// Returns 0, 1 (failure, the reason on err) or 2 (bad usage).
int RunBackupCommand(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);

// Their lines of `careerbot --help`.
const char* BackupUsageText();

}  // namespace careerbot::bot
