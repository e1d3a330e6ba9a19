// Encryption at rest for an SQLite database file (S-3.5.3): the SQLite store
// wrapped in the encrypting decorator (encrypted_store.h), the check of the data
// key at start-up, and the whole-file helpers of `careerbot rotate-key` and
// `careerbot verify-backup`.
//
// The file remembers its data key by a check value (the settings row
// 'data_key_check', migration 11): a known text sealed with the key every
// personal column is encrypted with. Opening with a keyring that lacks that key,
// or whose key of that id does not open it, fails before anything is read or
// written: never garbage, never a silent re-key.
//
// Thread-safety: the functions share nothing; each opens its own connection and
// may run while a server writes to the same file (WAL; short transactions).
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>

#include "base/status.h"
#include "storage/keyring.h"
#include "storage/sqlite_store.h"
#include "storage/store.h"

namespace careerbot::storage {

// Opens the SQLite store (OpenSqliteStore) behind the decorator. On a file with
// a check value: FailedPrecondition when the keyring lacks its key ("the database
// is encrypted with the data key 'k1', which is not in …") or the key does not
// open it ("… does not decrypt this database …"). On a file without one (new, or
// written before encryption came): seals every plaintext personal value with the
// current key, then writes the check value.
Status OpenEncryptedSqliteStore(const SqliteOptions& options, std::shared_ptr<Keyring> keyring,
                                std::unique_ptr<Store>* out);

// The id of the data key the database at db_path is encrypted with; nullopt when
// it has no check value (new, or from before encryption) or no file exists there.
Status FindDatabaseKeyId(const std::string& db_path, std::optional<std::string>* key_id);

struct ReencryptReport {
  int64_t values = 0;   // values sealed again under the target key
  int64_t batches = 0;  // transactions committed
};

// Seals every personal value that is not under `target` (plaintext, or an older
// key of the keyring) with it, in transactions of at most `batch` values, each
// value replaced only if it is still what was read (a server writing at the same
// time wins); passes repeat until one finds nothing left. Then the check value
// is sealed with `target`. Internal naming the column when a value does not open.
Status ReencryptAll(const std::string& db_path, Keyring& keyring, const DataKey& target, int batch,
                    ReencryptReport* report);

// What VerifyEncryption found.
struct EncryptionReport {
  std::optional<std::string> key_id;           // of the check value, when there is one
  std::map<std::string, int64_t> encrypted;    // per key id: values that decrypt
  int64_t plaintext = 0;                       // personal values not encrypted
};

// Reads the file (read-only) and opens every sealed personal value and the check
// value with the keyring. FailedPrecondition naming the column and the number of
// values that do not decrypt (or whose key is missing); OK otherwise, with the
// counts. Plaintext values are counted, not refused (the erased-answer marker is
// plaintext by design; anything else shows a file written without encryption).
Status VerifyEncryption(const std::string& db_path, Keyring& keyring, EncryptionReport* report);

}  // namespace careerbot::storage
