#include "bot/key_commands.h"

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <optional>
#include <ostream>
#include <set>
#include <thread>

#include "bot/backup_lock.h"
#include "bot/command_line.h"
#include "bot/commands.h"
#include "bot/data_store.h"
#include "bot/verb_arguments.h"
#include "storage/field_cipher.h"
#include "storage/keyring.h"
#include "storage/sqlite_encryption.h"
#include "storage/store.h"

namespace careerbot::bot {
namespace {

using Clock = std::chrono::steady_clock;

int Fail(std::ostream& err, const Status& s) {
  err << "careerbot: rotate-key: " << s.message() << "\n";
  return 1;
}

// "k" and the lowest number above every kN id of the keyring ("k2" after "k1").
std::string NextKeyId(const std::vector<storage::DataKey>& keys) {
  long highest = 0;
  for (const storage::DataKey& k : keys) {
    if (k.id.size() > 1 && k.id[0] == 'k' && k.id.find_first_not_of("0123456789", 1) == std::string::npos &&
        k.id.size() < 10) {
      highest = std::max(highest, std::stol(k.id.substr(1)));
    }
  }
  return "k" + std::to_string(highest + 1);
}

int Reencrypt(const Config& config, storage::Keyring& keyring, const storage::DataKey& target,
              std::optional<Clock::time_point> settle_after, std::ostream& out, std::ostream& err) {
  const std::string db = DatabasePath(config);
  storage::ReencryptReport first, last;
  if (Status s = storage::ReencryptAll(db, keyring, target, 200, &first); !s.ok()) return Fail(err, s);
  if (settle_after) {
    // A running server seals with the key it had until its keyring looks at the
    // file again, at most kKeyFileCheckIntervalMs later (storage/keyring.h); a
    // value it sealed just before, on its way to the disk, lands after that. No
    // signal from the server tells this process that it has switched, so the
    // condition waited for is that bound, kept twice; the last pass then takes
    // what the server sealed with the old key meanwhile.
    std::this_thread::sleep_until(*settle_after);
    if (Status s = storage::ReencryptAll(db, keyring, target, 200, &last); !s.ok()) return Fail(err, s);
  }
  out << "re-encrypted " << (first.values + last.values) << " values under the data key '" << target.id
      << "'; " << db << " now needs only that key (keep the older ones while a backup made before "
      << "may be restored)\n";
  return 0;
}

int RotateKeyFile(const Config& config, const std::shared_ptr<storage::Keyring>& keyring, std::ostream& out,
                  std::ostream& err) {
  std::vector<storage::DataKey> keys = keyring->Keys();
  storage::DataKey fresh;
  if (Status s = storage::NewDataKey(NextKeyId(keys), &fresh); !s.ok()) return Fail(err, s);
  keys.insert(keys.begin(), fresh);
  if (Status s = storage::WriteKeyFile(keyring->path(), keys); !s.ok()) return Fail(err, s);
  const Clock::time_point settle =
      Clock::now() + std::chrono::milliseconds(2 * storage::kKeyFileCheckIntervalMs);
  // Whether anything else may still seal with the old key: every server and chat
  // holds the data directory's lock (bot/backup_lock.h) before it reads the key
  // file, so when nobody holds it now, whoever opens the database later reads the
  // file just written, and there is nothing to wait for. (The verbs of a moment,
  // staff add and the like, take no lock: docs/operations.md says not to run
  // them during a rotation or a restore.)
  bool others = false;
  {
    DataDirLock probe;
    others = !probe.Acquire(config.data_dir, DataDirLock::Mode::kExclusive).ok();
  }
  out << "added the data key '" << fresh.id << "' to " << keyring->path() << " as the current key\n";
  std::shared_ptr<storage::Keyring> updated;
  if (Status s = storage::Keyring::FromFile(keyring->path(), &updated); !s.ok()) return Fail(err, s);
  return Reencrypt(config, *updated, fresh, others ? std::optional(settle) : std::nullopt, out, err);
}

int RotateEnvironmentKey(const Config& config, const std::shared_ptr<storage::Keyring>& keyring,
                         std::ostream& out, std::ostream& err) {
  std::optional<std::string> database_key;
  if (Status s = storage::FindDatabaseKeyId(DatabasePath(config), &database_key); !s.ok()) return Fail(err, s);
  const storage::DataKey current = keyring->Current();
  if (database_key && *database_key != current.id) {
    // The operator has set the new value already: finish the rotation.
    return Reencrypt(config, *keyring, current, std::nullopt, out, err);
  }
  std::vector<storage::DataKey> keys = keyring->Keys();
  storage::DataKey fresh;
  if (Status s = storage::NewDataKey(NextKeyId(keys), &fresh); !s.ok()) return Fail(err, s);
  std::string value = fresh.id + ":" + storage::EncodeBase64(fresh.bytes);
  for (const storage::DataKey& k : keys) value += "," + k.id + ":" + storage::EncodeBase64(k.bytes);
  out << "The data keys come from " << kDataKeyVariable << ", which this command cannot change.\n"
      << "1. Set it, for the server and for this command, to (the new key first, the old after):\n"
      << "   " << kDataKeyVariable << "=" << value << "\n"
      << "2. Restart the server with it (it reads values under both keys).\n"
      << "3. Run careerbot rotate-key again: it re-encrypts every value under '" << fresh.id << "'.\n";
  return 0;
}

}  // namespace

int RunRotateKeyCommand(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
  VerbArguments p;
  std::string error;
  if (!ParseVerbArguments(args, 1, {"--config", "--data-dir"}, "for rotate-key", &p, &error)) {
    err << "careerbot: " << error << " (see careerbot --help)\n";
    return 2;
  }
  if (!p.positional.empty()) {
    err << "careerbot: rotate-key takes no arguments (see careerbot --help)\n";
    return 2;
  }
  CommandLine cl;
  cl.verb = "rotate-key";
  if (auto it = p.options.find("--config"); it != p.options.end()) cl.config_file = it->second;
  if (auto it = p.options.find("--data-dir"); it != p.options.end()) cl.data_dir = it->second;
  Config config;
  if (Status s = ResolveConfig(cl, &config); !s.ok()) return Fail(err, s);
  if (!std::filesystem::exists(DatabasePath(config))) {
    return Fail(err, Status::NotFound(DatabasePath(config) + ": no database"));
  }
  // Opening the store checks that the keys are the database's (and seals what an
  // older build left in plaintext) before anything is rotated.
  std::unique_ptr<storage::Store> store;
  if (Status s = OpenDataStore(config, &store); !s.ok()) return Fail(err, s);
  store.reset();
  std::shared_ptr<storage::Keyring> keyring;
  if (Status s = OpenDataKeyring(config, false, &keyring); !s.ok()) return Fail(err, s);
  return keyring->path().empty() ? RotateEnvironmentKey(config, keyring, out, err)
                                 : RotateKeyFile(config, keyring, out, err);
}

const char* KeyUsageText() {
  return R"(  careerbot rotate-key [--config FILE] [--data-dir DIR]
      Adds a new data key to the key file and re-encrypts every personal value
      under it while the server may be serving (with CAREERBOT_DATA_KEY: prints
      the new value to set, then re-encrypts when run again).
)";
}

}  // namespace careerbot::bot
