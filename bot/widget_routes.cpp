#include "bot/widget_routes.h"

#include <algorithm>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "adapters/crypto.h"
#include "adapters/widget_api.h"
#include "adapters/widget_assets.h"
#include "adapters/widget_visitor.h"
#include "bot/conversation_service.h"
#include "bot/log.h"
#include "bot/rate_limiter.h"
#include "bot/runtime.h"
#include "bot/widget_history.h"
#include "bot/widget_secret.h"
#include "dialog/session_context.h"
#include "knowledge/text_catalog.h"
#include "storage/store.h"

namespace careerbot::bot {
namespace {

constexpr char kJson[] = "application/json";
constexpr char kVisitorHeader[] = "X-Careerbot-Visitor";
constexpr char kApiPaths[] = R"(/widget/api/v1/(strings|visitors|history|messages|updates))";
// The fetches of updates a visitor may make: a burst (a reload, several tabs) and
// a rate of twice the poll interval's, at least one a second. Enough for any page
// that polls as told; a bound for one that does not.
constexpr int kUpdatesBurst = 10;
constexpr int kUpdatesMinPerMinute = 60;

// The keys of texts.json the widget shows (careerbot.js names them, the server
// sends their texts); start-up refuses a catalog without one of them.
const std::vector<std::string>& WidgetTextKeys() {
  static const std::vector<std::string> keys = {
      "widget.launcher", "widget.title",    "widget.close",        "widget.input_label", "widget.placeholder",
      "widget.send",     "widget.retry",    "widget.retrying",     "widget.rate_limited", "widget.failed",
      "widget.error",    "widget.typing",   "widget.progress",     "widget.progress_label", "widget.you",
      "widget.bot",      "widget.new_tab",  "widget.choices_label"};
  return keys;
}

Status BuildStrings(const Config& config, std::string* json_text) {
  knowledge::TextCatalog texts;
  if (Status s = knowledge::TextCatalog::LoadFile(KnowledgeDir(config) + "/texts.json", &texts); !s.ok()) {
    return s;
  }
  if (Status s = texts.Require(WidgetTextKeys()); !s.ok()) return s;
  if (Status s = texts.RequirePlaceholders("widget.progress", {"done", "total"}); !s.ok()) return s;
  nlohmann::ordered_json root;
  for (knowledge::Lang lang : knowledge::kAllLangs) {
    nlohmann::ordered_json table = nlohmann::ordered_json::object();
    // Without parameters the placeholders stay, for the widget to fill.
    for (const std::string& key : WidgetTextKeys()) table[key] = texts.Render(key, lang);
    root[knowledge::LangCode(lang)] = std::move(table);
  }
  *json_text = root.dump(-1, ' ', /*ensure_ascii=*/false, nlohmann::ordered_json::error_handler_t::replace);
  return Status::Ok();
}

std::string ETagOf(const std::string& body) { return "\"" + adapters::Sha256Hex(body).substr(0, 32) + "\""; }

// A cached answer that the browser revalidates by its ETag after `max_age_s`.
void SendCached(const httplib::Request& req, httplib::Response& res, std::string_view body,
                std::string_view content_type, std::string_view etag, const char* cache_control) {
  res.set_header("Cache-Control", cache_control);
  res.set_header("ETag", std::string(etag));
  res.set_header("X-Content-Type-Options", "nosniff");
  if (req.get_header_value("If-None-Match") == etag) {
    res.status = 304;
    return;
  }
  res.set_content(std::string(body), std::string(content_type));
}

class WidgetRoutes {
 public:
  WidgetRoutes(const RouteContext& context, adapters::VisitorSigner signer, std::string strings)
      : context_(context),
        config_(context.config.widget),
        signer_(std::move(signer)),
        strings_(std::move(strings)),
        strings_etag_(ETagOf(strings_)),
        visitor_limit_(config_.messages_per_minute, config_.burst),
        address_limit_(config_.visitors_per_minute, config_.visitors_per_minute),
        updates_limit_(std::max(kUpdatesMinPerMinute, 2 * 60000 / config_.poll_interval_ms), kUpdatesBurst) {}

  void Install(httplib::Server& server, std::shared_ptr<WidgetRoutes> self) {
    server.Get("/widget", [](const httplib::Request&, httplib::Response& res) { res.set_redirect("/widget/", 301); });
    server.Get("/widget/", [self](const httplib::Request& req, httplib::Response& res) { self->Asset(req, res, "index.html"); });
    server.Get(R"(/widget/([A-Za-z0-9_-]+\.[a-z]+))", [self](const httplib::Request& req, httplib::Response& res) {
      self->Asset(req, res, req.matches[1].str());
    });
    server.Get("/widget/api/v1/strings", [self](const httplib::Request& req, httplib::Response& res) { self->Strings(req, res); });
    server.Post("/widget/api/v1/visitors", [self](const httplib::Request& req, httplib::Response& res) { self->Visitors(req, res); });
    server.Get("/widget/api/v1/history", [self](const httplib::Request& req, httplib::Response& res) { self->History(req, res); });
    server.Post("/widget/api/v1/messages", [self](const httplib::Request& req, httplib::Response& res) { self->Message(req, res); });
    server.Get("/widget/api/v1/updates", [self](const httplib::Request& req, httplib::Response& res) { self->Updates(req, res); });
    server.Options(kApiPaths, [self](const httplib::Request& req, httplib::Response& res) { self->Preflight(req, res); });
  }

