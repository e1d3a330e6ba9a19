// WeCom (企业微信) self-built application adapter: GET /wecom/{app} URL verification
// (encrypted echostr) and encrypted POST callbacks; passive replies (encrypted) and
// the application message API (message/send with the agentid).
//
// Callbacks map as for WeChat (wechat.h): text, voice with Recognition, subscribe
// (kStart), unsubscribe (kStop), menu click (menu_commands), other message types
// kUnsupported, other events (enter_agent, view, location …) acknowledged and
// ignored. message_id is MsgId, or "<FromUserName>:<CreateTime>:<Event>" for events.
// A callback whose AgentID is not the configured agent_id is refused.
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

// channels.wecom.<app>, named as the admin console names them.
struct WeComConfig {
  std::string corp_id;           // 企业ID CorpID
  int64_t agent_id = 0;          // 应用 AgentId
  std::string token;             // 接收消息 Token: 3-32 of [A-Za-z0-9]
  std::string encoding_aes_key;  // 接收消息 EncodingAESKey: 43 of [A-Za-z0-9]
  std::string secret;            // 应用 Secret
  std::string api_base = "https://qyapi.weixin.qq.com";
  int64_t replay_window_s = 300;  // 0 = off
  std::map<std::string, std::string> menu_commands;  // click EventKey -> command text
};

// InvalidArgument names the key ("channels.wecom.hr.agent_id: is required").
Status ParseWeComConfig(const nlohmann::json& j, const std::string& path, WeComConfig* out);

class WeComChannel : public Channel {
 public:
  static Status Create(std::string account, WeComConfig config, RandomSource random,
                       std::unique_ptr<WeComChannel>* out);

  std::string_view platform() const override { return "wecom"; }
  Status Parse(const ChannelRequest& request, ParseResult* out) const override;
  Status Render(const dialog::TurnAnswer& answer, std::string_view reply_context,
                const RenderOptions& options, RenderResult* out) const override;
  HttpAnswer Ack() const override;

  std::string token_key() const override {
    return "wecom:" + config_.corp_id + ":" + std::to_string(config_.agent_id);
  }
  std::optional<OutboundRequest> TokenRequest() const override;
  Status ParseTokenResponse(const HttpResponse& response, std::string* token,
                            int64_t* expires_in_s) const override;
  ApiOutcome Classify(const OutboundRequest& request, const HttpResponse& response) const override;

 private:
  WeComChannel(std::string account, WeComConfig config, RandomSource random)
      : account_(std::move(account)), config_(std::move(config)), random_(std::move(random)) {}

  std::string account_;
  WeComConfig config_;
  RandomSource random_;
  WxCrypt crypt_;
};

}  // namespace careerbot::adapters
