// The data keys personal fields are sealed with (field_cipher.h): a keyring of
// key id -> 32-byte key, the first one current (new values are sealed with it),
// the others kept to open values sealed before a rotation.
//
// Sources, in the order a deployment picks them (docs/operations.md):
//   - text "id:base64" entries, one a line (or separated by commas, for the
//     environment variable CAREERBOT_DATA_KEY); a lone base64 key is id "env";
//   - a key file of such lines ('#' comments and blank lines allowed), which
//     the keyring reads again when it changes (rotate-key adds a key to it while
//     a server runs) or when a value names a key id it does not hold.
//
// Thread-safety: every method may be called from any thread at once; the key
// set is swapped whole, readers hold a snapshot. Nothing here logs a key.
#pragma once

#include <atomic>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"

namespace careerbot::storage {

struct DataKey {
  std::string id;
  std::string bytes;  // 32
};

// How often a keyring of a key file looks at the file's modification time: a
// running server seals with a key rotate-key added within about this long.
inline constexpr int64_t kKeyFileCheckIntervalMs = 1000;

// Parses entries (see above). InvalidArgument naming `source`, the line and what
// is wrong: not "id:base64", a key of another size than 32 bytes, an id twice,
// no key at all. The message never holds key material.
Status ParseDataKeys(std::string_view text, const std::string& source, std::vector<DataKey>* keys);

// The key file's lines for these keys, first = current.
std::string FormatDataKeys(const std::vector<DataKey>& keys);

// Writes the key file atomically (a temporary file, fsync, rename) with mode
// 0600. Unavailable when it cannot be written.
Status WriteKeyFile(const std::string& path, const std::vector<DataKey>& keys);

// A new random key with this id.
Status NewDataKey(const std::string& id, DataKey* key);

class Keyring {
 public:
  // A fixed keyring (the environment, tests). `source` names it in errors.
  static Status FromText(std::string_view text, const std::string& source,
                         std::shared_ptr<Keyring>* out);
  // A keyring kept in step with the file at `path`. NotFound when there is no
  // such file; InvalidArgument when it is of a bad shape.
  static Status FromFile(const std::string& path, std::shared_ptr<Keyring>* out);

  // The current key (sealing). For a key file, first looks whether the file
  // changed, at most once per kKeyFileCheckIntervalMs; a file that became
  // unreadable or malformed leaves the keys as they were.
  DataKey Current();
  // The key with this id: on a miss, a key file is read again once (another
  // process may have added the key); NotFound naming the id and the source when
  // it is still missing.
  Status Find(std::string_view id, DataKey* key);
  // Every key, current first.
  std::vector<DataKey> Keys() const;
  // "the key file /etc/careerbot/data.key", "CAREERBOT_DATA_KEY".
  const std::string& source() const { return source_; }
  // The key file's path, "" for a fixed keyring.
  const std::string& path() const { return path_; }

 private:
  using KeySet = std::vector<DataKey>;
  Keyring(std::string source, std::string path, KeySet keys);
  std::shared_ptr<const KeySet> Snapshot() const;
  Status Reload();

  const std::string source_;
  const std::string path_;
  mutable std::mutex mu_;
  std::shared_ptr<const KeySet> keys_;  // guarded by mu_; never empty
  int64_t file_mtime_ns_ = 0;           // guarded by mu_
  std::atomic<int64_t> next_check_ms_{0};
};

}  // namespace careerbot::storage