 private:
  void Asset(const httplib::Request& req, httplib::Response& res, const std::string& name) const {
    const adapters::WidgetAsset* asset = adapters::FindWidgetAsset(name);
    if (!asset) return SendError(res, Status::NotFound("no such file"));
    if (name == "index.html") {
      // The demo page runs only this server's script and talks only to it.
      res.set_header("Content-Security-Policy",
                     "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; "
                     "img-src 'self' data:; base-uri 'none'; form-action 'none'; frame-ancestors 'self'");
      res.set_header("Referrer-Policy", "no-referrer");
      return SendCached(req, res, asset->body, asset->content_type, asset->etag, "no-cache");
    }
    // Other sites load the script and its style sheet, under a URL without a version:
    // a short max-age, then a cheap revalidation by ETag.
    res.set_header("Cross-Origin-Resource-Policy", "cross-origin");
    SendCached(req, res, asset->body, asset->content_type, asset->etag, "public, max-age=300");
  }

  void Strings(const httplib::Request& req, httplib::Response& res) const {
    if (!AllowOrigin(req, res)) return;
    SendCached(req, res, strings_, kJson, strings_etag_, "public, max-age=300");
  }

  void Visitors(const httplib::Request& req, httplib::Response& res) {
    if (!AllowOrigin(req, res)) return;
    res.set_header("Cache-Control", "no-store");
    if (!Limit(address_limit_, req.remote_addr, res)) return;
    std::string token;
    if (Status s = signer_.Issue(&token); !s.ok()) return SendError(res, s);
    res.set_content(adapters::RenderWidgetVisitor(token), kJson);
  }

  void History(const httplib::Request& req, httplib::Response& res) {
    std::string visitor;
    if (!AllowOrigin(req, res) || !Authenticate(req, res, &visitor) || !Limit(visitor_limit_, visitor, res)) return;
    adapters::WidgetHistory history;
    if (Status s = LoadWidgetHistory(context_.store, KeyOf(visitor), config_.history_max_turns, &history); !s.ok()) {
      LogError("widget_history_failed", {{"error", s.ToString()}});
      return SendError(res, s);
    }
    history.next_poll_ms = NextPoll(KeyOf(visitor));
    res.set_content(adapters::RenderWidgetHistory(history), kJson);
  }

  void Message(const httplib::Request& req, httplib::Response& res) {
    std::string visitor;
    if (!AllowOrigin(req, res) || !Authenticate(req, res, &visitor) || !Limit(visitor_limit_, visitor, res)) return;
    if (req.get_header_value("Content-Type").rfind(kJson, 0) != 0) {
      return SendError(res, Status::InvalidArgument("Content-Type must be application/json"));
    }
    dialog::Inbound inbound;
    bool open = false;
    if (Status s = adapters::ParseWidgetMessage(req.body, visitor, context_.now_ms(), &inbound, &open); !s.ok()) {
      return SendError(res, s);
    }
    const storage::ClientKey key = KeyOf(visitor);
    if (open) {
      // Opening the chat again with a conversation kept: remind, do not welcome.
      std::optional<storage::StoredSession> session;
      if (Status s = context_.store.LoadSession(key, &session); !s.ok()) return SendError(res, s);
      inbound.signal = session ? dialog::Inbound::Signal::kResume : dialog::Inbound::Signal::kNone;
    }
    dialog::TurnAnswer answer;
    if (Status s = context_.conversations.HandleTurn(inbound, &answer); !s.ok()) {
      LogError("turn_failed", {{"channel", adapters::kWidgetChannel}, {"error", s.ToString()}});
      return SendError(res, s);
    }
    res.set_content(adapters::RenderWidgetAnswer(answer, SessionLang(key), NextPoll(key)), kJson);
  }

  // What a counsellor wrote since the visitor's last answer (held for them: the
  // widget cannot be written to unasked), taken so that no later answer repeats it.
  // Fetches have their own limit, so that polling never spends the messages' budget.
  void Updates(const httplib::Request& req, httplib::Response& res) {
    std::string visitor;
    if (!AllowOrigin(req, res) || !Authenticate(req, res, &visitor) || !Limit(updates_limit_, visitor, res)) return;
    res.set_header("Cache-Control", "no-store");
    const storage::ClientKey key = KeyOf(visitor);
    dialog::TurnAnswer answer;
    if (Status s = context_.conversations.TakeHeldReplies(key, context_.now_ms(), &answer); !s.ok()) {
      LogError("widget_updates_failed", {{"error", s.ToString()}});
      return SendError(res, s);
    }
    res.set_content(adapters::RenderWidgetAnswer(answer, SessionLang(key), NextPoll(key)), kJson);
  }

