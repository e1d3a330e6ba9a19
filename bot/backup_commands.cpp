#include "bot/backup_commands.h"

#include <chrono>
#include <filesystem>
#include <map>
#include <memory>
#include <optional>
#include <ostream>
#include <set>

#include "bot/backup_lock.h"
#include "bot/backup_schedule.h"
#include "bot/commands.h"
#include "bot/data_store.h"
#include "bot/verb_arguments.h"
#include "storage/keyring.h"
#include "storage/sqlite_backup.h"
#include "storage/sqlite_encryption.h"
#include "storage/sqlite_store.h"
#include "storage/store.h"

namespace careerbot::bot {
namespace {

namespace fs = std::filesystem;

int64_t Now() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

using Parsed = VerbArguments;

bool Parse(const std::vector<std::string>& args, const std::set<std::string>& allowed, Parsed* p,
           std::string* error) {
  return ParseVerbArguments(args, 1, allowed, "for " + args[0], p, error);
}

Status Resolve(const Parsed& p, Config* config) {
  CommandLine cl;
  cl.verb = "backup";
  if (auto it = p.options.find("--config"); it != p.options.end()) cl.config_file = it->second;
  if (auto it = p.options.find("--data-dir"); it != p.options.end()) cl.data_dir = it->second;
  return ResolveConfig(cl, config);
}

// Records the operation in the audit log of the database at db_path, as done
// from the command line; the object is the backup file's name, never content.
Status Audit(const std::string& db_path, const std::string& action, const std::string& file) {
  std::unique_ptr<storage::Store> store;
  storage::SqliteOptions options;
  options.path = db_path;
  Status s = storage::OpenSqliteStore(options, &store);
  if (!s.ok()) return s;
  storage::AuditEntry entry;
  entry.action = action;
  entry.object = "file:" + fs::path(file).filename().string();
  entry.remote_addr = "cli";
  entry.at_ms = Now();
  return store->AppendAudit(entry, nullptr);
}

int Backup(const Parsed& p, std::ostream& out, std::ostream& err) {
  Config config;
  if (Status s = Resolve(p, &config); !s.ok()) {
    err << "careerbot: " << s.message() << "\n";
    return 1;
  }
  const std::string db = DatabasePath(config);
  if (!fs::exists(db)) {
    err << "careerbot: backup failed: " << db << ": no database to back up\n";
    return 1;
  }
  std::string dest;
  if (auto it = p.options.find("--out"); it != p.options.end()) {
    dest = it->second;
  } else {
    std::error_code ec;
    fs::create_directories(config.backup_dir(), ec);
    dest = (fs::path(config.backup_dir()) / BackupFileName(Now())).string();
  }
  // Logged before the copy, so the copy holds the record of its own making.
  Status s = Audit(db, "database.backup", dest);
  if (s.ok()) s = storage::BackupSqliteDatabase(db, dest);
  if (!s.ok()) {
    err << "careerbot: backup failed: " << s.message() << "\n";
    return 1;
  }
  out << "backup written: " << dest << "\n";
  return 0;
}

// Every encrypted value of the copy opens with the configured data keys
// (storage/sqlite_encryption.h); *line says how many under which key.
Status VerifyDecryptable(const Parsed& p, const std::string& file, std::string* line) {
  std::optional<std::string> backup_key;
  Status s = storage::FindDatabaseKeyId(file, &backup_key);
  if (!s.ok()) return s;
  Config config;
  std::shared_ptr<storage::Keyring> keyring;
  s = Resolve(p, &config);
  if (s.ok()) s = OpenDataKeyring(config, false, &keyring);
  if (!s.ok()) {
    if (backup_key) return Status::FailedPrecondition("encrypted with the data key '" + *backup_key +
                                                      "', but " + s.message());
    *line = "not encrypted (no data key check value), and no data key to try";
    return Status::Ok();
  }
  storage::EncryptionReport report;
  if (s = storage::VerifyEncryption(file, *keyring, &report); !s.ok()) return s;
  std::string counts;
  for (const auto& [id, n] : report.encrypted) {
    counts += (counts.empty() ? "" : ", ") + std::to_string(n) + " under '" + id + "'";
  }
  *line = "decryptable: " + (counts.empty() ? std::string("no encrypted values") : counts) +
          (report.key_id ? " (data key '" + *report.key_id + "' checked)" : " (no data key check value)") +
          (report.plaintext ? ", " + std::to_string(report.plaintext) + " personal values not encrypted" : "");
  return Status::Ok();
}

int Verify(const Parsed& p, std::ostream& out, std::ostream& err) {
  storage::BackupReport report;
  std::string decryptable;
  Status s = storage::VerifySqliteBackup(p.positional[0], &report);
  if (s.ok()) s = VerifyDecryptable(p, p.positional[0], &decryptable);
  if (!s.ok()) {
    err << "careerbot: verify-backup: " << s.message() << "\n";
    return 1;
  }
  out << "backup OK: " << p.positional[0] << " (integrity ok, schema version "
      << report.schema_version << ")\n";
  out << decryptable << "\n";
  out << "table\trows\n";
  for (const auto& [table, rows] : report.table_rows) out << table << "\t" << rows << "\n";
  return 0;
}

int Restore(const Parsed& p, std::ostream& out, std::ostream& err) {
  Config config;
  Status s = Resolve(p, &config);
  std::error_code ec;
  if (s.ok()) fs::create_directories(config.data_dir, ec);
  if (s.ok() && ec) s = Status::Unavailable(config.data_dir + ": cannot create: " + ec.message());
  DataDirLock lock;  // held until the restored database has been opened once
  if (s.ok()) s = lock.Acquire(config.data_dir, DataDirLock::Mode::kExclusive);
  const std::string db = DatabasePath(config);
  const bool had_database = fs::exists(db);
  if (s.ok()) s = storage::RestoreSqliteDatabase(p.positional[0], db);
  // Opening it migrates a backup of an older build and records who restored it.
  if (s.ok()) s = Audit(db, "database.restore", p.positional[0]);
  if (!s.ok()) {
    err << "careerbot: restore failed: " << s.message() << "\n";
    return 1;
  }
  out << "restored " << p.positional[0] << " into " << db
      << (had_database ? " (the previous database is kept as " + db + ".bak)" : "") << "\n";
  return 0;
}

}  // namespace

bool IsBackupVerb(const std::string& verb) {
  return verb == "backup" || verb == "verify-backup" || verb == "restore";
}

int RunBackupCommand(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
  const std::string& verb = args.at(0);
  const std::set<std::string> allowed =
      verb == "backup"    ? std::set<std::string>{"--out", "--config", "--data-dir"}
      : verb == "restore" ? std::set<std::string>{"--config", "--data-dir"}
                          : std::set<std::string>{"--config", "--data-dir"};
  const size_t positional = verb == "backup" ? 0 : 1;
  Parsed p;
  std::string error;
  if (!Parse(args, allowed, &p, &error)) {
    err << "careerbot: " << error << " (see careerbot --help)\n";
    return 2;
  }
  if (p.positional.size() != positional) {
    err << "careerbot: " << verb << (positional ? " takes one FILE" : " takes no arguments")
        << " (see careerbot --help)\n";
    return 2;
  }
  if (verb == "backup") return Backup(p, out, err);
  if (verb == "verify-backup") return Verify(p, out, err);
  return Restore(p, out, err);
}

const char* BackupUsageText() {
  return R"(  careerbot backup [--out FILE] [--config FILE] [--data-dir DIR]
      Copies the database while the server may be serving (default: into
      backup.dir, DATA_DIR/backups, under a dated name).
  careerbot verify-backup FILE [--config FILE] [--data-dir DIR]
      Checks a backup's integrity and schema version, that every encrypted value
      decrypts with the configured data keys, and prints rows per table.
  careerbot restore FILE [--config FILE] [--data-dir DIR]
      Puts a verified backup in place of DATA_DIR/careerbot.db (kept as .bak);
      refuses while a server runs on that directory.
)";
}

}  // namespace careerbot::bot
