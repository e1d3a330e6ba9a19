// AdminWebhooks: the configured admin webhook endpoints (admin_webhooks.<key>),
// how their events wait in the outbox, and how one is delivered.
//
// An event is queued as one outbox entry per endpoint that wants it, destination
// ("admin_webhook", endpoint key), in the transaction of what caused it (the
// turn, or an admin action through QueueAdminEvent), so that none is lost by a
// crash and none is sent for something that was not committed. The entry holds
// the event and its webhook id, never the URL or the secret: those are read
// from the configuration at each attempt, so a rotated secret or a moved URL
// applies to events already queued. Each attempt is signed anew
// (Standard Webhooks: webhook-id, webhook-timestamp of the attempt,
// webhook-signature), with the same id and body on every retry.
//
// Read-only after Open: safe to use from many threads.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "adapters/channel.h"
#include "adapters/standard_webhooks.h"
#include "base/status.h"
#include "bot/admin_webhook_events.h"
#include "bot/config.h"
#include "storage/records.h"

namespace careerbot::adapters {
class HttpClient;
}
namespace careerbot::storage {
class Store;
}

namespace careerbot::bot {

// The outbox destination channel of the admin webhook; the account is the
// endpoint's key. No messaging channel has this name.
inline constexpr char kAdminWebhookChannel[] = "admin_webhook";

class AdminWebhooks {
 public:
  // Parses the endpoints' secrets (checked when the configuration was read, so
  // an error here names the endpoint, never the secret).
  static Status Open(const std::vector<AdminWebhookConfig>& config, AdminWebhooks* out);

  bool empty() const { return endpoints_.empty(); }

  // Appends to *out one request per event and endpoint that wants it, each with
  // a new webhook id ("msg_" and 32 hex digits). Internal when the system's
  // random source fails (*out is then unchanged).
  Status Requests(const std::vector<AdminEvent>& events, std::vector<storage::OutboxRequest>* out) const;

  // The HTTP request of one attempt of an entry Requests queued, signed for
  // now_ms. InvalidArgument when the entry is not such an entry, NotFound when
  // its endpoint is no longer configured.
  Status BuildRequest(const storage::OutboxEntry& entry, int64_t now_ms,
                      adapters::OutboundRequest* out) const;

  // One attempt: any 2xx is delivered; 410 Gone, an unconfigured endpoint or a
  // malformed entry is permanent; anything else (no answer, 3xx, 4xx, 5xx) is
  // retried, not before a 429/503's Retry-After.
  adapters::ApiOutcome Deliver(const storage::OutboxEntry& entry, adapters::HttpClient* http,
                               int64_t now_ms) const;

 private:
  struct Endpoint {
    std::string url;
    adapters::StandardWebhookKey key;
    std::vector<std::string> events;  // empty: every one
  };
  std::map<std::string, Endpoint> endpoints_;  // by key
};

// Queues `event` for the client's case outside a turn (an admin action, e.g.
// report.finalized from ReportFinalizedEvent), for every endpoint that wants it,
// in one transaction. *queued (optional) receives how many entries; 0 when no
// endpoint wants it (nothing is then written or checked). InvalidArgument for an
// unknown event type or data that is not a JSON object; NotFound for an unknown
// client; the store's error otherwise (nothing queued). The caller then wakes the outbox worker
// (RouteContext::wake_outbox), or the event waits for its next look.
Status QueueAdminEvent(storage::Store& store, const AdminWebhooks& webhooks, int64_t client_id,
                       const AdminEvent& event, size_t* queued);

}  // namespace careerbot::bot
