// Telegram Bot API adapter: POST /telegram/{bot} webhook updates, replies through
// sendMessage with inline keyboards, answerCallbackQuery for button taps.
//
// Authenticity: the X-Telegram-Bot-Api-Secret-Token header (set with setWebhook's
// secret_token) compared in constant time. Bodies are not signed.
//
// What an update becomes (message_id is always the update_id):
//   message with text (private chat)     kMessage; "/start [payload]" is kStart
//   message without text                 kUnsupported, detail = "photo", "sticker" …
//   callback_query with data             kMessage with choice = data (the tapped button)
//   my_chat_member, status "kicked"      kStop (the user blocked the bot)
//   anything else (groups, channels, edits, messages from bots, other updates):
//                                        acknowledged, nothing run
// Updates carry no signed timestamp; replay_window_s (0 by default) applies to a
// message's date. Telegram redelivers unanswered updates for up to 24 hours, and a
// refused update is redelivered again, so keep the window 0 unless stale updates
// must be refused.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>

#include <nlohmann/json_fwd.hpp>

#include "adapters/channel.h"

namespace careerbot::adapters {

// Text: 1-4096 characters after entity parsing; counted here in UTF-16 code units,
// which is never fewer than Telegram's count.
inline constexpr size_t kTelegramMaxTextUnits = 4096;
// callback_data: 1-64 bytes. A choice id longer than that is shown as a numbered line.
inline constexpr size_t kTelegramMaxCallbackBytes = 64;

// channels.telegram.<bot>, named as the Bot API names them.
struct TelegramConfig {
  std::string bot_token;     // from @BotFather: "<digits>:<secret>"
  std::string secret_token;  // setWebhook secret_token: 1-256 of [A-Za-z0-9_-]
  std::string api_base = "https://api.telegram.org";
  int64_t replay_window_s = 0;
};

Status ParseTelegramConfig(const nlohmann::json& j, const std::string& path, TelegramConfig* out);

class TelegramChannel : public Channel {
 public:
  TelegramChannel(std::string account, TelegramConfig config)
      : account_(std::move(account)), config_(std::move(config)) {}

  std::string_view platform() const override { return "telegram"; }
  Status Parse(const ChannelRequest& request, ParseResult* out) const override;
  // Always answered with Ack(); every reply is a sendMessage call. A tapped button
  // is first answered (answerCallbackQuery) and its keyboard removed
  // (editMessageReplyMarkup), so an old question cannot be answered twice.
  Status Render(const dialog::TurnAnswer& answer, std::string_view reply_context,
                const RenderOptions& options, RenderResult* out) const override;
  HttpAnswer Ack() const override;

  std::string token_key() const override;
  std::optional<OutboundRequest> TokenRequest() const override { return std::nullopt; }
  Status ParseTokenResponse(const HttpResponse&, std::string*, int64_t*) const override {
    return Status::Internal("Telegram has no token endpoint");
  }
  std::string StaticToken() const override { return config_.bot_token; }
  ApiOutcome Classify(const OutboundRequest& request, const HttpResponse& response) const override;

 private:
  std::string account_;
  TelegramConfig config_;
};

}  // namespace careerbot::adapters
