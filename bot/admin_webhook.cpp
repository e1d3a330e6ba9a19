#include "bot/admin_webhook.h"

#include <algorithm>
#include <nlohmann/json.hpp>

#include "adapters/crypto.h"
#include "adapters/sender.h"
#include "storage/store.h"

namespace careerbot::bot {
namespace {

using Json = nlohmann::ordered_json;
using Kind = adapters::ApiOutcome::Kind;

// The longest Retry-After honoured; a receiver asking for more gets the backoff.
constexpr int64_t kMaxRetryAfterS = 24 * 3600;

Status NewWebhookId(std::string* id) {
  std::string bytes;
  if (!adapters::RandomBytes(16, &bytes)) return Status::Internal("admin webhook: no random bytes for a webhook id");
  *id = "msg_" + adapters::HexLower(bytes);
  return Status::Ok();
}

bool Wants(const std::vector<std::string>& events, const std::string& type) {
  return events.empty() || std::find(events.begin(), events.end(), type) != events.end();
}

// The stored form of an event, read back: {"webhook_id", "type", "timestamp", "data"}.
struct StoredEvent {
  std::string webhook_id;
  std::string type;
  std::string timestamp;
  Json data;
};

bool ParseStoredEvent(const std::string& text, StoredEvent* out) {
  const Json j = Json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (!j.is_object()) return false;
  for (const char* field : {"webhook_id", "type", "timestamp"}) {
    if (!j.contains(field) || !j.at(field).is_string()) return false;
  }
  if (!j.contains("data") || !j.at("data").is_object()) return false;
  out->webhook_id = j.at("webhook_id").get<std::string>();
  out->type = j.at("type").get<std::string>();
  out->timestamp = j.at("timestamp").get<std::string>();
  out->data = j.at("data");
  return !out->webhook_id.empty() && IsAdminEventType(out->type);
}

int64_t RetryAfterMs(const adapters::HttpResponse& response) {
  auto it = response.headers.find("retry-after");
  int64_t seconds = 0;
  if (it == response.headers.end() || !adapters::ParseDecimal(it->second, &seconds)) return 0;
  return std::min(seconds, kMaxRetryAfterS) * 1000;
}

}  // namespace

Status AdminWebhooks::Open(const std::vector<AdminWebhookConfig>& config, AdminWebhooks* out) {
  std::map<std::string, Endpoint> endpoints;
  for (const AdminWebhookConfig& c : config) {
    Endpoint e;
    e.url = c.url;
    e.events = c.events;
    if (!adapters::StandardWebhookKey::Parse(c.secret, &e.key).ok()) {
      return Status::InvalidArgument("admin_webhooks." + c.key + ".secret: must be a Standard Webhooks secret");
    }
    endpoints[c.key] = std::move(e);
  }
  out->endpoints_ = std::move(endpoints);
  return Status::Ok();
}

Status AdminWebhooks::Requests(const std::vector<AdminEvent>& events,
                               std::vector<storage::OutboxRequest>* out) const {
  std::vector<storage::OutboxRequest> made;
  for (const AdminEvent& event : events) {
    const Json data = Json::parse(event.data_json, nullptr, /*allow_exceptions=*/false);
    if (!IsAdminEventType(event.type) || !data.is_object()) {
      return Status::InvalidArgument("admin webhook: not an event: " + event.type);
    }
    for (const auto& [key, endpoint] : endpoints_) {
      if (!Wants(endpoint.events, event.type)) continue;
      std::string id;
      if (Status s = NewWebhookId(&id); !s.ok()) return s;
      const Json stored = {
          {"webhook_id", id}, {"type", event.type}, {"timestamp", IsoTimestamp(event.at_ms)}, {"data", data}};
      made.push_back({{kAdminWebhookChannel, key}, stored.dump()});
    }
  }
  out->insert(out->end(), std::make_move_iterator(made.begin()), std::make_move_iterator(made.end()));
  return Status::Ok();
}

Status AdminWebhooks::BuildRequest(const storage::OutboxEntry& entry, int64_t now_ms,
                                   adapters::OutboundRequest* out) const {
  StoredEvent event;
  if (entry.channel != kAdminWebhookChannel || !ParseStoredEvent(entry.request_json, &event)) {
    return Status::InvalidArgument("admin webhook: the outbox entry is not an admin event");
  }
  auto endpoint = endpoints_.find(entry.account);
  if (endpoint == endpoints_.end()) {
    return Status::NotFound("admin_webhooks." + entry.account + " is not configured");
  }
  // The Standard Webhooks payload; the case id first, then the event's own data.
  Json data = {{"client_id", entry.client_id}};
  for (auto& [name, value] : event.data.items()) data[name] = value;
  const Json payload = {{"type", event.type}, {"timestamp", event.timestamp}, {"data", data}};
  const std::string body = payload.dump();
  const int64_t timestamp_s = now_ms / 1000;
  const std::string signature = endpoint->second.key.Sign(event.webhook_id, timestamp_s, body);
  if (signature.empty()) return Status::Internal("admin webhook: cannot compute the signature");

  adapters::OutboundRequest request;
  request.method = "POST";
  request.url = endpoint->second.url;
  request.headers = {{"Content-Type", "application/json"},
                     {"webhook-id", event.webhook_id},
                     {"webhook-timestamp", std::to_string(timestamp_s)},
                     {"webhook-signature", signature}};
  request.body = body;
  request.auth = adapters::Auth::kNone;
  *out = std::move(request);
  return Status::Ok();
}

adapters::ApiOutcome AdminWebhooks::Deliver(const storage::OutboxEntry& entry, adapters::HttpClient* http,
                                            int64_t now_ms) const {
  adapters::OutboundRequest request;
  if (Status s = BuildRequest(entry, now_ms, &request); !s.ok()) {
    // A lost key or a malformed entry does not mend itself by waiting.
    return {s.code() == Status::Code::kInternal ? Kind::kRetry : Kind::kPermanent, 0, s.message()};
  }
  const adapters::HttpResponse response = http->Send(request);
  if (response.status >= 200 && response.status < 300) return {Kind::kOk, 0, ""};
  if (response.status == 0) return {Kind::kRetry, 0, "no answer from the admin webhook"};
  const std::string error = "HTTP " + std::to_string(response.status);
  // 410 Gone: the receiver says this endpoint is no more (Standard Webhooks' convention).
  if (response.status == 410) return {Kind::kPermanent, 0, error};
  return {Kind::kRetry, RetryAfterMs(response), error};
}

Status QueueAdminEvent(storage::Store& store, const AdminWebhooks& webhooks, int64_t client_id,
                       const AdminEvent& event, size_t* queued) {
  if (queued != nullptr) *queued = 0;
  std::vector<storage::OutboxRequest> requests;
  if (Status s = webhooks.Requests({event}, &requests); !s.ok()) return s;
  if (requests.empty()) return Status::Ok();
  if (Status s = store.QueueOutbox(client_id, requests, event.at_ms); !s.ok()) return s;
  if (queued != nullptr) *queued = requests.size();
  return Status::Ok();
}

}  // namespace careerbot::bot
