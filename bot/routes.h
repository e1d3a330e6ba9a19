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
#include "bot/config.h"

namespace careerbot::storage {
class Store;
}

namespace careerbot::bot {

class AdminWebhooks;
class ConversationService;

// What every route group may use; owned by the server, alive while it serves.
struct RouteContext {
  const Config& config;
  ConversationService& conversations;
  storage::Store& store;
  // The messaging-channel accounts (null: no channel routes), and what tells the
  // outbox worker that a turn queued something (may be empty).
  const ChannelMap* channels = nullptr;
  std::function<void()> wake_outbox;
  // The admin webhook's endpoints (null: none), for routes whose admin actions
  // queue events (QueueAdminEvent, then wake_outbox).
  const AdminWebhooks* webhooks = nullptr;
};

// Answers with the error JSON of DESIGN.md and the HTTP status of the code;
// internal details never reach the caller.
void SendError(httplib::Response& res, const Status& status);

int64_t NowMs();

// Checks configuration the routes need (a secret that does not parse) before the
// server binds; then installs the routes.
Status InstallApiRoutes(httplib::Server& server, const RouteContext& context);

// The messaging channels' webhooks (channel_routes.cpp). Their turns run on a pool
// of their own, so that a slow one is acknowledged within the platform's window;
// *drain is set to what waits for those turns once the server has stopped.
Status InstallChannelRoutes(httplib::Server& server, const RouteContext& context, std::function<void()>* drain);

}  // namespace careerbot::bot
