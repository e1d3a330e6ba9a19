#include "adapters/feishu.h"

#include <cctype>

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

// "@_user_1 hello" -> "hello": mention placeholders are not what the user said.
std::string WithoutMentions(const std::string& text) {
  std::string out;
  size_t i = 0;
  while (i < text.size()) {
    if (text.compare(i, 7, "@_user_") == 0) {
      size_t j = i + 7;
      while (j < text.size() && text[j] >= '0' && text[j] <= '9') ++j;
      if (j > i + 7) {
        i = j;
        continue;
      }
    }
    out += text[i++];
  }
  const size_t first = out.find_first_not_of(" \t\n");
  if (first == std::string::npos) return std::string();
  return out.substr(first, out.find_last_not_of(" \t\n") - first + 1);
}

std::string Context(const std::string& open_id, const std::string& reply_to, const std::string& key) {
  ordered_json c = {{"open_id", open_id}, {"key", key}};
  if (!reply_to.empty()) c["reply"] = reply_to;
  return DumpJson(c);
}

ordered_json PlainText(const std::string& s) { return {{"tag", "plain_text"}, {"content", s}}; }

// A message card (card JSON 1.0): the text, then one button per choice and link.
std::string Card(const std::string& text, const dialog::Reply& reply) {
  ordered_json elements = ordered_json::array();
  if (!text.empty()) elements.push_back({{"tag", "div"}, {"text", PlainText(text)}});
  ordered_json actions = ordered_json::array();
  for (const auto& c : reply.choices) {
    actions.push_back({{"tag", "button"},
                       {"text", PlainText(c.label)},
                       {"type", "default"},
                       {"value", {{"choice", c.id}}}});
  }
  if (reply.link) {
    actions.push_back({{"tag", "button"},
                       {"text", PlainText(reply.link->title.empty() ? reply.link->url : reply.link->title)},
                       {"type", "primary"},
                       {"url", reply.link->url}});
  }
  elements.push_back({{"tag", "action"}, {"actions", actions}});
  return DumpJson({{"config", {{"wide_screen_mode", true}}}, {"elements", elements}});
}

}  // namespace

Status ParseFeishuConfig(const nlohmann::json& j, const std::string& path, FeishuConfig* out) {
  FeishuConfig c;
  ConfigReader r(j, path);
  r.String("app_id", true, &c.app_id, [](const std::string& v) { return CheckToken(v, 1, 64); })
      .Secret("app_secret", true, &c.app_secret, CheckSecret)
      .Secret("verification_token", true, &c.verification_token, CheckSecret)
      .Secret("encrypt_key", false, &c.encrypt_key, CheckSecret)
      .BaseUrl("api_base", &c.api_base)
      .Int("replay_window_s", 0, 7 * 86400, &c.replay_window_s);
  if (Status s = r.Finish(); !s.ok()) return s;
  *out = std::move(c);
  return Status::Ok();
}

Status FeishuDecrypt(std::string_view encrypt_key, std::string_view encrypt, std::string* plain) {
  const std::optional<std::string> buf = Base64DecodeStrict(encrypt);
  if (!buf) return Status::InvalidArgument("encrypt is not base64");
  if (buf->size() < 32 || buf->size() % 16 != 0) {
    return Status::InvalidArgument("encrypt is not an IV and whole AES blocks");
  }
  std::string out;
  if (!Aes256CbcDecryptRaw(Sha256(encrypt_key), std::string_view(*buf).substr(0, 16),
                           std::string_view(*buf).substr(16), &out)) {
    return Status::InvalidArgument("encrypt cannot be decrypted");
  }
  const size_t pad = static_cast<unsigned char>(out.back());
  bool ok = pad >= 1 && pad <= 16;
  for (size_t i = 0; ok && i < pad; ++i) ok = static_cast<unsigned char>(out[out.size() - 1 - i]) == pad;
  if (!ok) return Status::InvalidArgument("encrypt has an invalid padding (a wrong encrypt_key?)");
  out.resize(out.size() - pad);
  *plain = std::move(out);
  return Status::Ok();
}

HttpAnswer FeishuChannel::Ack() const { return HttpAnswer{200, "application/json; charset=utf-8", "{}"}; }