  // When the widget is to fetch updates next: while a counsellor was asked for or
  // talks with the visitor; otherwise never (nullopt). Asked after a turn or a fetch
  // was committed, so a store that cannot answer now is no error: the widget then
  // fetches once more rather than miss what a counsellor writes.
  std::optional<int> NextPoll(const storage::ClientKey& key) const {
    bool in_handoff = false;
    if (Status s = context_.conversations.InHandoff(key, &in_handoff); !s.ok()) {
      LogError("widget_handoff_lookup_failed", {{"error", s.ToString()}});
      in_handoff = true;
    }
    return in_handoff ? std::optional<int>(config_.poll_interval_ms) : std::nullopt;
  }

  void Preflight(const httplib::Request& req, httplib::Response& res) const {
    if (!AllowOrigin(req, res)) return;
    res.status = 204;
    res.set_header("Access-Control-Allow-Methods", "GET, POST, OPTIONS");
    res.set_header("Access-Control-Allow-Headers", std::string("Content-Type, ") + kVisitorHeader);
    res.set_header("Access-Control-Max-Age", "600");
  }

  static storage::ClientKey KeyOf(const std::string& visitor) { return {adapters::kWidgetChannel, "", visitor}; }

  // The conversation's language after the turn, so the widget's own words follow it.
  std::string SessionLang(const storage::ClientKey& key) const {
    std::optional<storage::StoredSession> session;
    dialog::SessionContext ctx;
    if (context_.store.LoadSession(key, &session).ok() && session) {
      dialog::ParseSessionContext(session->snapshot.context_json, &ctx);
    }
    return knowledge::LangCode(ctx.lang);
  }

  // CORS. No Origin header (not a browser, or a same-origin GET) and the server's own
  // origin pass; another origin passes when configured, and then gets the headers
  // that let its page read the answer. Otherwise 403.
  bool AllowOrigin(const httplib::Request& req, httplib::Response& res) const {
    res.set_header("Vary", "Origin");
    if (!req.has_header("Origin")) return true;
    const std::string origin = req.get_header_value("Origin");
    const std::string host = req.get_header_value("Host");
    if (!host.empty() && (origin == "http://" + host || origin == "https://" + host)) return true;
    for (const std::string& allowed : config_.allowed_origins) {
      if (allowed == "*" || allowed == origin) {
        res.set_header("Access-Control-Allow-Origin", origin);
        res.set_header("Access-Control-Expose-Headers", "Retry-After");
        return true;
      }
    }
    SendError(res, Status::PermissionDenied("this origin may not use the widget (widget.allowed_origins)"));
    return false;
  }

  bool Authenticate(const httplib::Request& req, httplib::Response& res, std::string* visitor) const {
    if (Status s = signer_.Verify(req.get_header_value(kVisitorHeader), visitor); !s.ok()) {
      SendError(res, s);
      return false;
    }
    return true;
  }

  bool Limit(RateLimiter& limiter, const std::string& key, httplib::Response& res) const {
    int retry_after_s = 0;
    if (limiter.Allow(key, context_.now_ms(), &retry_after_s)) return true;
    res.set_header("Retry-After", std::to_string(retry_after_s));
    SendError(res, Status::ResourceExhausted("too many requests; try again in " + std::to_string(retry_after_s) + " s"));
    return false;
  }

  const RouteContext& context_;
  const WidgetConfig& config_;
  const adapters::VisitorSigner signer_;
  const std::string strings_;
  const std::string strings_etag_;
  RateLimiter visitor_limit_;
  RateLimiter address_limit_;
  RateLimiter updates_limit_;
};

}  // namespace

Status InstallWidgetRoutes(httplib::Server& server, const RouteContext& context) {
  if (!context.config.widget.enabled) return Status::Ok();
  std::string key;
  if (Status s = LoadWidgetSecret(context.config, &key); !s.ok()) return s;
  adapters::VisitorSigner signer;
  if (Status s = adapters::VisitorSigner::Create(std::move(key), &signer); !s.ok()) {
    return Status::InvalidArgument("widget.secret: " + s.message());
  }
  std::string strings;
  if (Status s = BuildStrings(context.config, &strings); !s.ok()) return s;
  auto routes = std::make_shared<WidgetRoutes>(context, std::move(signer), std::move(strings));
  routes->Install(server, routes);
  return Status::Ok();
}

}  // namespace careerbot::bot
