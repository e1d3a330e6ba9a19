#include "adapters/wx_common.h"

#include <algorithm>
#include <cctype>

#include "adapters/channel_internal.h"
#include "adapters/crypto.h"
#include "adapters/text_split.h"
#include "base/utf8.h"

namespace careerbot::adapters::wx {
namespace {

using nlohmann::json;
using nlohmann::ordered_json;

constexpr size_t kMaxIdBytes = 128;

bool EqualsIgnoreCase(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) ==
                  std::tolower(static_cast<unsigned char>(y));
         });
}

// Events that arrive without the user writing anything, or that need no answer.
bool IsIgnoredEvent(std::string_view event) {
  return !EqualsIgnoreCase(event, "subscribe") && !EqualsIgnoreCase(event, "unsubscribe") &&
         !EqualsIgnoreCase(event, "click");
}

}  // namespace

std::string EncodeRoute(const ReplyRoute& r) {
  return DumpJson(ordered_json{{"to", r.to}, {"from", r.from}, {"aes", r.encrypted}, {"nonce", r.nonce}});
}

bool DecodeRoute(std::string_view text, ReplyRoute* out) {
  json j;
  if (!ParseJsonObject(text, &j)) return false;
  const auto aes = j.find("aes");
  if (aes == j.end() || !aes->is_boolean()) return false;
  out->to = JsonString(j, "to");
  out->from = JsonString(j, "from");
  out->encrypted = aes->get<bool>();
  out->nonce = JsonString(j, "nonce");
  return !out->to.empty();
}

Status MapMessage(const FlatXml& msg, const MapOptions& o, ParseResult* out) {
  const std::string& from = msg.Get("FromUserName");
  const std::string& to = msg.Get("ToUserName");
  const std::string& type = msg.Get("MsgType");
  const std::string& create_time = msg.Get("CreateTime");
  int64_t created = 0;
  if (from.empty() || from.size() > kMaxIdBytes) {
    return Status::InvalidArgument("FromUserName is missing or too long");
  }
  if (type.empty()) return Status::InvalidArgument("MsgType is missing");
  if (!ParseDecimal(create_time, &created)) return Status::InvalidArgument("CreateTime must be unix seconds");

  InboundMessage m;
  m.inbound.channel = std::string(o.platform);
  m.inbound.account = *o.account;
  m.inbound.user = from;
  m.inbound.received_at_ms = o.now_ms;
  m.reply_context = EncodeRoute({from, to, o.encrypted, o.nonce});

  if (type == "event") {
    const std::string& event = msg.Get("Event");
    if (event.empty()) return Status::InvalidArgument("Event is missing");
    if (IsIgnoredEvent(event)) {
      out->immediate = Success();
      return Status::Ok();
    }
    m.inbound.message_id = from + ":" + create_time + ":" + event;
    const std::string& key = msg.Get("EventKey");
    if (EqualsIgnoreCase(event, "subscribe")) {
      m.kind = InboundKind::kStart;
      m.detail = key;
    } else if (EqualsIgnoreCase(event, "unsubscribe")) {
      m.kind = InboundKind::kStop;
    } else if (const auto it = o.menu_commands->find(key); it != o.menu_commands->end()) {
      m.inbound.text = it->second;
    } else {
      m.kind = InboundKind::kUnsupported;
      m.detail = "CLICK:" + key;
    }
  } else {
    const std::string& id = msg.Get("MsgId");
    int64_t unused = 0;
    if (!ParseDecimal(id, &unused)) return Status::InvalidArgument("MsgId must be a decimal number");
    m.inbound.message_id = id;
    if (type == "text") {
      m.inbound.text = msg.Get("Content");
    } else if (type == "voice" && !msg.Get("Recognition").empty()) {
      m.inbound.text = msg.Get("Recognition");
    } else {
      m.kind = InboundKind::kUnsupported;
      m.detail = type;
    }
  }
  out->messages.push_back(std::move(m));
  return Status::Ok();
}

HttpAnswer Success() { return HttpAnswer{200, "text/plain; charset=utf-8", "success"}; }

