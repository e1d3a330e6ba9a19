#include "bot/config.h"

#include "adapters/channels.h"
#include "adapters/standard_webhooks.h"
#include "storage/archive_number.h"
#include "base/json_text.h"

#include <cctype>
#include <cstdlib>
#include <fstream>
#include <functional>
#include <map>
#include <nlohmann/json.hpp>
#include <sstream>

namespace careerbot::bot {
namespace {

using nlohmann::json;

// One reader per key: each knows its key's type and range. A table keeps the
// "unknown key" check and the readers in one place.
using Reader = std::function<Status(const json& value, const std::string& key_path, Config*)>;

Status IntIn(const json& v, const std::string& key, long lo, long hi, long* out) {
  if (!v.is_number_integer() || v.get<long>() < lo || v.get<long>() > hi) {
    return Status::InvalidArgument(key + ": must be an integer from " + std::to_string(lo) +
                                   " to " + std::to_string(hi));
  }
  *out = v.get<long>();
  return Status::Ok();
}

Status StringOf(const json& v, const std::string& key, std::string* out) {
  if (!v.is_string()) return Status::InvalidArgument(key + ": must be a string");
  *out = v.get<std::string>();
  return Status::Ok();
}

Reader Int(std::function<void(Config*, long)> set, long lo, long hi) {
  return [=](const json& v, const std::string& key, Config* c) {
    long n = 0;
    if (Status s = IntIn(v, key, lo, hi, &n); !s.ok()) return s;
    set(c, n);
    return Status::Ok();
  };
}

Reader Str(std::function<std::string*(Config*)> field) {
  return [=](const json& v, const std::string& key, Config* c) { return StringOf(v, key, field(c)); };
}

Status ReadFileTrimmed(const std::string& path, const std::string& key, std::string* out) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Status::InvalidArgument(key + ": cannot read the file " + path);
  std::stringstream buffer;
  buffer << in.rdbuf();
  std::string text = buffer.str();
  while (!text.empty() && (text.back() == '\n' || text.back() == '\r' || text.back() == ' ')) text.pop_back();
  *out = text;
  return Status::Ok();
}

Reader Bool(std::function<bool*(Config*)> field) {
  return [=](const json& v, const std::string& key, Config* c) {
    if (!v.is_boolean()) return Status::InvalidArgument(key + ": must be true or false");
    *field(c) = v.get<bool>();
    return Status::Ok();
  };
}

Reader SecretEnv(std::function<std::string*(Config*)> field) {
  return [=](const json& v, const std::string& key, Config* c) {
    std::string name;
    if (Status s = StringOf(v, key, &name); !s.ok()) return s;
    const char* value = std::getenv(name.c_str());
    if (!value || !*value) {
      return Status::InvalidArgument(key + ": the environment variable " + name + " is not set");
    }
    *field(c) = value;
    return Status::Ok();
  };
}

// "*", or an origin as browsers send it: http(s)://host[:port], nothing after.
bool IsOrigin(const std::string& s) {
  if (s == "*") return true;
  const size_t start = s.rfind("https://", 0) == 0 ? 8 : s.rfind("http://", 0) == 0 ? 7 : 0;
  if (start == 0 || s.size() == start) return false;
  for (size_t i = start; i < s.size(); ++i) {
    const unsigned char ch = s[i];
    if (!(std::isalnum(ch) || ch == '.' || ch == '-' || ch == ':' || ch == '[' || ch == ']')) return false;
  }
  return true;
}

Status ReadOrigins(const json& v, const std::string& key, Config* c) {
  const std::string expected = ": must be a list of origins such as \"https://example.org\" (scheme, host and "
                               "port only, no path or trailing slash), or \"*\"";
  if (!v.is_array()) return Status::InvalidArgument(key + expected);
  std::vector<std::string> origins;
  for (size_t i = 0; i < v.size(); ++i) {
    if (!v[i].is_string() || !IsOrigin(v[i].get<std::string>())) {
      return Status::InvalidArgument(key + "[" + std::to_string(i) + "]" + expected);
    }
    origins.push_back(v[i].get<std::string>());
  }
  c->widget.allowed_origins = std::move(origins);
  return Status::Ok();
}

bool IsAccountKey(const std::string& key) {
  if (key.empty() || key.size() > 64) return false;
  for (char ch : key) {
    if (!std::isalnum(static_cast<unsigned char>(ch)) && ch != '_' && ch != '-') return false;
  }
  return true;
}

// channels.<platform>: an object of accounts, each checked by the adapter itself
// (its messages name the key: "channels.wechat.main.token: is required").
Reader ChannelAccounts(std::string platform) {
  return [platform](const json& v, const std::string& key, Config* c) {
    if (!v.is_object()) return Status::InvalidArgument(key + ": must be an object of accounts");
    for (const auto& [name, account] : v.items()) {
      if (name.rfind("_", 0) == 0) continue;
      const std::string path = key + "." + name;
      if (!IsAccountKey(name)) {
        return Status::InvalidArgument(path + ": an account key must be 1 to 64 of [A-Za-z0-9_-]");
      }
      if (!account.is_object()) return Status::InvalidArgument(path + ": must be an object");
      std::unique_ptr<adapters::Channel> channel;
      if (Status s = adapters::MakeChannel(platform, name, account, adapters::SystemRandom(), &channel);
          !s.ok()) {
        return s;
      }
      // A named capture: clang before 16 cannot capture a structured binding (the
      // fuzz build uses clang 14).
      std::erase_if(c->channels.accounts, [&platform, &account_key = name](const ChannelAccountConfig& a) {
        return a.platform == platform && a.key == account_key;
      });
      c->channels.accounts.push_back({platform, name, account.dump()});
    }
    return Status::Ok();
  };
}

const std::map<std::string, Reader>& Readers() {
  static const std::map<std::string, Reader> readers = {
      {"listen", Str([](Config* c) { return &c->listen; })},
      {"data_dir", Str([](Config* c) { return &c->data_dir; })},
      {"knowledge_dir", Str([](Config* c) { return &c->knowledge_dir; })},
      {"institution.name", Str([](Config* c) { return &c->institution.name; })},
      {"institution.registration_no", Str([](Config* c) { return &c->institution.registration_no; })},
      {"institution.contact", Str([](Config* c) { return &c->institution.contact; })},
      {"http.max_body_bytes", Int([](Config* c, long n) { c->http.max_body_bytes = n; }, 1024, 64L << 20)},
      {"http.threads", Int([](Config* c, long n) { c->http.threads = n; }, 1, 1024)},
      {"http.read_timeout_s", Int([](Config* c, long n) { c->http.read_timeout_s = n; }, 1, 3600)},
      {"http.write_timeout_s", Int([](Config* c, long n) { c->http.write_timeout_s = n; }, 1, 3600)},
      {"http.keep_alive_max_count", Int([](Config* c, long n) { c->http.keep_alive_max_count = n; }, 1, 1000000)},
      {"http.keep_alive_timeout_s", Int([](Config* c, long n) { c->http.keep_alive_timeout_s = n; }, 1, 3600)},
      {"http.listen_backlog", Int([](Config* c, long n) { c->http.listen_backlog = n; }, 1, 65535)},
      {"channels.api.enabled",
       [](const json& v, const std::string& key, Config* c) {
         if (!v.is_boolean()) return Status::InvalidArgument(key + ": must be true or false");
         c->api.enabled = v.get<bool>();
         return Status::Ok();
       }},
      {"channels.api.secret", Str([](Config* c) { return &c->api.secret; })},
      {"channels.api.secret_env",
       [](const json& v, const std::string& key, Config* c) {
         std::string name;
         if (Status s = StringOf(v, key, &name); !s.ok()) return s;
         const char* value = std::getenv(name.c_str());
         if (!value || !*value) {
           return Status::InvalidArgument(key + ": the environment variable " + name + " is not set");
         }
         c->api.secret = value;
         return Status::Ok();
       }},
      {"channels.api.secret_file",
       [](const json& v, const std::string& key, Config* c) {
         std::string path;
         if (Status s = StringOf(v, key, &path); !s.ok()) return s;
         return ReadFileTrimmed(path, key, &c->api.secret);
       }},
      {"session.inactivity_hours",
       Int([](Config* c, long n) { c->session_inactivity_hours = n; }, 0, 24 * 365)},
      {"crisis.hotlines",
       [](const json& v, const std::string& key, Config* c) {
         if (!v.is_array()) return Status::InvalidArgument(key + ": must be a list of {\"name\": {\"zh\", \"en\"}, \"number\"}");
         std::vector<CrisisHotline> hotlines;
         for (size_t i = 0; i < v.size(); ++i) {
           const json& h = v[i];
           const std::string where = key + "[" + std::to_string(i) + "]";
           if (!h.is_object() || !h.contains("number") || !h.at("number").is_string() ||
               h.at("number").get<std::string>().empty()) {
             return Status::InvalidArgument(where + ": needs a non-empty \"number\"");
           }
           if (!h.contains("name") || !h.at("name").is_object() || !h.at("name").value("zh", json()).is_string() ||
               !h.at("name").value("en", json()).is_string()) {
             return Status::InvalidArgument(where + ": needs \"name\" with \"zh\" and \"en\" strings");
           }
           hotlines.push_back({h.at("name").at("zh").get<std::string>(), h.at("name").at("en").get<std::string>(),
                               h.at("number").get<std::string>()});
         }
         c->crisis_hotlines = std::move(hotlines);
         return Status::Ok();
       }},
      {"channels.api.timestamp_tolerance_s",
       Int([](Config* c, long n) { c->api.timestamp_tolerance_s = n; }, 0, 86400)},
      // The messaging channels (docs/channels.md) and their outbox.
      {"channels.wechat", ChannelAccounts("wechat")},
      {"channels.wecom", ChannelAccounts("wecom")},
      {"channels.feishu", ChannelAccounts("feishu")},
      {"channels.dingtalk", ChannelAccounts("dingtalk")},
      {"channels.telegram", ChannelAccounts("telegram")},
      {"channels.reply_budget_ms", Int([](Config* c, long n) { c->channels.reply_budget_ms = n; }, 0, 60000)},
      {"outbox.max_attempts", Int([](Config* c, long n) { c->outbox.max_attempts = n; }, 1, 1000)},
      {"outbox.backoff_initial_ms",
       Int([](Config* c, long n) { c->outbox.backoff_initial_ms = n; }, 1, 3600 * 1000)},
      {"outbox.backoff_max_ms",
       Int([](Config* c, long n) { c->outbox.backoff_max_ms = n; }, 1, 24 * 3600 * 1000)},
      {"outbox.senders", Int([](Config* c, long n) { c->outbox.senders = n; }, 1, 64)},
      {"outbox.per_minute.wechat", Int([](Config* c, long n) { c->outbox.per_minute["wechat"] = n; }, 1, 1000000)},
      {"outbox.per_minute.wecom", Int([](Config* c, long n) { c->outbox.per_minute["wecom"] = n; }, 1, 1000000)},
      {"outbox.per_minute.feishu", Int([](Config* c, long n) { c->outbox.per_minute["feishu"] = n; }, 1, 1000000)},
      {"outbox.per_minute.dingtalk", Int([](Config* c, long n) { c->outbox.per_minute["dingtalk"] = n; }, 1, 1000000)},
      {"outbox.per_minute.telegram", Int([](Config* c, long n) { c->outbox.per_minute["telegram"] = n; }, 1, 1000000)},
      {"outbox.http_timeout_s", Int([](Config* c, long n) { c->outbox.http_timeout_s = n; }, 1, 300)},
      {"archive.format",
       [](const json& v, const std::string& key, Config* c) {
         std::string format;
         if (Status s = StringOf(v, key, &format); !s.ok()) return s;
         if (Status s = storage::ValidateArchiveFormat(format); !s.ok()) {
           return Status::InvalidArgument(key + ": " + s.message());
         }
         c->archive.format = format;
         return Status::Ok();
       }},
      // Scheduled backups (docs/operations.md).
      {"backup.interval_minutes",
       Int([](Config* c, long n) { c->backup.interval_minutes = n; }, 0, 366 * 24 * 60)},
      {"backup.dir", Str([](Config* c) { return &c->backup.dir; })},
      {"backup.keep", Int([](Config* c, long n) { c->backup.keep = n; }, 1, 100000)},
      // The website widget.
      {"widget.enabled", Bool([](Config* c) { return &c->widget.enabled; })},
      {"widget.secret", Str([](Config* c) { return &c->widget.secret; })},
      {"widget.secret_env", SecretEnv([](Config* c) { return &c->widget.secret; })},
      {"widget.secret_file",
       [](const json& v, const std::string& key, Config* c) {
         std::string path;
         if (Status s = StringOf(v, key, &path); !s.ok()) return s;
         return ReadFileTrimmed(path, key, &c->widget.secret);
       }},
      {"widget.allowed_origins", ReadOrigins},
      {"widget.rate_limit.messages_per_minute",
       Int([](Config* c, long n) { c->widget.messages_per_minute = n; }, 1, 1000000)},
      {"widget.rate_limit.burst", Int([](Config* c, long n) { c->widget.burst = n; }, 1, 1000000)},
      {"widget.rate_limit.visitors_per_minute",
       Int([](Config* c, long n) { c->widget.visitors_per_minute = n; }, 1, 1000000)},
      {"widget.history_max_turns", Int([](Config* c, long n) { c->widget.history_max_turns = n; }, 1, 100000)},
  };
  return readers;
}

// Walks the document; objects are sections, anything else is a value for Readers().
Status Walk(const json& node, const std::string& prefix, Config* config) {
  for (const auto& [name, value] : node.items()) {
    if (name.rfind("_", 0) == 0) continue;  // "_comment" keys document the example file
    const std::string key = prefix.empty() ? name : prefix + "." + name;
    auto reader = Readers().find(key);
    if (reader != Readers().end()) {
      if (Status s = reader->second(value, key, config); !s.ok()) return s;
    } else if (value.is_object()) {
      bool known_section = false;
      for (const auto& [known, unused] : Readers()) {
        if (known.rfind(key + ".", 0) == 0) known_section = true;
      }
      if (!known_section) return Status::InvalidArgument(key + ": unknown key");
      if (Status s = Walk(value, key, config); !s.ok()) return s;
    } else {
      return Status::InvalidArgument(key + ": unknown key");
    }
  }
  return Status::Ok();
}

bool SplitListen(const std::string& listen, std::string* host, int* port) {
  const size_t colon = listen.rfind(':');
  if (colon == std::string::npos || colon == 0 || colon + 1 >= listen.size()) return false;
  std::string h = listen.substr(0, colon);
  if (h.size() > 2 && h.front() == '[' && h.back() == ']') h = h.substr(1, h.size() - 2);
  const std::string p = listen.substr(colon + 1);
  if (p.size() > 5 || p.find_first_not_of("0123456789") != std::string::npos) return false;
  const int n = std::stoi(p);
  if (n > 65535) return false;
  if (host) *host = h;
  if (port) *port = n;
  return true;
}

}  // namespace

