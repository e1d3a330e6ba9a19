#include "adapters/wecom.h"

#include <algorithm>

#include <nlohmann/json.hpp>

#include "adapters/channel_internal.h"
#include "adapters/config_reader.h"
#include "adapters/crypto.h"
#include "adapters/flat_xml.h"
#include "adapters/wx_common.h"

namespace careerbot::adapters {
namespace {

using nlohmann::ordered_json;

struct Signed {
  std::string msg_signature, timestamp, nonce;
};

// The signature parameters every WeCom request carries.
Status ReadQuery(const ChannelRequest& request, Signed* out) {
  out->msg_signature = Field(request.query, "msg_signature");
  out->timestamp = Field(request.query, "timestamp");
  out->nonce = Field(request.query, "nonce");
  if (out->msg_signature.empty() || out->timestamp.empty() || out->nonce.empty()) {
    return Status::Unauthenticated("missing msg_signature, timestamp or nonce");
  }
  return Status::Ok();
}

Status CheckTimestamp(const Signed& q, int64_t now_ms, int64_t window_s) {
  int64_t ts = 0;
  if (!ParseDecimal(q.timestamp, &ts)) return Status::InvalidArgument("timestamp must be unix seconds");
  return CheckReplayWindow(ts, now_ms, window_s, "timestamp");
}

}  // namespace

Status ParseWeComConfig(const nlohmann::json& j, const std::string& path, WeComConfig* out) {
  WeComConfig c;
  c.agent_id = -1;
  ConfigReader r(j, path);
  r.String("corp_id", true, &c.corp_id, [](const std::string& v) { return CheckToken(v, 1, 64); })
      .Int("agent_id", 0, INT32_MAX, &c.agent_id)
      .Secret("token", true, &c.token, [](const std::string& v) { return CheckAlnum(v, 3, 32); })
      .Secret("encoding_aes_key", true, &c.encoding_aes_key, CheckEncodingAesKey)
      .Secret("secret", true, &c.secret,
              [](const std::string& v) { return v.empty() || v.size() > 256 ? "must be 1 to 256 characters" : ""; })
      .BaseUrl("api_base", &c.api_base)
      .Int("replay_window_s", 0, 7 * 86400, &c.replay_window_s)
      .StringMap("menu_commands", &c.menu_commands);
  if (Status s = r.Finish(); !s.ok()) return s;
  if (c.agent_id < 0) return Status::InvalidArgument(path + ".agent_id: is required");
  *out = std::move(c);
  return Status::Ok();
}

Status WeComChannel::Create(std::string account, WeComConfig config, RandomSource random,
                            std::unique_ptr<WeComChannel>* out) {
  std::unique_ptr<WeComChannel> ch(
      new WeComChannel(std::move(account), std::move(config), std::move(random)));
  if (Status s = WxCrypt::Create(ch->config_.token, ch->config_.encoding_aes_key,
                                 ch->config_.corp_id, &ch->crypt_);
      !s.ok()) {
    return s;
  }
  *out = std::move(ch);
  return Status::Ok();
}

Status WeComChannel::Parse(const ChannelRequest& request, ParseResult* out) const {
  Signed q;
  if (Status s = ReadQuery(request, &q); !s.ok()) return s;
  if (request.method == "GET") {
    // The echostr is base64: a form decoder may have turned its '+' into spaces.
    std::string echostr = Field(request.query, "echostr");
    std::replace(echostr.begin(), echostr.end(), ' ', '+');
    if (echostr.empty()) return Status::InvalidArgument("echostr is missing");
    std::string plain;
    if (Status s = crypt_.Open(q.msg_signature, q.timestamp, q.nonce, echostr, &plain); !s.ok()) return s;
    if (Status s = CheckTimestamp(q, request.now_ms, config_.replay_window_s); !s.ok()) return s;
    ParseResult result;
    result.immediate = HttpAnswer{200, "text/plain; charset=utf-8", plain};
    *out = std::move(result);
    return Status::Ok();
  }
  if (request.method != "POST") return Status::InvalidArgument("method must be GET or POST");

  FlatXml doc;
  std::string err;
  if (!ParseFlatXml(request.body, &doc, &err)) return Status::InvalidArgument(err);
  if (doc.root != "xml") return Status::InvalidArgument("the root element must be <xml>");
  const std::string& encrypt = doc.Get("Encrypt");
  if (encrypt.empty()) return Status::InvalidArgument("Encrypt is missing");
  std::string plain;
  if (Status s = crypt_.Open(q.msg_signature, q.timestamp, q.nonce, encrypt, &plain); !s.ok()) return s;
  if (Status s = CheckTimestamp(q, request.now_ms, config_.replay_window_s); !s.ok()) return s;
  FlatXml inner;
  if (!ParseFlatXml(plain, &inner, &err)) return Status::InvalidArgument("decrypted message: " + err);
  if (inner.Has("AgentID") && inner.Get("AgentID") != std::to_string(config_.agent_id)) {
    return Status::InvalidArgument("AgentID " + inner.Get("AgentID") + " is not this app's agent_id");
  }
  wx::MapOptions options;
  options.platform = platform();
  options.account = &account_;
  options.menu_commands = &config_.menu_commands;
  options.encrypted = true;
  options.nonce = q.nonce;
  options.now_ms = request.now_ms;
  ParseResult result;
  if (Status s = wx::MapMessage(inner, options, &result); !s.ok()) return s;
  *out = std::move(result);
  return Status::Ok();
}

Status WeComChannel::Render(const dialog::TurnAnswer& answer, std::string_view reply_context,
                            const RenderOptions& options, RenderResult* out) const {
  const int64_t agent_id = config_.agent_id;
  return wx::Render(answer, reply_context, options, &crypt_, random_,
                    config_.api_base + "/cgi-bin/message/send",
                    [agent_id](const std::string& to, const std::string& content) {
                      return DumpJson(ordered_json{{"touser", to},
                                                   {"msgtype", "text"},
                                                   {"agentid", agent_id},
                                                   {"text", {{"content", content}}}});
                    },
                    out);
}

HttpAnswer WeComChannel::Ack() const { return wx::Success(); }

std::optional<OutboundRequest> WeComChannel::TokenRequest() const {
  OutboundRequest r;
  r.method = "GET";
  r.url = config_.api_base + "/cgi-bin/gettoken?corpid=" + UrlEncode(config_.corp_id) +
          "&corpsecret=" + UrlEncode(config_.secret);
  return r;
}

Status WeComChannel::ParseTokenResponse(const HttpResponse& response, std::string* token,
                                        int64_t* expires_in_s) const {
  return wx::ParseToken(response, token, expires_in_s);
}

ApiOutcome WeComChannel::Classify(const OutboundRequest&, const HttpResponse& response) const {
  // 40014 invalid access_token, 42001 expired, 42007/42009 invalidated by a new
  // one; -1 busy, 45009 frequency limit, 45033 too many concurrent calls.
  return wx::Classify(response, {40014, 42001, 42007, 42009}, {-1, 45009, 45033});
}

}  // namespace careerbot::adapters
