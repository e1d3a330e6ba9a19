#include "adapters/config_reader.h"

#include <cstdlib>
#include <fstream>
#include <sstream>

namespace careerbot::adapters {
namespace {

bool IsAlnum(char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
}

std::string Range(size_t min, size_t max) {
  return min == max ? std::to_string(min) : std::to_string(min) + " to " + std::to_string(max);
}

}  // namespace

std::string CheckAlnum(const std::string& v, size_t min, size_t max) {
  bool ok = v.size() >= min && v.size() <= max;
  for (char c : v) ok = ok && IsAlnum(c);
  return ok ? "" : "must be " + Range(min, max) + " characters of [A-Za-z0-9]";
}

std::string CheckToken(const std::string& v, size_t min, size_t max) {
  bool ok = v.size() >= min && v.size() <= max;
  for (char c : v) ok = ok && (IsAlnum(c) || c == '_' || c == '-');
  return ok ? "" : "must be " + Range(min, max) + " characters of [A-Za-z0-9_-]";
}

std::string CheckEncodingAesKey(const std::string& v) { return CheckAlnum(v, 43, 43); }

ConfigReader::ConfigReader(const nlohmann::json& object, std::string path)
    : object_(object), path_(std::move(path)) {
  if (!object_.is_object()) status_ = Status::InvalidArgument(path_ + ": must be an object");
}

Status ConfigReader::Error(const std::string& key, const std::string& what) const {
  return Status::InvalidArgument(path_ + "." + key + ": " + what);
}

const nlohmann::json* ConfigReader::Find(const char* key) {
  read_.insert(key);
  if (!status_.ok()) return nullptr;
  const auto it = object_.find(key);
  return it == object_.end() ? nullptr : &*it;
}

ConfigReader& ConfigReader::String(const char* key, bool required, std::string* out,
                                   const Check& check) {
  const nlohmann::json* v = Find(key);
  if (!status_.ok()) return *this;
  if (v == nullptr) {
    if (required) status_ = Error(key, "is required");
    return *this;
  }
  if (!v->is_string()) {
    status_ = Error(key, "must be a string");
    return *this;
  }
  const std::string& s = v->get_ref<const std::string&>();
  if (check) {
    if (const std::string what = check(s); !what.empty()) {
      status_ = Error(key, what);
      return *this;
    }
  }
  *out = s;
  return *this;
}

ConfigReader& ConfigReader::Secret(const char* key, bool required, std::string* out,
                                   const Check& check) {
  const std::string env_key = std::string(key) + "_env";
  const std::string file_key = std::string(key) + "_file";
  const nlohmann::json* plain = Find(key);
  const nlohmann::json* env = Find(env_key.c_str());
  const nlohmann::json* file = Find(file_key.c_str());
  if (!status_.ok()) return *this;
  const int given = (plain != nullptr) + (env != nullptr) + (file != nullptr);
  if (given > 1) {
    status_ = Error(key, "give only one of " + std::string(key) + ", " + env_key + ", " + file_key);
    return *this;
  }
  if (given == 0) {
    if (required) status_ = Error(key, "is required (or " + env_key + " or " + file_key + ")");
    return *this;
  }
  std::string value;
  if (plain != nullptr) {
    if (!plain->is_string()) {
      status_ = Error(key, "must be a string");
      return *this;
    }
    value = plain->get<std::string>();
  } else if (env != nullptr) {
    if (!env->is_string()) {
      status_ = Error(env_key, "must be a string");
      return *this;
    }
    const std::string name = env->get<std::string>();
    const char* v = std::getenv(name.c_str());
    if (v == nullptr || *v == '\0') {
      status_ = Error(env_key, "the environment variable " + name + " is not set");
      return *this;
    }
    value = v;
  } else {
    if (!file->is_string()) {
      status_ = Error(file_key, "must be a string");
      return *this;
    }
    const std::string name = file->get<std::string>();
    std::ifstream in(name, std::ios::binary);
    std::ostringstream content;
    if (!in || !(content << in.rdbuf())) {
      status_ = Error(file_key, "cannot read " + name);
      return *this;
    }
    value = content.str();
    while (!value.empty() && (value.back() == '\n' || value.back() == '\r')) value.pop_back();
  }
  if (check) {
    // The message names the key and the rule, never the value: it is a secret.
    if (const std::string what = check(value); !what.empty()) {
      status_ = Error(key, what);
      return *this;
    }
  }
  *out = std::move(value);
  return *this;
}

ConfigReader& ConfigReader::Int(const char* key, int64_t min, int64_t max, int64_t* out) {
  const nlohmann::json* v = Find(key);
  if (!status_.ok() || v == nullptr) return *this;
  int64_t n = 0;
  bool ok = false;
  if (v->is_number_integer() && !(v->is_number_unsigned() && v->get<uint64_t>() > INT64_MAX)) {
    n = v->get<int64_t>();
    ok = true;
  } else if (v->is_string()) {
    const std::string& s = v->get_ref<const std::string&>();
    ok = !s.empty() && s.size() <= 18 && s.find_first_not_of("0123456789") == std::string::npos;
    if (ok) n = std::stoll(s);
  }
  if (!ok || n < min || n > max) {
    status_ = Error(key, "must be an integer from " + std::to_string(min) + " to " + std::to_string(max));
    return *this;
  }
  *out = n;
  return *this;
}

ConfigReader& ConfigReader::BaseUrl(const char* key, std::string* out) {
  std::string url = *out;
  String(key, false, &url, [](const std::string& v) -> std::string {
    const bool scheme = v.starts_with("https://") || v.starts_with("http://");
    const size_t host = v.find("://") + 3;
    if (!scheme || host >= v.size() || v[host] == '/' ||
        v.find_first_of(" ?#{}\"\\") != std::string::npos) {
      return "must be an http(s) URL without query, e.g. \"https://api.example.com\"";
    }
    return "";
  });
  while (url.size() > 1 && url.back() == '/') url.pop_back();
  if (status_.ok()) *out = url;
  return *this;
}

ConfigReader& ConfigReader::StringMap(const char* key, std::map<std::string, std::string>* out) {
  const nlohmann::json* v = Find(key);
  if (!status_.ok() || v == nullptr) return *this;
  if (!v->is_object()) {
    status_ = Error(key, "must be an object of strings");
    return *this;
  }
  std::map<std::string, std::string> m;
  for (const auto& [name, value] : v->items()) {
    if (!value.is_string() || value.get_ref<const std::string&>().empty()) {
      status_ = Error(std::string(key) + "." + name, "must be a non-empty string");
      return *this;
    }
    m.emplace(name, value.get<std::string>());
  }
  *out = std::move(m);
  return *this;
}

Status ConfigReader::Finish() {
  if (!status_.ok()) return status_;
  for (const auto& [name, value] : object_.items()) {
    if (name.starts_with("_")) continue;
    if (read_.count(name) == 0) return Error(name, "unknown key");
  }
  return Status::Ok();
}

}  // namespace careerbot::adapters
