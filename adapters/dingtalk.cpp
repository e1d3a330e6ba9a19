#include "adapters/dingtalk.h"

#include <nlohmann/json.hpp>

#include "adapters/channel_internal.h"
#include "adapters/config_reader.h"
#include "adapters/crypto.h"
#include "adapters/text_split.h"
#include "base/utf8.h"

namespace careerbot::adapters {
namespace {

using nlohmann::json;
using nlohmann::ordered_json;

std::string CheckSecret(const std::string& v) {
  return v.empty() || v.size() > 256 ? "must be 1 to 256 characters" : "";
}

struct Route {
  std::string webhook;
  int64_t expires_ms = 0;
  std::string staff;
  std::string conversation_type;  // "1" one-to-one, "2" group
  std::string conversation_id;
};

bool DecodeRoute(std::string_view text, Route* r) {
  json j;
  if (!ParseJsonObject(text, &j)) return false;
  r->webhook = JsonString(j, "webhook");
  JsonInt(j, "expires", &r->expires_ms);
  r->staff = JsonString(j, "staff");
  r->conversation_type = JsonString(j, "conv_type");
  r->conversation_id = JsonString(j, "conv_id");
  return r->conversation_type == "1" || r->conversation_type == "2";
}

// The ActionCard title: the text's first line, short (it shows in notifications).
std::string CardTitle(const std::string& text) {
  std::string line = text.substr(0, text.find('\n'));
  std::vector<std::string> pieces = SplitText(line, 60, LengthUnit::kBytes);
  return pieces.empty() ? std::string("…") : pieces[0];
}

}  // namespace

Status ParseDingTalkConfig(const nlohmann::json& j, const std::string& path, DingTalkConfig* out) {
  DingTalkConfig c;
  ConfigReader r(j, path);
  r.String("app_key", true, &c.app_key, [](const std::string& v) { return CheckToken(v, 1, 128); })
      .Secret("app_secret", true, &c.app_secret, CheckSecret)
      .String("robot_code", false, &c.robot_code, [](const std::string& v) { return CheckToken(v, 1, 128); })
      .BaseUrl("api_base", &c.api_base)
      .BaseUrl("session_webhook_base", &c.session_webhook_base)
      .Int("replay_window_s", 0, 7 * 86400, &c.replay_window_s);
  if (Status s = r.Finish(); !s.ok()) return s;
  *out = std::move(c);
  return Status::Ok();
}

std::string DingTalkSign(std::string_view timestamp, std::string_view app_secret) {
  return Base64Encode(HmacSha256(app_secret, std::string(timestamp) + "\n" + std::string(app_secret)));
}

DingTalkChannel::DingTalkChannel(std::string account, DingTalkConfig config)
    : account_(std::move(account)), config_(std::move(config)) {
  if (config_.robot_code.empty()) config_.robot_code = config_.app_key;
}

HttpAnswer DingTalkChannel::Ack() const { return HttpAnswer{200, "text/plain; charset=utf-8", ""}; }

Status DingTalkChannel::Parse(const ChannelRequest& request, ParseResult* out) const {
  if (request.method != "POST") return Status::InvalidArgument("method must be POST");
  const std::string& timestamp = Field(request.headers, "timestamp");
  const std::string& sign = Field(request.headers, "sign");
  if (timestamp.empty() || sign.empty()) return Status::Unauthenticated("missing timestamp or sign header");
  if (!ConstantTimeEquals(sign, DingTalkSign(timestamp, config_.app_secret))) {
    return Status::Unauthenticated("sign does not match");
  }
  int64_t ts_ms = 0;
  if (!ParseDecimal(timestamp, &ts_ms)) return Status::InvalidArgument("timestamp must be unix milliseconds");
  if (Status s = CheckReplayWindowMs(ts_ms, request.now_ms, config_.replay_window_s, "timestamp"); !s.ok()) {
    return s;
  }
  json body;
  if (!ParseJsonObject(request.body, &body)) return Status::InvalidArgument("body is not a JSON object");
  const std::string msg_id = JsonString(body, "msgId");
  std::string user = JsonString(body, "senderStaffId");
  if (user.empty()) user = JsonString(body, "senderId");
  const std::string conversation_type = JsonString(body, "conversationType");
  if (msg_id.empty() || user.empty()) return Status::InvalidArgument("msgId or senderStaffId is missing");
  if (conversation_type != "1" && conversation_type != "2") {
    return Status::InvalidArgument("conversationType must be \"1\" or \"2\"");
  }
  const std::string webhook = JsonString(body, "sessionWebhook");
  if (!webhook.empty() && !webhook.starts_with(config_.session_webhook_base + "/")) {
    return Status::InvalidArgument("sessionWebhook is not under session_webhook_base");
  }
  int64_t expires = 0;
  JsonInt(body, "sessionWebhookExpiredTime", &expires);
  // A message the bot could never answer must not run a turn: without a session
  // webhook that is still valid, the reply goes through the robot API, which needs
  // the group's conversationId or the sender's staff id (a senderId alone is not one).
  const bool live_webhook = !webhook.empty() && expires - request.now_ms > kSessionWebhookMarginMs;
  const bool api_recipient = conversation_type == "2" ? !JsonString(body, "conversationId").empty()
                                                       : !JsonString(body, "senderStaffId").empty();
  if (!live_webhook && !api_recipient) {
    return Status::InvalidArgument(
        "no valid sessionWebhook, and no conversationId (group) or senderStaffId (one-to-one) to answer to");
  }

  InboundMessage m;
  m.inbound.channel = "dingtalk";
  m.inbound.account = account_;
  m.inbound.user = user;
  m.inbound.message_id = msg_id;
  m.inbound.received_at_ms = request.now_ms;
  ordered_json ctx = {{"webhook", webhook},
                      {"expires", expires},
                      {"staff", JsonString(body, "senderStaffId")},
                      {"conv_type", conversation_type},
                      {"conv_id", JsonString(body, "conversationId")}};
  m.reply_context = DumpJson(ctx);
  const std::string type = JsonString(body, "msgtype");
  const std::string recognition = JsonString(JsonObject(body, "content"), "recognition");
  if (type == "text") {
    std::string text = JsonString(JsonObject(body, "text"), "content");
    const size_t first = text.find_first_not_of(" \t\n");
    text = first == std::string::npos ? std::string() : text.substr(first, text.find_last_not_of(" \t\n") - first + 1);
    m.inbound.text = std::move(text);
  } else if (type == "audio" && !recognition.empty()) {
    m.inbound.text = recognition;
  } else {
    m.kind = InboundKind::kUnsupported;
    m.detail = type;
  }
  if (!IsValidUtf8(m.inbound.text)) return Status::InvalidArgument("text is not valid UTF-8");
  ParseResult result;
  result.messages.push_back(std::move(m));
  *out = std::move(result);
  return Status::Ok();
}

Status DingTalkChannel::Render(const dialog::TurnAnswer& answer, std::string_view reply_context,
                               const RenderOptions& options, RenderResult* out) const {
  Route route;
  if (!DecodeRoute(reply_context, &route)) return Status::InvalidArgument("malformed reply context");
  const bool group = route.conversation_type == "2";
  const bool session = !route.webhook.empty() && route.expires_ms - options.now_ms > kSessionWebhookMarginMs;
  if (!session && (group ? route.conversation_id.empty() : route.staff.empty())) {
    return Status::InvalidArgument("the session webhook expired and the robot API has no recipient");
  }
  RenderResult result;
  result.http = Ack();
  auto post = [&](const ordered_json& body) {
    OutboundRequest r;
    r.headers = {{"Content-Type", "application/json; charset=utf-8"}};
    r.body = DumpJson(body);
    r.url = route.webhook;
    r.auth = Auth::kNone;
    result.outbound.push_back(std::move(r));
  };
  auto api_text = [&](const std::string& text) {
    OutboundRequest r;
    r.headers = {{"Content-Type", "application/json; charset=utf-8"}};
    r.auth = Auth::kDingTalkHeader;
    const std::string param = DumpJson({{"content", text}});
    if (group) {
      r.url = config_.api_base + "/v1.0/robot/groupMessages/send";
      r.body = DumpJson({{"msgParam", param},
                         {"msgKey", "sampleText"},
                         {"openConversationId", route.conversation_id},
                         {"robotCode", config_.robot_code}});
    } else {
      r.url = config_.api_base + "/v1.0/robot/oToMessages/batchSend";
      r.body = DumpJson({{"robotCode", config_.robot_code},
                         {"userIds", ordered_json::array({route.staff})},
                         {"msgKey", "sampleText"},
                         {"msgParam", param}});
    }
    result.outbound.push_back(std::move(r));
  };
  const ordered_json at = group && !route.staff.empty()
                              ? ordered_json{{"atUserIds", ordered_json::array({route.staff})}}
                              : ordered_json();

  for (const dialog::Reply& reply : answer.replies) {
    if (!session) {
      for (const std::string& piece : SplitText(PlainReplyText(reply, false), kDingTalkMaxTextBytes, LengthUnit::kBytes)) {
        api_text(piece);
      }
      continue;
    }
    const bool card = !reply.choices.empty() || reply.link;
    std::vector<std::string> pieces = SplitText(reply.text, kDingTalkMaxTextBytes, LengthUnit::kBytes);
    if (card && pieces.empty()) pieces.emplace_back();
    for (size_t i = 0; i < pieces.size(); ++i) {
      ordered_json body;
      if (card && i + 1 == pieces.size()) {
        ordered_json buttons = ordered_json::array();
        for (size_t k = 0; k < reply.choices.size(); ++k) {
          buttons.push_back({{"title", reply.choices[k].label},
                             {"actionURL", "dtmd://dingtalkclient/sendMessage?content=" + std::to_string(k + 1)}});
        }
        if (reply.link) {
          buttons.push_back({{"title", reply.link->title.empty() ? reply.link->url : reply.link->title},
                             {"actionURL", reply.link->url}});
        }
        body = {{"msgtype", "actionCard"},
                {"actionCard",
                 {{"title", CardTitle(pieces[i])}, {"text", pieces[i]}, {"btnOrientation", "0"}, {"btns", buttons}}}};
      } else {
        body = {{"msgtype", "text"}, {"text", {{"content", pieces[i]}}}};
      }
      if (!at.is_null()) body["at"] = at;
      post(body);
    }
  }
  *out = std::move(result);
  return Status::Ok();
}

std::optional<OutboundRequest> DingTalkChannel::TokenRequest() const {
  OutboundRequest r;
  r.url = config_.api_base + "/v1.0/oauth2/accessToken";
  r.headers = {{"Content-Type", "application/json; charset=utf-8"}};
  r.body = DumpJson({{"appKey", config_.app_key}, {"appSecret", config_.app_secret}});
  return r;
}

Status DingTalkChannel::ParseTokenResponse(const HttpResponse& response, std::string* token,
                                           int64_t* expires_in_s) const {
  if (IsTransientHttpStatus(response.status)) {
    return Status::Unavailable("token endpoint: HTTP " + std::to_string(response.status));
  }
  json j;
  const bool parsed = ParseJsonObject(response.body, &j);
  if (response.status != 200) {
    return Status::PermissionDenied("token endpoint: HTTP " + std::to_string(response.status) +
                                    (parsed ? ": " + JsonString(j, "code") + " " + JsonString(j, "message") : ""));
  }
  int64_t expires = 0;
  const std::string t = parsed ? JsonString(j, "accessToken") : std::string();
  if (t.empty() || !JsonInt(j, "expireIn", &expires) || expires <= 0) {
    return Status::Unavailable("token endpoint: no accessToken/expireIn in the answer");
  }
  *token = t;
  *expires_in_s = expires;
  return Status::Ok();
}

ApiOutcome DingTalkChannel::Classify(const OutboundRequest& request, const HttpResponse& response) const {
  using Kind = ApiOutcome::Kind;
  if (response.status == 0) return {Kind::kRetry, 0, "no answer"};
  json j;
  const bool parsed = ParseJsonObject(response.body, &j);
  if (request.auth == Auth::kNone) {  // a session webhook: {"errcode": 0, "errmsg": "ok"}
    if (IsTransientHttpStatus(response.status)) return {Kind::kRetry, 0, "HTTP " + std::to_string(response.status)};
    int64_t errcode = 0;
    if (response.status == 200 && parsed && (!JsonInt(j, "errcode", &errcode) || errcode == 0)) return {Kind::kOk, 0, ""};
    const std::string error = "HTTP " + std::to_string(response.status) + ": errcode " + std::to_string(errcode) +
                              ": " + JsonString(j, "errmsg");
    if (errcode == 130101) return {Kind::kRetry, 60000, error};  // send too fast: throttled for a while
    return {Kind::kPermanent, 0, error};
  }
  if (response.status >= 200 && response.status < 300) return {Kind::kOk, 0, ""};
  const std::string code = parsed ? JsonString(j, "code") : std::string();
  const std::string error = "HTTP " + std::to_string(response.status) + ": " + code + " " +
                            (parsed ? JsonString(j, "message") : std::string());
  if (response.status == 401 || code == "InvalidAuthentication" || code.find("AccessTokenInvalid") != std::string::npos) {
    return {Kind::kInvalidToken, 0, error};
  }
  if (IsTransientHttpStatus(response.status) || code.starts_with("Throttling")) {
    return {Kind::kRetry, 0, error};
  }
  return {Kind::kPermanent, 0, error};
}

}  // namespace careerbot::adapters
