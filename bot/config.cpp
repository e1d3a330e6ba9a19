#include "bot/config.h"

#include "adapters/channels.h"
#include "adapters/standard_webhooks.h"
#include "bot/admin_webhook_events.h"
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

// An http:// or https:// URL with a host, and nothing a request line cannot carry.
bool IsWebhookUrl(const std::string& url) {
  const size_t start = url.rfind("https://", 0) == 0 ? 8 : url.rfind("http://", 0) == 0 ? 7 : 0;
  if (start == 0) return false;
  const size_t host_end = url.find_first_of("/?#", start);
  const std::string host = url.substr(start, host_end == std::string::npos ? std::string::npos : host_end - start);
  if (host.empty() || host.front() == ':' || host.find('@') != std::string::npos) return false;
  for (unsigned char ch : url) {
    if (ch <= ' ' || ch >= 0x7f) return false;  // spaces, controls, raw UTF-8: percent-encode them
  }
  return true;
}

// admin_webhooks.<key>: {"url", "secret" | "secret_env" | "secret_file", "events"}.
Status ReadAdminWebhook(const std::string& name, const json& v, const std::string& path,
                        AdminWebhookConfig* out) {
  if (!IsAccountKey(name)) {
    return Status::InvalidArgument(path + ": an endpoint key must be 1 to 64 of [A-Za-z0-9_-]");
  }
  if (!v.is_object()) return Status::InvalidArgument(path + ": must be an object with \"url\" and \"secret\"");
  out->key = name;
  int secrets = 0;
  for (const auto& [field, value] : v.items()) {
    if (field.rfind("_", 0) == 0) continue;
    const std::string key = path + "." + field;
    Status s;
    if (field == "url") {
      s = StringOf(value, key, &out->url);
      if (s.ok() && !IsWebhookUrl(out->url)) {
        s = Status::InvalidArgument(key + ": must be an http:// or https:// URL with a host (and no spaces)");
      }
    } else if (field == "secret") {
      ++secrets;
      s = StringOf(value, key, &out->secret);
    } else if (field == "secret_env") {
      ++secrets;
      std::string variable;
      s = StringOf(value, key, &variable);
      const char* secret = s.ok() ? std::getenv(variable.c_str()) : nullptr;
      if (s.ok() && (secret == nullptr || *secret == '\0')) {
        s = Status::InvalidArgument(key + ": the environment variable " + variable + " is not set");
      }
      if (s.ok()) out->secret = secret;
    } else if (field == "secret_file") {
      ++secrets;
      std::string file;
      s = StringOf(value, key, &file);
      if (s.ok()) s = ReadFileTrimmed(file, key, &out->secret);
    } else if (field == "events") {
      std::string known;
      for (std::string_view type : kAdminEventTypes) known += (known.empty() ? "" : ", ") + std::string(type);
      if (!value.is_array() || value.empty()) {
        return Status::InvalidArgument(key + ": must be a non-empty list of event types (" + known +
                                       "), or left out for every one");
      }
      for (size_t i = 0; i < value.size(); ++i) {
        if (!value[i].is_string() || !IsAdminEventType(value[i].get<std::string>())) {
          return Status::InvalidArgument(key + "[" + std::to_string(i) + "]: unknown event type " +
                                         value[i].dump() + "; known: " + known);
        }
        out->events.push_back(value[i].get<std::string>());
      }
    } else {
      s = Status::InvalidArgument(key + ": unknown key");
    }
    if (!s.ok()) return s;
  }
  if (out->url.empty()) return Status::InvalidArgument(path + ".url: is required");
  if (secrets != 1) {
    return Status::InvalidArgument(path + ": needs exactly one of \"secret\", \"secret_env\" or \"secret_file\"");
  }
  adapters::StandardWebhookKey parsed;
  if (out->secret.rfind("whsec_", 0) != 0 || !adapters::StandardWebhookKey::Parse(out->secret, &parsed).ok()) {
    // Which of the three fields held it does not matter; the value never appears.
    return Status::InvalidArgument(path + ".secret: must be a Standard Webhooks secret: \"whsec_\" and "
                                   "standard base64 of the key (e.g. of 32 random bytes)");
  }
  return Status::Ok();
}

