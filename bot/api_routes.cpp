// POST /api/v1/messages: the generic JSON channel of DESIGN.md.
#include <memory>

#include "adapters/json_api.h"
#include "adapters/standard_webhooks.h"
#include "bot/conversation_service.h"
#include "bot/log.h"
#include "bot/routes.h"

namespace careerbot::bot {
namespace {

constexpr char kJson[] = "application/json";

bool IsJsonContentType(const std::string& value) { return value.rfind("application/json", 0) == 0; }

class ApiRoute {
 public:
  ApiRoute(const RouteContext& context, std::optional<adapters::StandardWebhookKey> key)
      : context_(context), key_(std::move(key)) {}

  void Handle(const httplib::Request& req, httplib::Response& res) const {
    if (req.has_header("Content-Type") && !IsJsonContentType(req.get_header_value("Content-Type"))) {
      return SendError(res, Status::InvalidArgument("Content-Type must be application/json"));
    }
    if (key_) {
      Status s = key_->Verify(req.get_header_value("webhook-id"), req.get_header_value("webhook-timestamp"),
                              req.get_header_value("webhook-signature"), req.body, NowMs() / 1000,
                              context_.config.api.timestamp_tolerance_s);
      if (!s.ok()) return SendError(res, s);
    }
    dialog::Inbound inbound;
    if (Status s = adapters::ParseApiMessage(req.body, NowMs(), &inbound); !s.ok()) return SendError(res, s);
    dialog::TurnAnswer answer;
    if (Status s = context_.conversations.HandleTurn(inbound, &answer); !s.ok()) {
      LogError("turn_failed", {{"channel", "api"}, {"error", s.ToString()}});
      return SendError(res, s);
    }
    res.set_content(adapters::RenderApiAnswer(answer), kJson);
  }

 private:
  const RouteContext& context_;
  std::optional<adapters::StandardWebhookKey> key_;
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