std::string Config::host() const {
  std::string h;
  SplitListen(listen, &h, nullptr);
  return h;
}

int Config::port() const {
  int p = 0;
  SplitListen(listen, nullptr, &p);
  return p;
}

Status ParseConfigJson(const std::string& text, const std::string& source_name, Config* config) {
  json doc = ParseJsonText(text);
  if (doc.is_discarded()) return Status::InvalidArgument(source_name + ": not valid JSON (or holds a NUL byte)");
  if (!doc.is_object()) return Status::InvalidArgument(source_name + ": must be a JSON object");
  Config parsed = *config;
  if (Status s = Walk(doc, "", &parsed); !s.ok()) return s.Annotate(source_name);
  if (Status s = ValidateConfig(parsed); !s.ok()) return s.Annotate(source_name);
  *config = std::move(parsed);
  return Status::Ok();
}

Status LoadConfigFile(const std::string& path, Config* config) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Status::NotFound(path + ": cannot open the configuration file");
  std::stringstream buffer;
  buffer << in.rdbuf();
  return ParseConfigJson(buffer.str(), path, config);
}

std::string Config::backup_dir() const {
  return backup.dir.empty() ? data_dir + "/backups" : backup.dir;
}

Status ApplyEnvironment(Config* config) {
  if (const char* listen = std::getenv("CAREERBOT_LISTEN"); listen && *listen) config->listen = listen;
  if (const char* dir = std::getenv("CAREERBOT_DATA_DIR"); dir && *dir) config->data_dir = dir;
  return Status::Ok();
}

Status ValidateConfig(const Config& config) {
  if (!SplitListen(config.listen, nullptr, nullptr)) {
    return Status::InvalidArgument("listen: must be HOST:PORT with a port from 0 to 65535, not \"" +
                                   config.listen + "\"");
  }
  if (config.data_dir.empty()) return Status::InvalidArgument("data_dir: must not be empty");
  if (config.outbox.backoff_max_ms < config.outbox.backoff_initial_ms) {
    return Status::InvalidArgument("outbox.backoff_max_ms: must not be below outbox.backoff_initial_ms");
  }
  if (!config.widget.secret.empty() && config.widget.secret.size() < 16) {
    return Status::InvalidArgument("widget.secret: must be at least 16 bytes (or left out, to generate one)");
  }
  if (!config.api.secret.empty()) {
    adapters::StandardWebhookKey key;
    if (!adapters::StandardWebhookKey::Parse(config.api.secret, &key).ok()) {
      return Status::InvalidArgument(
          "channels.api.secret: must be a Standard Webhooks secret (\"whsec_\" and base64)");
    }
  }
  return Status::Ok();
}

}  // namespace careerbot::bot
