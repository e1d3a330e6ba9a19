// Reads one channel account's configuration object ("channels.<platform>.<key>")
// with messages that name the key and what was expected:
//   "channels.wechat.main.encoding_aes_key: must be 43 characters of [A-Za-z0-9]".
// Internal to adapters/. The first error wins; later calls do nothing.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <set>
#include <string>

#include <nlohmann/json.hpp>

#include "base/status.h"

namespace careerbot::adapters {

class ConfigReader {
 public:
  // `path` is the object's own key path, e.g. "channels.wechat.main".
  ConfigReader(const nlohmann::json& object, std::string path);

  // A string. Absent: *out keeps its value (the default), or an error when
  // `required`. `check` (may be empty) returns "" or what was expected.
  using Check = std::function<std::string(const std::string&)>;
  ConfigReader& String(const char* key, bool required, std::string* out, const Check& check = {});
  // Like String, but the value may instead come from "<key>_env" (an environment
  // variable's name) or "<key>_file" (a file whose content, trailing newline
  // removed, is the value); at most one of the three may be given.
  ConfigReader& Secret(const char* key, bool required, std::string* out, const Check& check = {});
  // An integer in [min, max] (a JSON integer, or a string of digits).
  ConfigReader& Int(const char* key, int64_t min, int64_t max, int64_t* out);
  // "http(s)://host[:port][/path]", trailing '/' removed.
  ConfigReader& BaseUrl(const char* key, std::string* out);
  // An object of non-empty strings.
  ConfigReader& StringMap(const char* key, std::map<std::string, std::string>* out);

  // The result: the first error, or InvalidArgument for a key no call read (keys
  // beginning with '_' are comments and ignored).
  Status Finish();

 private:
  Status Error(const std::string& key, const std::string& what) const;
  const nlohmann::json* Find(const char* key);

  const nlohmann::json& object_;
  std::string path_;
  std::set<std::string> read_;
  Status status_;
};

// Checks used with ConfigReader: each returns "" when the value is fine.
std::string CheckAlnum(const std::string& v, size_t min, size_t max);  // [A-Za-z0-9]
std::string CheckToken(const std::string& v, size_t min, size_t max);  // [A-Za-z0-9_-]
std::string CheckEncodingAesKey(const std::string& v);

}  // namespace careerbot::adapters
