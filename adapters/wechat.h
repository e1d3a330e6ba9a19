// WeChat Official Account (公众号) adapter: GET /wechat/{account} verification and
// POST callbacks in plaintext, compatible and safe (encrypted) mode; passive XML
// replies and the customer-service message API (message/custom/send).
//
// What a callback becomes (InboundMessage):
//   text                      kMessage, text = Content, message_id = MsgId
//   voice with Recognition    kMessage, text = Recognition, message_id = MsgId
//   voice without, image, video, shortvideo, location, link, file …
//                             kUnsupported, detail = MsgType
//   event subscribe           kStart, detail = EventKey ("qrscene_…" or "")
//   event unsubscribe         kStop
//   event CLICK               kMessage with text = menu_commands[EventKey]; a key the
//                             configuration does not map: kUnsupported "CLICK:<key>"
//   other events (VIEW, SCAN, LOCATION, TEMPLATESENDJOBFINISH …): ignored, answered
//                             "success" (they come without the user writing anything)
// Events have no MsgId; their message_id is "<FromUserName>:<CreateTime>:<Event>"
// (the platform's documented key FromUserName + CreateTime, plus the event name).
//
// Replies: while the request is open (RenderOptions::passive), the first message
// goes into the passive reply (encrypted when the request was), the rest out as
// custom/send calls; texts are packed and split under kWeChatMaxTextBytes, choices
// as numbered lines, links as <a href> (WeChat shows them as links).
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>

#include <nlohmann/json_fwd.hpp>

#include "adapters/channel.h"
#include "adapters/wx_crypt.h"

namespace careerbot::adapters {

// channels.wechat.<account>, named as the console (基本配置) names them.
struct WeChatConfig {
  std::string token;             // 令牌 Token: 3-32 of [A-Za-z0-9]
  std::string encoding_aes_key;  // 消息加解密密钥: 43 of [A-Za-z0-9]; "" = plaintext mode only
  std::string app_id;            // 开发者ID AppID
  std::string app_secret;        // 开发者密码 AppSecret
  std::string api_base = "https://api.weixin.qq.com";
  int64_t replay_window_s = 300;  // 0 = off
  // The access-token endpoint: "token" (cgi-bin/token) or "stable_token"
  // (cgi-bin/stable_token, which does not invalidate the previous token).
  std::string token_endpoint = "token";
  std::map<std::string, std::string> menu_commands;  // CLICK EventKey -> command text
};

// Reads `j` (the object at `path`, e.g. "channels.wechat.main"). InvalidArgument
// names the key: "channels.wechat.main.encoding_aes_key: must be 43 characters of [A-Za-z0-9]".
Status ParseWeChatConfig(const nlohmann::json& j, const std::string& path, WeChatConfig* out);

class WeChatChannel : public Channel {
 public:
  // InvalidArgument when the configuration is inconsistent (a malformed key).
  static Status Create(std::string account, WeChatConfig config, RandomSource random,
                       std::unique_ptr<WeChatChannel>* out);

  std::string_view platform() const override { return "wechat"; }
  Status Parse(const ChannelRequest& request, ParseResult* out) const override;
  Status Render(const dialog::TurnAnswer& answer, std::string_view reply_context,
                const RenderOptions& options, RenderResult* out) const override;
  HttpAnswer Ack() const override;

  std::string token_key() const override { return "wechat:" + config_.app_id; }
  std::optional<OutboundRequest> TokenRequest() const override;
  Status ParseTokenResponse(const HttpResponse& response, std::string* token,
                            int64_t* expires_in_s) const override;
  ApiOutcome Classify(const OutboundRequest& request, const HttpResponse& response) const override;

 private:
  WeChatChannel(std::string account, WeChatConfig config, RandomSource random)
      : account_(std::move(account)), config_(std::move(config)), random_(std::move(random)) {}
  Status ParsePost(const ChannelRequest& request, ParseResult* out) const;

  std::string account_;
  WeChatConfig config_;
  RandomSource random_;
  std::optional<WxCrypt> crypt_;  // when encoding_aes_key is set
};

}  // namespace careerbot::adapters
