// The server's configuration: a JSON file whose every key has a documented default
// (docs/configuration.md; config/careerbot.json is the annotated example), then
// the environment (CAREERBOT_LISTEN, CAREERBOT_DATA_DIR), then command-line flags.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "base/status.h"
#include "bot/complaint_workflow.h"

namespace careerbot::bot {

struct InstitutionConfig {
  std::string name = "careerbot";
  std::string registration_no;
  std::string contact;
};

struct HttpConfig {
  size_t max_body_bytes = 64 * 1024;
  int threads = 32;
  int read_timeout_s = 10;
  int write_timeout_s = 10;
  int keep_alive_max_count = 1000;
  int keep_alive_timeout_s = 5;
  int listen_backlog = 1024;
  // A request whose line and headers exceed this is answered 431 and its
  // connection closed; one whose head and body have not arrived within
  // request_timeout_s of its first byte is answered 408 (slow clients).
  size_t max_header_bytes = 16384;
  int request_timeout_s = 30;
  // Turns of the JSON channel running at once; more are answered 503 with
  // Retry-After: retry_after_s at once. 0: no bound.
  int max_turns_in_flight = 512;
  int retry_after_s = 1;
};

struct ApiChannelConfig {
  bool enabled = true;
  // The Standard Webhooks secret ("whsec_…"); empty: requests are not signed.
  std::string secret;
  int timestamp_tolerance_s = 300;
  // Token buckets (429 with Retry-After): per client ("user" of the request) and
  // per client address. Per address is off (0) by default: a backend that relays
  // many users calls from one address.
  int per_client_per_minute = 600;
  int per_client_burst = 100;
  int per_address_per_minute = 0;
  int per_address_burst = 1000;
};

// One messaging-channel account, "channels.<platform>.<key>". The object is kept
// as JSON text and handed to adapters::MakeChannel when the server starts; the
// same call checked it when the configuration was read, so a bad entry stops
// check-config and start-up alike, naming its key.
struct ChannelAccountConfig {
  std::string platform;  // wechat | wecom | feishu | dingtalk | telegram
  std::string key;       // the {account} of the route: 1-64 of [A-Za-z0-9_-]
  std::string json;
};

struct ChannelsConfig {
  std::vector<ChannelAccountConfig> accounts;
  // How long a channel request waits for its turn before it is answered with the
  // platform's acknowledgement and the turn's replies go out through the outbox.
  // Under the shortest platform window (Feishu: 3 s; WeChat: 5 s). 0: always.
  int reply_budget_ms = 2500;
};

// Delivery of the outbox (replies through the platforms' APIs).
struct OutboxConfig {
  int max_attempts = 12;           // then the entry is kept as failed
  int backoff_initial_ms = 2000;   // before the 2nd attempt; doubles each time …
  int backoff_max_ms = 1800000;    // … up to this; each wait is jittered to 50-100 %
  int senders = 4;                 // deliveries in parallel (never two of one client to one destination)
  int http_timeout_s = 10;         // connect, read and write timeout of one API call
  // API calls per minute per account, under each platform's published limit
  // (DingTalk robots: 20 a minute; Telegram: about 30 a second; Feishu: 50 a second
  // per app); WeChat and WeCom publish daily quotas, so theirs are only a brake.
  std::map<std::string, int> per_minute = {
      {"wechat", 1200}, {"wecom", 1200}, {"feishu", 3000}, {"dingtalk", 20}, {"telegram", 1800}};
};

// One endpoint of the admin webhook, "admin_webhooks.<key>" (docs/admin-api.md):
// counsellors' systems receive the case events there, signed the Standard
// Webhooks way. Checked when read: an http(s) URL, a "whsec_" secret, known events.
struct AdminWebhookConfig {
  std::string key;     // 1-64 of [A-Za-z0-9_-]; names the endpoint in the outbox and logs
  std::string url;     // where events are POSTed
  std::string secret;  // "whsec_" + base64; read at each delivery, never stored elsewhere
  std::vector<std::string> events;  // the event types it wants; empty: every one
};

struct CrisisHotline {
  std::string name_zh, name_en, number;
};

// The website chat widget (docs/widget.md).
struct WidgetConfig {
  bool enabled = true;
  // The key visitor ids are signed with (at least 16 bytes); empty: a random key is
  // generated on first start and kept in DATA_DIR/widget.secret (mode 0600).
  std::string secret;
  // Origins ("https://example.org", scheme://host[:port]) of the pages that may
  // embed the widget; "*" allows any. The server's own pages always may.
  std::vector<std::string> allowed_origins;
  // Per visitor (messages and history requests): a token bucket of `burst` requests,
  // refilled at `messages_per_minute`.
  int messages_per_minute = 60;
  int burst = 30;
  // New visitor ids per client address (as the server sees it) and minute.
  int visitors_per_minute = 20;
  // The history shown after a reload: at most this many of the last turns.
  int history_max_turns = 200;
  // While a counsellor was asked for or talks with the visitor, the widget fetches
  // what they wrote (GET /widget/api/v1/updates) this often; the answers say so
  // (next_poll_ms). Fetches have a limit of their own: twice this rate, at least 1/s.
  int poll_interval_ms = 3000;
};

// How long what clients told us is kept (docs/operations.md, "Retention").
struct PrivacyConfig {
  // A client who never accepted the service agreement and has been silent this
  // many days has their personal data erased (bot/retention.h); 0 keeps it.
  int unfinished_retention_days = 30;
  // How long the link to a client's copy of their data ("export my data",
  // bot/export_link.h) works, in hours; at reports.public_base_url + "/x/".
  int export_link_ttl_hours = 24;
};

// Scheduled online backups while serving (docs/operations.md).
struct BackupConfig {
  int interval_minutes = 0;  // 0: no scheduled backups
  std::string dir;           // empty: DATA_DIR/backups
  int keep = 7;              // the newest this many scheduled backups are kept
};

// Encryption at rest (docs/operations.md): where the data keys are. The
// environment variable CAREERBOT_DATA_KEY, when set, wins over key_file; with
// neither, DATA_DIR/data.key (created on the first start).
struct StorageConfig {
  std::string key_file;
};

// Case archives (docs/operations.md).
struct ArchiveConfig {
  // {category} (GR individual, QY enterprise), {year}, {seq:N} (N digits, zero-padded).
  std::string format = "{category}-{year}-{seq:6}";
};

// Complaint handling (S-6.2): the time limit of each state (bot/complaint_workflow.h).
struct ComplaintsConfig {
  ComplaintTimeLimits time_limits;
};

// The career-planning report's link (docs/reports.md).
struct ReportsConfig {
  // How long the link a client receives with a finalized report works.
  int link_ttl_hours = 720;
  // The address clients reach the server at ("https://careers.example.org", no
  // trailing slash): links are public_base_url + "/r/" + token. Empty: http://LISTEN,
  // fine only when clients reach the server at its listen address.
  std::string public_base_url;
};

// GET /metrics (docs/operations.md).
struct MetricsConfig {
  bool enabled = true;
  int active_session_minutes = 30;  // careerbot_sessions_active counts sessions changed within this
  int gauge_cache_ms = 1000;        // the store's gauges are read at most this often
};

struct Config {
  std::string listen = "127.0.0.1:8080";
  std::string data_dir = "./data";
  std::string knowledge_dir;  // empty: the directory built into the binary
  InstitutionConfig institution;
  HttpConfig http;
  ApiChannelConfig api;
  ChannelsConfig channels;
  OutboxConfig outbox;
  std::vector<AdminWebhookConfig> admin_webhooks;
  // Replaces the hotlines of knowledge/data/distress.json when not empty.
  std::vector<CrisisHotline> crisis_hotlines;
  // A client who writes again after this many hours in the middle of the service is
  // asked whether to continue or start again; 0 turns it off.
  int session_inactivity_hours = 24;
  WidgetConfig widget;
  BackupConfig backup;
  PrivacyConfig privacy;
  StorageConfig storage;
  ArchiveConfig archive;
  ComplaintsConfig complaints;
  ReportsConfig reports;
  MetricsConfig metrics;

  // backup.dir, or DATA_DIR/backups when it is empty.
  std::string backup_dir() const;

  // The listen address split; valid after a successful load.
  std::string host() const;
  int port() const;
};

// Reads `path` over the defaults. Unknown keys, wrong types and out-of-range
// values are InvalidArgument naming the file and the key path
// ("careerbot.json: http.max_body_bytes: must be an integer from 1024 to 67108864").
// A secret may be given as "secret", or read from "secret_env" (an environment
// variable's name) or "secret_file" (a file's path), so it need not sit in the file.
Status LoadConfigFile(const std::string& path, Config* config);
Status ParseConfigJson(const std::string& text, const std::string& source_name, Config* config);

// Applies CAREERBOT_LISTEN and CAREERBOT_DATA_DIR when set.
Status ApplyEnvironment(Config* config);

// Checks values that flags and the environment may also set (the listen address).
Status ValidateConfig(const Config& config);

}  // namespace careerbot::bot