Status ReadAdminWebhooks(const json& v, const std::string& key, Config* c) {
  if (!v.is_object()) return Status::InvalidArgument(key + ": must be an object of endpoints");
  std::vector<AdminWebhookConfig> endpoints;
  for (const auto& [name, endpoint] : v.items()) {
    if (name.rfind("_", 0) == 0) continue;
    AdminWebhookConfig parsed;
    if (Status s = ReadAdminWebhook(name, endpoint, key + "." + name, &parsed); !s.ok()) return s;
    endpoints.push_back(std::move(parsed));
  }
  c->admin_webhooks = std::move(endpoints);
  return Status::Ok();
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
      {"http.max_header_bytes", Int([](Config* c, long n) { c->http.max_header_bytes = n; }, 1024, 1L << 20)},
      {"http.request_timeout_s", Int([](Config* c, long n) { c->http.request_timeout_s = n; }, 1, 3600)},
      {"http.max_turns_in_flight", Int([](Config* c, long n) { c->http.max_turns_in_flight = n; }, 0, 100000)},
      {"http.retry_after_s", Int([](Config* c, long n) { c->http.retry_after_s = n; }, 1, 3600)},
      {"channels.api.per_client_per_minute",
       Int([](Config* c, long n) { c->api.per_client_per_minute = n; }, 0, 1000000)},
      {"channels.api.per_client_burst", Int([](Config* c, long n) { c->api.per_client_burst = n; }, 1, 1000000)},
      {"channels.api.per_address_per_minute",
       Int([](Config* c, long n) { c->api.per_address_per_minute = n; }, 0, 100000000)},
      {"channels.api.per_address_burst", Int([](Config* c, long n) { c->api.per_address_burst = n; }, 1, 100000000)},
      {"metrics.enabled", Bool([](Config* c) { return &c->metrics.enabled; })},
      {"metrics.active_session_minutes",
       Int([](Config* c, long n) { c->metrics.active_session_minutes = n; }, 1, 7 * 24 * 60)},
      {"metrics.gauge_cache_ms", Int([](Config* c, long n) { c->metrics.gauge_cache_ms = n; }, 0, 3600000)},
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
      // Counsellors' systems, told of case events (docs/admin-api.md).
      {"admin_webhooks", ReadAdminWebhooks},
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
      // The report's link (docs/reports.md).
      {"reports.link_ttl_hours",
       Int([](Config* c, long n) { c->reports.link_ttl_hours = n; }, 1, 24 * 3660)},
      {"reports.public_base_url",
       [](const json& v, const std::string& key, Config* c) {
         std::string url;
         if (Status s = StringOf(v, key, &url); !s.ok()) return s;
         while (!url.empty() && url.back() == '/') url.pop_back();
         const bool http = url.rfind("http://", 0) == 0 || url.rfind("https://", 0) == 0;
         if (!url.empty() && (!http || url.find_first_of(" ?#\"\\<>") != std::string::npos)) {
           return Status::InvalidArgument(key + ": must be an http:// or https:// address without query or fragment");
         }
         c->reports.public_base_url = url;
         return Status::Ok();
       }},
      // Retention of unfinished services (docs/operations.md).
      {"privacy.unfinished_retention_days",
       Int([](Config* c, long n) { c->privacy.unfinished_retention_days = n; }, 0, 3650)},
      // The client's copy of their data (docs/operations.md, "The client's own copy").
      {"privacy.export_link_ttl_hours",
       Int([](Config* c, long n) { c->privacy.export_link_ttl_hours = n; }, 1, 720)},
      // Scheduled backups (docs/operations.md).
      {"backup.interval_minutes",
       Int([](Config* c, long n) { c->backup.interval_minutes = n; }, 0, 366 * 24 * 60)},
      {"backup.dir", Str([](Config* c) { return &c->backup.dir; })},
      {"backup.keep", Int([](Config* c, long n) { c->backup.keep = n; }, 1, 100000)},
      // Encryption at rest (docs/operations.md).
      {"storage.key_file", Str([](Config* c) { return &c->storage.key_file; })},
      // Complaint handling (docs/admin-api.md): hours from the filing; checked
      // together in ValidateConfig (a later step is not due before an earlier one).
      {"complaints.time_limits.acknowledge_hours",
       Int([](Config* c, long n) { c->complaints.time_limits.acknowledge_hours = n; }, 1, 24 * 366)},
      {"complaints.time_limits.investigate_hours",
       Int([](Config* c, long n) { c->complaints.time_limits.investigate_hours = n; }, 1, 24 * 366)},
      {"complaints.time_limits.resolve_hours",
       Int([](Config* c, long n) { c->complaints.time_limits.resolve_hours = n; }, 1, 24 * 366)},
      {"complaints.time_limits.close_hours",
       Int([](Config* c, long n) { c->complaints.time_limits.close_hours = n; }, 1, 24 * 366)},
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
      {"widget.poll_interval_ms", Int([](Config* c, long n) { c->widget.poll_interval_ms = n; }, 1000, 60000)},
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
  return ValidateComplaintTimeLimits(config.complaints.time_limits);
}

}  // namespace careerbot::bot
