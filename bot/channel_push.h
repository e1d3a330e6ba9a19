// Writing to a messaging-channel client who did not ask: a staff turn's replies
// become the API calls of the client's channel account (WeChat customer-service
// messages, a Telegram sendMessage …), queued in the outbox by the turn.
#pragma once

#include <functional>

#include "bot/channel_accounts.h"
#include "bot/conversation_service.h"

namespace careerbot::bot {

// The push of ConversationService::RunStaffTurn over the configured accounts
// (channels may be null: no messaging channel; it must outlive the push). A
// client of a channel that is not a configured messaging account (the JSON
// channel, the widget, the terminal) is not reached.
class ChannelPush : public ConversationService::Push {
 public:
  ChannelPush(const ChannelMap* channels, std::function<int64_t()> now_ms)
      : channels_(channels), now_ms_(std::move(now_ms)) {}

  bool Reaches(const storage::ClientKey& key) const override;
  Status Render(const storage::ClientKey& key, const std::string& reply_context,
                const dialog::TurnAnswer& answer,
                std::vector<storage::OutboxRequest>* outbox) const override;

 private:
  const adapters::Channel* ChannelOf(const storage::ClientKey& key) const;

  const ChannelMap* const channels_;
  const std::function<int64_t()> now_ms_;
};

}  // namespace careerbot::bot
