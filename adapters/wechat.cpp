#include "adapters/wechat.h"

#include <nlohmann/json.hpp>

#include "adapters/channel_internal.h"
#include "adapters/config_reader.h"
#include "adapters/crypto.h"
#include "adapters/flat_xml.h"
#include "adapters/wx_common.h"

namespace careerbot::adapters {
namespace {

using nlohmann::ordered_json;

std::string CheckSecret(const std::string& v) {
  return v.empty() || v.size() > 256 ? "must be 1 to 256 characters" : "";
}

// The 3-string signature every WeChat request carries.
Status VerifyPlainSignature(const std::string& token, const ChannelRequest& request,
                            int64_t window_s) {
  const std::string& signature = Field(request.query, "signature");
  const std::string& timestamp = Field(request.query, "timestamp");
  const std::string& nonce = Field(request.query, "nonce");
  if (signature.empty() || timestamp.empty() || nonce.empty()) {
    return Status::Unauthenticated("missing signature, timestamp or nonce");
  }
  if (!WxSignatureMatches(signature, WxSignature({token, timestamp, nonce}))) {
    return Status::Unauthenticated("signature does not match");
  }
  int64_t ts = 0;
  if (!ParseDecimal(timestamp, &ts)) return Status::InvalidArgument("timestamp must be unix seconds");
  return CheckReplayWindow(ts, request.now_ms, window_s, "timestamp");
}

}  // namespace

Status ParseWeChatConfig(const nlohmann::json& j, const std::string& path, WeChatConfig* out) {
  WeChatConfig c;
  ConfigReader r(j, path);
  r.Secret("token", true, &c.token, [](const std::string& v) { return CheckAlnum(v, 3, 32); })
      .Secret("encoding_aes_key", false, &c.encoding_aes_key, CheckEncodingAesKey)
      .String("app_id", true, &c.app_id, [](const std::string& v) { return CheckToken(v, 1, 64); })
      .Secret("app_secret", true, &c.app_secret, CheckSecret)
      .BaseUrl("api_base", &c.api_base)
      .Int("replay_window_s", 0, 7 * 86400, &c.replay_window_s)
      .String("token_endpoint", false, &c.token_endpoint,
              [](const std::string& v) -> std::string {
                return v == "token" || v == "stable_token" ? "" : "must be \"token\" or \"stable_token\"";
              })
      .StringMap("menu_commands", &c.menu_commands);
  if (Status s = r.Finish(); !s.ok()) return s;
  *out = std::move(c);
  return Status::Ok();
}

Status WeChatChannel::Create(std::string account, WeChatConfig config, RandomSource random,
                             std::unique_ptr<WeChatChannel>* out) {
  std::unique_ptr<WeChatChannel> ch(
      new WeChatChannel(std::move(account), std::move(config), std::move(random)));
  if (!ch->config_.encoding_aes_key.empty()) {
    WxCrypt crypt;
    if (Status s = WxCrypt::Create(ch->config_.token, ch->config_.encoding_aes_key,
                                   ch->config_.app_id, &crypt);
        !s.ok()) {
      return s;
    }
    ch->crypt_ = std::move(crypt);
  }
  *out = std::move(ch);
  return Status::Ok();
}

Status WeChatChannel::Parse(const ChannelRequest& request, ParseResult* out) const {
  if (request.method == "GET") {
    // URL verification: echostr is plaintext in every mode, and not signed.
    if (Status s = VerifyPlainSignature(config_.token, request, config_.replay_window_s); !s.ok()) {
      return s;
    }
    const std::string& echostr = Field(request.query, "echostr");
    if (echostr.empty()) return Status::InvalidArgument("echostr is missing");
    ParseResult result;
    result.immediate = HttpAnswer{200, "text/plain; charset=utf-8", echostr};
    *out = std::move(result);
    return Status::Ok();
  }
  if (request.method == "POST") return ParsePost(request, out);
  return Status::InvalidArgument("method must be GET or POST");
}

Status WeChatChannel::ParsePost(const ChannelRequest& request, ParseResult* out) const {
  const std::string& encrypt_type = Field(request.query, "encrypt_type");
  if (!encrypt_type.empty() && encrypt_type != "aes" && encrypt_type != "raw") {
    return Status::InvalidArgument("encrypt_type must be \"aes\" or \"raw\"");
  }
  const bool aes = encrypt_type == "aes";
  const std::string& timestamp = Field(request.query, "timestamp");
  const std::string& nonce = Field(request.query, "nonce");
  // In safe and compatible mode msg_signature authenticates the request; the plain
  // signature, when it comes too, must match as well.
  if (!aes || !Field(request.query, "signature").empty()) {
    if (Status s = VerifyPlainSignature(config_.token, request, config_.replay_window_s); !s.ok()) {
      return s;
    }
  }
  FlatXml doc;
  std::string err;
  if (!ParseFlatXml(request.body, &doc, &err)) return Status::InvalidArgument(err);
  if (doc.root != "xml") return Status::InvalidArgument("the root element must be <xml>");

  FlatXml inner;
  if (aes) {
    if (!crypt_) {
      return Status::Unauthenticated(
          "an encrypted (safe mode) request, but encoding_aes_key is not configured");
    }
    const std::string& encrypt = doc.Get("Encrypt");
    if (encrypt.empty()) return Status::InvalidArgument("Encrypt is missing");
    const std::string& msg_signature = Field(request.query, "msg_signature");
    if (msg_signature.empty() || timestamp.empty() || nonce.empty()) {
      return Status::Unauthenticated("missing msg_signature, timestamp or nonce");
    }
    std::string plain;
    if (Status s = crypt_->Open(msg_signature, timestamp, nonce, encrypt, &plain); !s.ok()) return s;
    int64_t ts = 0;
    if (!ParseDecimal(timestamp, &ts)) return Status::InvalidArgument("timestamp must be unix seconds");
    if (Status s = CheckReplayWindow(ts, request.now_ms, config_.replay_window_s, "timestamp"); !s.ok()) {
      return s;
    }
    if (!ParseFlatXml(plain, &inner, &err)) return Status::InvalidArgument("decrypted message: " + err);
  } else {
    if (!doc.Has("MsgType") && doc.Has("Encrypt")) {
      return Status::InvalidArgument("an encrypted body without encrypt_type=aes");
    }
    inner = std::move(doc);
  }
  wx::MapOptions options;
  options.platform = platform();
  options.account = &account_;
  options.menu_commands = &config_.menu_commands;
  options.encrypted = aes;
  options.nonce = nonce;
  options.now_ms = request.now_ms;
  ParseResult result;
  if (Status s = wx::MapMessage(inner, options, &result); !s.ok()) return s;
  *out = std::move(result);
  return Status::Ok();
}

Status WeChatChannel::Render(const dialog::TurnAnswer& answer, std::string_view reply_context,
                             const RenderOptions& options, RenderResult* out) const {
  return wx::Render(answer, reply_context, options, crypt_ ? &*crypt_ : nullptr, random_,
                    config_.api_base + "/cgi-bin/message/custom/send",
                    [](const std::string& to, const std::string& content) {
                      return DumpJson(ordered_json{{"touser", to},
                                                   {"msgtype", "text"},
                                                   {"text", {{"content", content}}}});
                    },
                    out);
}

HttpAnswer WeChatChannel::Ack() const { return wx::Success(); }

std::optional<OutboundRequest> WeChatChannel::TokenRequest() const {
  OutboundRequest r;
  if (config_.token_endpoint == "stable_token") {
    r.url = config_.api_base + "/cgi-bin/stable_token";
    r.headers = {{"Content-Type", "application/json; charset=utf-8"}};
    r.body = DumpJson(ordered_json{{"grant_type", "client_credential"},
                                   {"appid", config_.app_id},
                                   {"secret", config_.app_secret}});
  } else {
    r.method = "GET";
    r.url = config_.api_base + "/cgi-bin/token?grant_type=client_credential&appid=" +
            UrlEncode(config_.app_id) + "&secret=" + UrlEncode(config_.app_secret);
  }
  return r;
}

Status WeChatChannel::ParseTokenResponse(const HttpResponse& response, std::string* token,
                                         int64_t* expires_in_s) const {
  return wx::ParseToken(response, token, expires_in_s);
}

ApiOutcome WeChatChannel::Classify(const OutboundRequest&, const HttpResponse& response) const {
  // 40001 invalid credential, 40014 invalid access_token, 42001 expired access_token;
  // -1 system busy, 45009 API frequency limit. 45015 (48 h passed or unsubscribed)
  // and 45047 (too many messages since the user's last one) are permanent.
  return wx::Classify(response, {40001, 40014, 42001}, {-1, 45009});
}

}  // namespace careerbot::adapters