Status FeishuChannel::Parse(const ChannelRequest& request, ParseResult* out) const {
  if (request.method != "POST") return Status::InvalidArgument("method must be POST");
  const std::string& signature = Field(request.headers, "x-lark-signature");
  const bool check_signature = !config_.encrypt_key.empty() && !signature.empty();
  if (check_signature) {
    const std::string& ts = Field(request.headers, "x-lark-request-timestamp");
    const std::string& nonce = Field(request.headers, "x-lark-request-nonce");
    const std::string expected = Sha256Hex(ts + nonce + config_.encrypt_key + request.body);
    std::string lower = signature;
    for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (!ConstantTimeEquals(lower, expected)) return Status::Unauthenticated("X-Lark-Signature does not match");
    int64_t t = 0;
    if (!ParseDecimal(ts, &t)) return Status::InvalidArgument("X-Lark-Request-Timestamp must be unix seconds");
    if (Status s = CheckReplayWindow(t, request.now_ms, config_.replay_window_s, "X-Lark-Request-Timestamp");
        !s.ok()) {
      return s;
    }
  }
  json body;
  if (!ParseJsonObject(request.body, &body)) return Status::InvalidArgument("body is not a JSON object");
  json event = body;
  if (const auto enc = body.find("encrypt"); enc != body.end()) {
    if (config_.encrypt_key.empty()) {
      return Status::Unauthenticated("an encrypted event, but encrypt_key is not configured");
    }
    if (!enc->is_string()) return Status::InvalidArgument("encrypt must be a string");
    std::string plain;
    if (Status s = FeishuDecrypt(config_.encrypt_key, enc->get<std::string>(), &plain); !s.ok()) return s;
    if (!ParseJsonObject(plain, &event)) return Status::InvalidArgument("the decrypted event is not a JSON object");
  }

  const bool v2 = JsonString(event, "schema") == "2.0";
  const json& header = JsonObject(event, "header");
  const std::string token = v2 ? JsonString(header, "token") : JsonString(event, "token");
  if (token.empty()) return Status::Unauthenticated("the Verification Token is missing");
  if (!ConstantTimeEquals(token, config_.verification_token)) {
    return Status::Unauthenticated("the Verification Token does not match");
  }
  if (JsonString(event, "type") == "url_verification") {
    const std::string challenge = JsonString(event, "challenge");
    if (challenge.empty()) return Status::InvalidArgument("challenge is missing");
    ParseResult result;
    result.immediate = HttpAnswer{200, "application/json; charset=utf-8", DumpJson({{"challenge", challenge}})};
    *out = std::move(result);
    return Status::Ok();
  }
  if (!config_.encrypt_key.empty() && !check_signature) {
    return Status::Unauthenticated("missing X-Lark-Signature");
  }

  ParseResult ignored;
  ignored.immediate = Ack();
  InboundMessage m;
  m.inbound.channel = "feishu";
  m.inbound.account = account_;
  m.inbound.received_at_ms = request.now_ms;
  const json& e = JsonObject(event, "event");
  const std::string type = v2 ? JsonString(header, "event_type") : JsonString(e, "type");
  if (type == "im.message.receive_v1") {
    const json& sender = JsonObject(e, "sender");
    const json& message = JsonObject(e, "message");
    const std::string open_id = JsonString(JsonObject(sender, "sender_id"), "open_id");
    const std::string message_id = JsonString(message, "message_id");
    if (JsonString(sender, "sender_type") != "user" || JsonString(message, "chat_type") != "p2p") {
      *out = std::move(ignored);  // bots (our own messages too) and group chats
      return Status::Ok();
    }
    if (open_id.empty() || message_id.empty()) {
      return Status::InvalidArgument("event.sender.sender_id.open_id or event.message.message_id is missing");
    }
    m.inbound.user = open_id;
    m.inbound.message_id = message_id;
    m.reply_context = Context(open_id, message_id, message_id);
    const std::string message_type = JsonString(message, "message_type");
    if (message_type == "text") {
      json content;
      if (!ParseJsonObject(JsonString(message, "content"), &content)) {
        return Status::InvalidArgument("event.message.content is not a JSON object");
      }
      m.inbound.text = WithoutMentions(JsonString(content, "text"));
    } else {
      m.kind = InboundKind::kUnsupported;
      m.detail = message_type;
    }
  } else if (type == "card.action.trigger") {
    const std::string open_id = JsonString(JsonObject(e, "operator"), "open_id");
    const std::string choice = JsonString(JsonObject(JsonObject(e, "action"), "value"), "choice");
    const std::string event_id = JsonString(header, "event_id");
    if (choice.empty()) {
      *out = std::move(ignored);  // a card of someone else's making
      return Status::Ok();
    }
    if (open_id.empty() || event_id.empty()) {
      return Status::InvalidArgument("event.operator.open_id or header.event_id is missing");
    }
    m.inbound.user = open_id;
    m.inbound.message_id = event_id;
    m.inbound.choice = choice;
    m.reply_context = Context(open_id, "", event_id);
  } else if (type == "p2p_chat_create") {
    const std::string open_id = JsonString(JsonObject(e, "user"), "open_id");
    const std::string uuid = JsonString(event, "uuid");
    if (open_id.empty() || uuid.empty()) return Status::InvalidArgument("event.user.open_id or uuid is missing");
    m.kind = InboundKind::kStart;
    m.inbound.user = open_id;
    m.inbound.message_id = uuid;
    m.reply_context = Context(open_id, "", uuid);
  } else {
    *out = std::move(ignored);
    return Status::Ok();
  }
  if (!IsValidUtf8(m.inbound.text)) return Status::InvalidArgument("text is not valid UTF-8");
  ParseResult result;
  result.messages.push_back(std::move(m));
  *out = std::move(result);
  return Status::Ok();
}

