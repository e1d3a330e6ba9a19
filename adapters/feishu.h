// Feishu / Lark adapter: POST /feishu/{app} event subscription (url_verification
// challenge, Encrypt Key encryption, X-Lark-Signature, Verification Token),
// im.message.receive_v1, card.action.trigger (button taps on our cards), replies
// through im/v1/messages/{message_id}/reply with the tenant access token.
//
// Verification, in order:
//   - X-Lark-Signature, when present: hex(SHA-256(timestamp + nonce + encrypt_key +
//     raw body)) over the raw bytes, compared in constant time, and its timestamp
//     within replay_window_s. With an Encrypt Key configured, every request except
//     url_verification must carry it (Feishu does not sign the challenge, and
//     demanding it there fails the console's check);
//   - {"encrypt": …}: key = SHA-256(encrypt_key), IV = the first 16 bytes,
//     AES-256-CBC, PKCS#7 (block 16);
//   - the Verification Token (header.token in schema 2.0, token in 1.0), in
//     constant time, always.
//
// What an event becomes:
//   im.message.receive_v1, p2p, from a user, text   kMessage, text with @mentions removed,
//                                                   message_id = the message's message_id
//                                         other types   kUnsupported, detail = message_type
//   card.action.trigger with value {"choice": id}  kMessage with choice, message_id = event_id
//   p2p_chat_create (schema 1.0)                    kStart, message_id = uuid
//   anything else (group chats, bots, other events)  acknowledged, nothing run
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>

#include <nlohmann/json_fwd.hpp>

#include "adapters/channel.h"

namespace careerbot::adapters {

// A text or card reply's text, in bytes: well under the 150 KB request limit of a
// text message and the 30 KB of a card.
inline constexpr size_t kFeishuMaxTextBytes = 20000;

// channels.feishu.<app>, named as the developer console names them.
struct FeishuConfig {
  std::string app_id;              // App ID (cli_…)
  std::string app_secret;          // App Secret
  std::string verification_token;  // 事件订阅 Verification Token
  std::string encrypt_key;         // 事件订阅 Encrypt Key; "" = not encrypted, not signed
  std::string api_base = "https://open.feishu.cn";  // Lark: https://open.larksuite.com
  // Feishu redelivers for hours (15 s, 5 min, 1 h, 6 h) and it is not known whether a
  // redelivery carries a new timestamp: a day covers every retry.
  int64_t replay_window_s = 86400;
};

Status ParseFeishuConfig(const nlohmann::json& j, const std::string& path, FeishuConfig* out);

// Decrypts an "encrypt" value. InvalidArgument for malformed base64, a length that
// is not an IV plus whole blocks, or a bad padding.
Status FeishuDecrypt(std::string_view encrypt_key, std::string_view encrypt, std::string* plain);

class FeishuChannel : public Channel {
 public:
  FeishuChannel(std::string account, FeishuConfig config)
      : account_(std::move(account)), config_(std::move(config)) {}

  std::string_view platform() const override { return "feishu"; }
  Status Parse(const ChannelRequest& request, ParseResult* out) const override;
  // Always answered with Ack(); replies are API calls: a text message, or an
  // interactive card whose buttons carry {"choice": id} for choices and links. Each
  // call carries a uuid derived from the inbound message, so Feishu drops a resend
  // of the same reply within an hour.
  Status Render(const dialog::TurnAnswer& answer, std::string_view reply_context,
                const RenderOptions& options, RenderResult* out) const override;
  HttpAnswer Ack() const override;

  std::string token_key() const override { return "feishu:" + config_.app_id; }
  std::optional<OutboundRequest> TokenRequest() const override;
  Status ParseTokenResponse(const HttpResponse& response, std::string* token,
                            int64_t* expires_in_s) const override;
  ApiOutcome Classify(const OutboundRequest& request, const HttpResponse& response) const override;

 private:
  std::string account_;
  FeishuConfig config_;
};

}  // namespace careerbot::adapters
