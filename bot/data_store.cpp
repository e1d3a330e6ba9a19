#include "bot/data_store.h"

#include <cstdlib>
#include <filesystem>
#include <optional>
#include <vector>

#include "bot/log.h"
#include "storage/keyring.h"
#include "storage/sqlite_encryption.h"

namespace careerbot::bot {

namespace fs = std::filesystem;

std::string DatabasePath(const Config& config) { return (fs::path(config.data_dir) / "careerbot.db").string(); }

std::string DefaultKeyFilePath(const Config& config) { return (fs::path(config.data_dir) / "data.key").string(); }

Status OpenDataKeyring(const Config& config, bool create_default, std::shared_ptr<storage::Keyring>* out) {
  if (const char* env = std::getenv(kDataKeyVariable); env != nullptr && *env != '\0') {
    return storage::Keyring::FromText(env, kDataKeyVariable, out);
  }
  if (!config.storage.key_file.empty()) return storage::Keyring::FromFile(config.storage.key_file, out);
  const std::string path = DefaultKeyFilePath(config);
  std::error_code ec;
  if (fs::exists(path, ec) || !create_default) return storage::Keyring::FromFile(path, out);
  std::optional<std::string> database_key;
  if (Status s = storage::FindDatabaseKeyId(DatabasePath(config), &database_key); !s.ok()) return s;
  if (database_key) {
    return Status::FailedPrecondition("the database is encrypted with the data key '" + *database_key +
                                      "', but no key is configured: " + kDataKeyVariable +
                                      " and storage.key_file are unset and " + path + " is missing");
  }
  storage::DataKey key;
  if (Status s = storage::NewDataKey("k1", &key); !s.ok()) return s;
  if (Status s = storage::WriteKeyFile(path, {key}); !s.ok()) return s;
  LogInfo("data_key_created", {{"key_file", path},
                               {"note", "keep a copy of this file apart from the database and its backups"}});
  return storage::Keyring::FromFile(path, out);
}

Status OpenDataStore(const Config& config, std::unique_ptr<storage::Store>* out) {
  std::error_code ec;
  fs::create_directories(config.data_dir, ec);
  if (ec) return Status::Unavailable(config.data_dir + ": cannot create the data directory: " + ec.message());
  std::shared_ptr<storage::Keyring> keyring;
  if (Status s = OpenDataKeyring(config, true, &keyring); !s.ok()) return s;
  return storage::OpenEncryptedSqliteStore({DatabasePath(config), 5000}, std::move(keyring), out);
}

}  // namespace careerbot::bot
