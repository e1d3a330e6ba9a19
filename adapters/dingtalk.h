// DingTalk enterprise-internal robot adapter (HTTP callback mode): POST
// /dingtalk/{robot} with the timestamp and sign headers; replies through the
// message's sessionWebhook while it is valid, else through the robot API.
//
// Authenticity: sign = Base64(HmacSHA256(app_secret, timestamp + "\n" + app_secret)),
// compared in constant time, and the timestamp (ms) within replay_window_s (one hour
// by DingTalk's documentation). The sign covers only the timestamp, not the body:
// a captured pair of headers can carry another body for the window's length. So
// the body's sessionWebhook must start with session_webhook_base (nothing else is
// ever posted to), and msgId deduplication is what stops a replayed message.
//
// What a callback becomes (message_id = msgId; user = senderStaffId, else senderId):
//   text                        kMessage, text = text.content without the leading space
//   audio with a recognition    kMessage, text = content.recognition
//   other types                 kUnsupported, detail = msgtype
// In group chats the robot receives only messages that @-mention it; it answers
// in the group, mentioning the sender.
//
// Replies: through the sessionWebhook (no token) while it is valid for at least
// kSessionWebhookMarginMs more: text, or an ActionCard whose buttons send the
// choice's number back as the user's message (dtmd://dingtalkclient/sendMessage),
// which the dialog reads as that choice. After that: the robot API (batchSend for
// one-to-one chats, groupMessages/send for groups) with the app's access token,
// choices as numbered lines.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>

#include <nlohmann/json_fwd.hpp>

#include "adapters/channel.h"

namespace careerbot::adapters {

// No primary number for the robot's text length was found; 4000 bytes is a
// conservative cut.
inline constexpr size_t kDingTalkMaxTextBytes = 4000;
// A reply is queued for the outbox and may go out a little later than rendered.
inline constexpr int64_t kSessionWebhookMarginMs = 5 * 60 * 1000;

// channels.dingtalk.<robot>, named as the developer console names them.
struct DingTalkConfig {
  std::string app_key;     // AppKey (Client ID)
  std::string app_secret;  // AppSecret (Client Secret): also the callback's signing key
  std::string robot_code;  // RobotCode; "" = the app_key (an internal app's robot)
  std::string api_base = "https://api.dingtalk.com";
  std::string session_webhook_base = "https://oapi.dingtalk.com";
  int64_t replay_window_s = 3600;  // 0 = off
};

Status ParseDingTalkConfig(const nlohmann::json& j, const std::string& path, DingTalkConfig* out);

// Base64(HmacSHA256(app_secret, timestamp + "\n" + app_secret)).
std::string DingTalkSign(std::string_view timestamp, std::string_view app_secret);

class DingTalkChannel : public Channel {
 public:
  DingTalkChannel(std::string account, DingTalkConfig config);

  std::string_view platform() const override { return "dingtalk"; }
  Status Parse(const ChannelRequest& request, ParseResult* out) const override;
  Status Render(const dialog::TurnAnswer& answer, std::string_view reply_context,
                const RenderOptions& options, RenderResult* out) const override;
  HttpAnswer Ack() const override;

  std::string token_key() const override { return "dingtalk:" + config_.app_key; }
  std::optional<OutboundRequest> TokenRequest() const override;
  Status ParseTokenResponse(const HttpResponse& response, std::string* token,
                            int64_t* expires_in_s) const override;
  ApiOutcome Classify(const OutboundRequest& request, const HttpResponse& response) const override;

 private:
  std::string account_;
  DingTalkConfig config_;
};

}  // namespace careerbot::adapters
