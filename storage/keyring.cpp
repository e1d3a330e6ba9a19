#include "storage/keyring.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <fstream>
#include <set>
#include <sstream>

#include "storage/field_cipher.h"

namespace careerbot::storage {
namespace {

int64_t SteadyMs() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::steady_clock::now().time_since_epoch())
      .count();
}

bool IsSpace(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }

std::string_view Trim(std::string_view s) {
  while (!s.empty() && IsSpace(s.front())) s.remove_prefix(1);
  while (!s.empty() && IsSpace(s.back())) s.remove_suffix(1);
  return s;
}

// The file's modification time in ns, or -1 when it cannot be read.
int64_t ModificationTime(const std::string& path) {
  struct stat st {};
  if (stat(path.c_str(), &st) != 0) return -1;
  return int64_t{st.st_mtim.tv_sec} * 1000000000 + st.st_mtim.tv_nsec;
}

Status ReadFile(const std::string& path, std::string* text) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Status::NotFound("the key file " + path + " does not exist or cannot be read");
  std::stringstream buffer;
  buffer << in.rdbuf();
  *text = buffer.str();
  return Status::Ok();
}

}  // namespace

Status ParseDataKeys(std::string_view text, const std::string& source, std::vector<DataKey>* keys) {
  keys->clear();
  std::set<std::string> ids;
  // A lone base64 key (the simplest environment variable) is the key "env".
  const std::string_view whole = Trim(text);
  if (!whole.empty() && whole.front() != '#' && whole.find(':') == std::string_view::npos &&
      whole.find_first_of(",\n") == std::string_view::npos) {
    const std::optional<std::string> bytes = DecodeBase64(whole);
    if (!bytes || bytes->size() != kDataKeyBytes) {
      return Status::InvalidArgument(source + ": expected a 32-byte key in base64 (or ID:BASE64 entries)");
    }
    keys->push_back({"env", *bytes});
    return Status::Ok();
  }
  // Lines, and within a line entries separated by commas (the environment
  // variable's form); a line starting with '#' is a comment, commas and all.
  size_t entry_no = 0;
  for (size_t start = 0; start <= text.size();) {
    size_t end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    const std::string_view line = Trim(text.substr(start, end - start));
    start = end + 1;
    if (!line.empty() && line.front() == '#') {
      ++entry_no;
      continue;
    }
    for (size_t from = 0; from <= line.size();) {
      size_t to = line.find(',', from);
      if (to == std::string_view::npos) to = line.size();
      const std::string_view entry = Trim(line.substr(from, to - from));
      from = to + 1;
      ++entry_no;
      if (entry.empty()) continue;
      const std::string where = source + ": entry " + std::to_string(entry_no) + ": ";
      const size_t colon = entry.find(':');
      if (colon == std::string_view::npos || !IsValidKeyId(entry.substr(0, colon))) {
        return Status::InvalidArgument(where + "expected ID:BASE64, an id of 1-32 of [A-Za-z0-9_-]");
      }
      const std::string id(entry.substr(0, colon));
      const std::optional<std::string> bytes = DecodeBase64(entry.substr(colon + 1));
      if (!bytes) return Status::InvalidArgument(where + "the key of '" + id + "' is not base64");
      if (bytes->size() != kDataKeyBytes) {
        return Status::InvalidArgument(where + "the key of '" + id + "' is " + std::to_string(bytes->size()) +
                                       " bytes, not 32");
      }
      if (!ids.insert(id).second) {
        return Status::InvalidArgument(where + "the key id '" + id + "' appears twice");
      }
      keys->push_back({id, *bytes});
    }
  }
  if (keys->empty()) return Status::InvalidArgument(source + ": holds no key");
  return Status::Ok();
}

std::string FormatDataKeys(const std::vector<DataKey>& keys) {
  std::string out =
      "# careerbot data keys, ID:BASE64, the first one current (docs/operations.md).\n"
      "# Keep the older ones while a value or a backup may still be sealed with them.\n";
  for (const DataKey& k : keys) out += k.id + ":" + EncodeBase64(k.bytes) + "\n";
  return out;
}

