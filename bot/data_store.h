// The store every command opens on the data directory: the SQLite file
// DATA_DIR/careerbot.db behind encryption at rest (storage/sqlite_encryption.h),
// with the data keys the configuration names (docs/operations.md):
//
//   1. CAREERBOT_DATA_KEY (base64, or ID:BASE64 entries separated by commas);
//   2. the key file storage.key_file;
//   3. DATA_DIR/data.key, created (mode 0600) on the first start of a database
//      that has no data key yet, and logged as data_key_created.
//
// A missing key file, one of a bad shape, or a key that is not the database's is
// an error naming what is wrong; no key is ever made up for a database that
// already has one.
#pragma once

#include <memory>
#include <string>

#include "base/status.h"
#include "bot/config.h"

namespace careerbot::storage {
class Keyring;
class Store;
}  // namespace careerbot::storage

namespace careerbot::bot {

inline constexpr char kDataKeyVariable[] = "CAREERBOT_DATA_KEY";

// DATA_DIR/careerbot.db.
std::string DatabasePath(const Config& config);
// DATA_DIR/data.key.
std::string DefaultKeyFilePath(const Config& config);

// The keyring of the configuration (1-3 above). create_default: make
// DATA_DIR/data.key when nothing is configured, the file is missing and the
// database has no key yet; otherwise a missing file is NotFound.
Status OpenDataKeyring(const Config& config, bool create_default, std::shared_ptr<storage::Keyring>* out);

// Creates the data directory when missing and opens the store in it.
Status OpenDataStore(const Config& config, std::unique_ptr<storage::Store>* out);

}  // namespace careerbot::bot
