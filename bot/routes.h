// The route groups of the HTTP server, one file each (api_routes.cpp, later the
// messaging channels, the widget and the admin API). Private to bot/: the only
// header besides http_server.cpp that includes httplib.h, so the library stays in
// the few translation units that serve HTTP.
#pragma once

#include <httplib.h>

#include <cstdint>
#include <functional>
#include <string>

#include "base/status.h"
#include "bot/channel_accounts.h"
#include "bot/complaint_workflow.h"
#include "bot/config.h"

namespace careerbot::knowledge {
struct KnowledgeBase;
}
namespace careerbot::storage {
class Store;
}

namespace careerbot::bot {

class AdminWebhooks;
class ConversationService;
class TurnLimiter;

// What every route group may use; owned by the server, alive while it serves.
struct RouteContext {
  const Config& config;
  ConversationService& conversations;
  storage::Store& store;
  // The messaging-channel accounts (null: no channel routes), and what tells the
  // outbox worker that a turn queued something (may be empty).
  const ChannelMap* channels = nullptr;
  std::function<void()> wake_outbox;
  // What the report routes draft from (null: no report routes).
  const knowledge::KnowledgeBase* knowledge = nullptr;
  // Where every route reads the time (empty: NowMs); tests pass a fake clock.
  // Routes call now_ms(), never NowMs(), so that the clock a test sets is the
  // one every time a route records or compares (an expiry, a rate limit) follows.
  std::function<int64_t()> clock;
  // Delivers a counsellor's answer to a complaint into the client's channel
  // (bot/complaint_workflow.h); called after the answer is stored. May be empty:
  // the answer is then only kept with the complaint.
  ComplaintAnsweredHook complaint_answered;

  // The bound on turns running at once (http.max_turns_in_flight); never null
  // while the server serves.
  TurnLimiter* turns = nullptr;

  // The admin webhook's endpoints (null: none), for routes whose admin actions
  // queue events (QueueAdminEvent, then wake_outbox).
  const AdminWebhooks* webhooks = nullptr;

  int64_t now_ms() const;
};

// Answers with the error JSON of DESIGN.md and the HTTP status of the code;
// internal details never reach the caller. A 503 without a Retry-After header
// gets "Retry-After: 1" (what is unavailable now is expected back soon); callers
// that know better set the header first. Counted in /metrics by code.
void SendError(httplib::Response& res, const Status& status);

// The wall clock, what RouteContext::now_ms() reads without a clock of its
// own; routes call now_ms().
int64_t NowMs();

// Tells the client a counsellor's answer to their complaint, in their channel, as
// a staff turn (admin_counsel_routes.cpp). A failure is logged: the answer is kept
// with the complaint either way.
ComplaintAnsweredHook ComplaintAnswerDelivery(const RouteContext& context);

// Gives the client the link to a finalized report version in their channel, as a
// staff turn (admin_counsel_routes.cpp). *pushed (optional): queued for their
// platform, else it comes with their next answer.
Status TellReportReady(const RouteContext& context, int64_t client_id, int64_t staff_id, int version,
                       const std::string& url, bool* pushed);

// Checks configuration the routes need (a secret that does not parse) before the
// server binds; then installs the routes.
Status InstallApiRoutes(httplib::Server& server, const RouteContext& context);

// The client's report page, GET /r/{token} (report_routes.cpp); needs context.knowledge.
void InstallReportPageRoute(httplib::Server& server, const RouteContext& context);

// The client's copy of their data, GET /x/{token} (export_routes.cpp,
// bot/export_link.h).
void InstallExportLinkRoute(httplib::Server& server, const RouteContext& context);

// The messaging channels' webhooks (channel_routes.cpp). Their turns run on a pool
// of their own, so that a slow one is acknowledged within the platform's window;
// *drain is set to what waits for those turns once the server has stopped.
Status InstallChannelRoutes(httplib::Server& server, const RouteContext& context, std::function<void()>* drain);

}  // namespace careerbot::bot