Status WriteKeyFile(const std::string& path, const std::vector<DataKey>& keys) {
  const std::string tmp = path + ".tmp";
  const std::string text = FormatDataKeys(keys);
  const int fd = open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  if (fd < 0) return Status::Unavailable(path + ": cannot write the key file");
  fchmod(fd, 0600);  // O_CREAT's mode does not apply to a file left over from before
  bool ok = write(fd, text.data(), text.size()) == static_cast<ssize_t>(text.size());
  ok = fsync(fd) == 0 && ok;
  ok = close(fd) == 0 && ok;
  if (!ok || std::rename(tmp.c_str(), path.c_str()) != 0) {
    std::remove(tmp.c_str());
    return Status::Unavailable(path + ": cannot write the key file");
  }
  return Status::Ok();
}

Status NewDataKey(const std::string& id, DataKey* key) {
  if (!IsValidKeyId(id)) return Status::InvalidArgument("not a valid key id");
  key->id = id;
  if (!SecureRandomBytes(kDataKeyBytes, &key->bytes)) return Status::Internal("no randomness for a new key");
  return Status::Ok();
}

Keyring::Keyring(std::string source, std::string path, KeySet keys)
    : source_(std::move(source)), path_(std::move(path)), keys_(std::make_shared<KeySet>(std::move(keys))) {}

Status Keyring::FromText(std::string_view text, const std::string& source, std::shared_ptr<Keyring>* out) {
  KeySet keys;
  if (Status s = ParseDataKeys(text, source, &keys); !s.ok()) return s;
  out->reset(new Keyring(source, "", std::move(keys)));
  return Status::Ok();
}

Status Keyring::FromFile(const std::string& path, std::shared_ptr<Keyring>* out) {
  std::string text;
  const int64_t mtime = ModificationTime(path);
  if (Status s = ReadFile(path, &text); !s.ok()) return s;
  KeySet keys;
  if (Status s = ParseDataKeys(text, "the key file " + path, &keys); !s.ok()) return s;
  out->reset(new Keyring("the key file " + path, path, std::move(keys)));
  (*out)->file_mtime_ns_ = mtime;
  (*out)->next_check_ms_ = SteadyMs() + kKeyFileCheckIntervalMs;
  return Status::Ok();
}

std::shared_ptr<const Keyring::KeySet> Keyring::Snapshot() const {
  std::lock_guard<std::mutex> lock(mu_);
  return keys_;
}

Status Keyring::Reload() {
  if (path_.empty()) return Status::Ok();
  const int64_t mtime = ModificationTime(path_);
  std::string text;
  if (Status s = ReadFile(path_, &text); !s.ok()) return s;
  KeySet keys;
  if (Status s = ParseDataKeys(text, source_, &keys); !s.ok()) return s;
  std::lock_guard<std::mutex> lock(mu_);
  keys_ = std::make_shared<KeySet>(std::move(keys));
  file_mtime_ns_ = mtime;
  return Status::Ok();
}

DataKey Keyring::Current() {
  if (!path_.empty()) {
    const int64_t now = SteadyMs();
    int64_t due = next_check_ms_.load(std::memory_order_relaxed);
    // One thread per interval looks; the others go on with the keys they have.
    if (now >= due && next_check_ms_.compare_exchange_strong(due, now + kKeyFileCheckIntervalMs)) {
      const int64_t mtime = ModificationTime(path_);
      bool changed = false;
      {
        std::lock_guard<std::mutex> lock(mu_);
        changed = mtime >= 0 && mtime != file_mtime_ns_;
      }
      if (changed) (void)Reload();  // a bad file keeps the keys we have
    }
  }
  return Snapshot()->front();
}

Status Keyring::Find(std::string_view id, DataKey* key) {
  for (int attempt = 0; attempt < 2; ++attempt) {
    const std::shared_ptr<const KeySet> keys = Snapshot();
    for (const DataKey& k : *keys) {
      if (k.id == id) {
        *key = k;
        return Status::Ok();
      }
    }
    if (attempt == 0 && !path_.empty() && !Reload().ok()) break;
    if (path_.empty()) break;
  }
  return Status::NotFound("the data key '" + std::string(id) + "' is not in " + source_);
}

std::vector<DataKey> Keyring::Keys() const { return *Snapshot(); }

}  // namespace careerbot::storage
