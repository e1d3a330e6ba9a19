// POST /api/v1/messages: the generic JSON channel of DESIGN.md, with its limits:
// per-address and per-client rate limits (429), and the bound on turns in flight
// (503), each with Retry-After and the error JSON, each before anything changes.
#include <memory>

#include "adapters/json_api.h"
#include "adapters/standard_webhooks.h"
#include "bot/conversation_service.h"
#include "bot/log.h"
#include "bot/rate_limiter.h"
#include "bot/routes.h"
#include "bot/turn_limiter.h"

namespace careerbot::bot {
namespace {

constexpr char kJson[] = "application/json";

bool IsJsonContentType(const std::string& value) { return value.rfind("application/json", 0) == 0; }

// What the caller is told when the store cannot take the turn: the cause in a
// few words (the store's own message names tables and SQLite codes), and that
// nothing was kept, so the same message (same id) may be sent again.
Status StoreUnavailable(const Status& s) {
  const std::string& m = s.message();
  // A file-size limit or a failing disk is an I/O error to SQLite, ENOSPC "full".
  const char* cause = m.find("disk is full") != std::string::npos     ? "the database is full"
                      : m.find("holds the lock") != std::string::npos ? "the database is locked by another process"
                      : m.find("moved or deleted") != std::string::npos
                          ? "the database is read-only: its file was moved or deleted while the server ran"
                      : m.find("read-only") != std::string::npos ? "the database is read-only"
                      : m.find("I/O error") != std::string::npos
                          ? "the database cannot be written (the disk is full or failing)"
                          : "the database is unavailable";
  return Status::Unavailable(std::string("the turn could not be stored: ") + cause +
                             "; nothing was kept, send the same message again later");
}

class ApiRoute {
 public:
  ApiRoute(const RouteContext& context, std::optional<adapters::StandardWebhookKey> key)
      : context_(context), key_(std::move(key)) {
    const ApiChannelConfig& api = context.config.api;
    if (api.per_client_per_minute > 0) {
      per_client_ = std::make_unique<RateLimiter>(api.per_client_per_minute, api.per_client_burst);
    }
    if (api.per_address_per_minute > 0) {
      per_address_ = std::make_unique<RateLimiter>(api.per_address_per_minute, api.per_address_burst);
    }
  }

  void Handle(const httplib::Request& req, httplib::Response& res) const {
    const int64_t now_ms = context_.now_ms();
    // The address first: it needs nothing parsed, so a flood costs the least.
    if (per_address_ && !Allow(*per_address_, req.remote_addr, now_ms, "this address", res)) return;
    if (req.has_header("Content-Type") && !IsJsonContentType(req.get_header_value("Content-Type"))) {
      return SendError(res, Status::InvalidArgument("Content-Type must be application/json"));
    }
    if (key_) {
      Status s = key_->Verify(req.get_header_value("webhook-id"), req.get_header_value("webhook-timestamp"),
                              req.get_header_value("webhook-signature"), req.body, now_ms / 1000,
                              context_.config.api.timestamp_tolerance_s);
      if (!s.ok()) return SendError(res, s);
    }
    dialog::Inbound inbound;
    if (Status s = adapters::ParseApiMessage(req.body, now_ms, &inbound); !s.ok()) return SendError(res, s);
    if (per_client_ && !Allow(*per_client_, inbound.user, now_ms, "this client", res)) return;
    const TurnLimiter::Permit permit = context_.turns->TryAcquire();
    if (!permit) {
      res.set_header("Retry-After", std::to_string(context_.config.http.retry_after_s));
      return SendError(res, Status::Unavailable("the server is at its limit of turns in flight; try again shortly"));
    }
    dialog::TurnAnswer answer;
    if (Status s = context_.conversations.HandleTurn(inbound, &answer); !s.ok()) {
      LogError("turn_failed", {{"channel", "api"}, {"error", s.ToString()}});
      if (s.code() == Status::Code::kUnavailable) return SendError(res, StoreUnavailable(s));
      return SendError(res, s);
    }
    res.set_content(adapters::RenderApiAnswer(answer), kJson);
  }

 private:
  // True when `key` may proceed; else answers 429 with Retry-After.
  static bool Allow(RateLimiter& limiter, const std::string& key, int64_t now_ms, const char* who,
                    httplib::Response& res) {
    int retry_after_s = 1;
    if (limiter.Allow(key, now_ms, &retry_after_s)) return true;
    res.set_header("Retry-After", std::to_string(retry_after_s));
    SendError(res, Status::ResourceExhausted(std::string("too many requests from ") + who +
                                             "; try again after Retry-After seconds"));
    return false;
  }

  const RouteContext& context_;
  std::optional<adapters::StandardWebhookKey> key_;
  std::unique_ptr<RateLimiter> per_client_, per_address_;
};

}  // namespace

Status InstallApiRoutes(httplib::Server& server, const RouteContext& context) {
  if (!context.config.api.enabled) return Status::Ok();
  std::optional<adapters::StandardWebhookKey> key;
  if (!context.config.api.secret.empty()) {
    adapters::StandardWebhookKey parsed;
    if (Status s = adapters::StandardWebhookKey::Parse(context.config.api.secret, &parsed); !s.ok()) {
      return Status::InvalidArgument("channels.api.secret: " + s.message());
    }
    key = parsed;
  }
  auto route = std::make_shared<ApiRoute>(context, key);
  server.Post("/api/v1/messages",
              [route](const httplib::Request& req, httplib::Response& res) { route->Handle(req, res); });
  return Status::Ok();
}

}  // namespace careerbot::bot