std::string PassiveTextXml(std::string_view to, std::string_view from, int64_t create_time_s,
                           std::string_view content) {
  std::string xml = "<xml>";
  AppendCdataElement("ToUserName", to, &xml);
  AppendCdataElement("FromUserName", from, &xml);
  xml += "<CreateTime>" + std::to_string(create_time_s) + "</CreateTime>";
  AppendCdataElement("MsgType", "text", &xml);
  AppendCdataElement("Content", content, &xml);
  xml += "</xml>";
  return xml;
}

Status Render(const dialog::TurnAnswer& answer, std::string_view reply_context,
              const RenderOptions& options, const WxCrypt* crypt, const RandomSource& random,
              const std::string& api_url, const ApiBody& api_body, RenderResult* out) {
  ReplyRoute route;
  if (!DecodeRoute(reply_context, &route)) return Status::InvalidArgument("malformed reply context");
  const std::vector<std::string> messages =
      PackReplies(answer, kMaxTextBytes, LengthUnit::kBytes, /*link_html=*/true);
  RenderResult result;
  result.http = Success();
  size_t next = 0;
  if (options.passive && !messages.empty()) {
    const int64_t now_s = options.now_ms / 1000;
    std::string xml = PassiveTextXml(route.to, route.from, now_s, messages[0]);
    if (route.encrypted) {
      if (crypt == nullptr) return Status::InvalidArgument("encrypted reply without an EncodingAESKey");
      std::string sealed;
      Status s = crypt->Seal(xml, random(16), std::to_string(now_s), route.nonce, &sealed);
      if (!s.ok()) return s;
      xml = std::move(sealed);
    }
    result.http = HttpAnswer{200, "application/xml; charset=utf-8", std::move(xml)};
    next = 1;
  }
  for (; next < messages.size(); ++next) {
    OutboundRequest r;
    r.url = api_url;
    r.headers = {{"Content-Type", "application/json; charset=utf-8"}};
    r.body = api_body(route.to, messages[next]);
    r.auth = Auth::kAccessTokenQuery;
    result.outbound.push_back(std::move(r));
  }
  *out = std::move(result);
  return Status::Ok();
}

ApiOutcome Classify(const HttpResponse& response, const std::set<int64_t>& invalid_token,
                    const std::set<int64_t>& retry) {
  using Kind = ApiOutcome::Kind;
  if (response.status == 0) return {Kind::kRetry, 0, "no answer"};
  if (IsTransientHttpStatus(response.status)) {
    return {Kind::kRetry, 0, "HTTP " + std::to_string(response.status)};
  }
  if (response.status != 200) return {Kind::kPermanent, 0, "HTTP " + std::to_string(response.status)};
  json j;
  if (!ParseJsonObject(response.body, &j)) return {Kind::kRetry, 0, "answer is not JSON"};
  int64_t errcode = 0;
  if (!JsonInt(j, "errcode", &errcode) || errcode == 0) return {Kind::kOk, 0, ""};
  const std::string error = "errcode " + std::to_string(errcode) + ": " + JsonString(j, "errmsg");
  if (invalid_token.count(errcode)) return {Kind::kInvalidToken, 0, error};
  if (retry.count(errcode)) return {Kind::kRetry, errcode == 45009 ? 60000 : 0, error};
  return {Kind::kPermanent, 0, error};
}

Status ParseToken(const HttpResponse& response, std::string* token, int64_t* expires_in_s) {
  if (IsTransientHttpStatus(response.status)) {
    return Status::Unavailable("token endpoint: HTTP " + std::to_string(response.status));
  }
  json j;
  if (!ParseJsonObject(response.body, &j)) return Status::Unavailable("token endpoint: answer is not JSON");
  int64_t errcode = 0;
  if (JsonInt(j, "errcode", &errcode) && errcode != 0) {
    const std::string error = "token endpoint: errcode " + std::to_string(errcode) + ": " + JsonString(j, "errmsg");
    if (errcode == -1 || errcode == 45009) return Status::Unavailable(error);
    return Status::PermissionDenied(error);
  }
  const std::string t = JsonString(j, "access_token");
  int64_t expires = 0;
  if (t.empty() || !JsonInt(j, "expires_in", &expires) || expires <= 0) {
    return Status::Unavailable("token endpoint: no access_token/expires_in in the answer");
  }
  *token = t;
  *expires_in_s = expires;
  return Status::Ok();
}

}  // namespace careerbot::adapters::wx