Status FeishuChannel::Render(const dialog::TurnAnswer& answer, std::string_view reply_context,
                             const RenderOptions&, RenderResult* out) const {
  json ctx;
  if (!ParseJsonObject(reply_context, &ctx) || JsonString(ctx, "open_id").empty()) {
    return Status::InvalidArgument("malformed reply context");
  }
  const std::string open_id = JsonString(ctx, "open_id");
  const std::string reply_to = JsonString(ctx, "reply");
  const std::string key = JsonString(ctx, "key");
  RenderResult result;
  result.http = Ack();
  int n = 0;
  auto send = [&](const char* msg_type, const std::string& content) {
    OutboundRequest r;
    r.headers = {{"Content-Type", "application/json; charset=utf-8"}};
    r.auth = Auth::kBearer;
    // Feishu's idempotency key (at most 50 characters): the same reply to the same
    // message is one message, however often it is sent within an hour.
    const std::string uuid = Sha256Hex(key + "/" + std::to_string(n++)).substr(0, 32);
    if (!reply_to.empty()) {
      r.url = config_.api_base + "/open-apis/im/v1/messages/" + UrlEncode(reply_to) + "/reply";
      r.body = DumpJson({{"msg_type", msg_type}, {"content", content}, {"uuid", uuid}});
    } else {
      r.url = config_.api_base + "/open-apis/im/v1/messages?receive_id_type=open_id";
      r.body = DumpJson({{"receive_id", open_id}, {"msg_type", msg_type}, {"content", content}, {"uuid", uuid}});
    }
    result.outbound.push_back(std::move(r));
  };
  for (const dialog::Reply& reply : answer.replies) {
    const bool card = !reply.choices.empty() || reply.link;
    std::vector<std::string> pieces = SplitText(reply.text, kFeishuMaxTextBytes, LengthUnit::kBytes);
    if (card && pieces.empty()) pieces.emplace_back();
    for (size_t i = 0; i < pieces.size(); ++i) {
      if (card && i + 1 == pieces.size()) {
        send("interactive", Card(pieces[i], reply));
      } else {
        send("text", DumpJson({{"text", pieces[i]}}));
      }
    }
  }
  *out = std::move(result);
  return Status::Ok();
}

std::optional<OutboundRequest> FeishuChannel::TokenRequest() const {
  OutboundRequest r;
  r.url = config_.api_base + "/open-apis/auth/v3/tenant_access_token/internal";
  r.headers = {{"Content-Type", "application/json; charset=utf-8"}};
  r.body = DumpJson({{"app_id", config_.app_id}, {"app_secret", config_.app_secret}});
  return r;
}

Status FeishuChannel::ParseTokenResponse(const HttpResponse& response, std::string* token,
                                         int64_t* expires_in_s) const {
  if (IsTransientHttpStatus(response.status)) {
    return Status::Unavailable("token endpoint: HTTP " + std::to_string(response.status));
  }
  json j;
  if (!ParseJsonObject(response.body, &j)) return Status::Unavailable("token endpoint: answer is not JSON");
  int64_t code = -1, expire = 0;
  JsonInt(j, "code", &code);
  if (code != 0) {
    return Status::PermissionDenied("token endpoint: code " + std::to_string(code) + ": " + JsonString(j, "msg"));
  }
  const std::string t = JsonString(j, "tenant_access_token");
  if (t.empty() || !JsonInt(j, "expire", &expire) || expire <= 0) {
    return Status::Unavailable("token endpoint: no tenant_access_token/expire in the answer");
  }
  *token = t;
  *expires_in_s = expire;
  return Status::Ok();
}

ApiOutcome FeishuChannel::Classify(const OutboundRequest&, const HttpResponse& response) const {
  using Kind = ApiOutcome::Kind;
  if (response.status == 0) return {Kind::kRetry, 0, "no answer"};
  json j;
  int64_t code = -1;
  if (!ParseJsonObject(response.body, &j) || !JsonInt(j, "code", &code)) {
    const Kind kind = IsTransientHttpStatus(response.status) ? Kind::kRetry : Kind::kPermanent;
    return {kind, 0, "HTTP " + std::to_string(response.status)};
  }
  if (code == 0) return {Kind::kOk, 0, ""};
  const std::string error = "code " + std::to_string(code) + ": " + JsonString(j, "msg");
  // 99991661 no token, 99991663 invalid tenant token, 99991668 invalid/expired token.
  if (code == 99991661 || code == 99991663 || code == 99991668) return {Kind::kInvalidToken, 0, error};
  // 99991400 rate limited; internal errors.
  if (code == 99991400 || IsTransientHttpStatus(response.status)) return {Kind::kRetry, 0, error};
  return {Kind::kPermanent, 0, error};
}

}  // namespace careerbot::adapters
