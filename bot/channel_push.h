// Writing to a messaging-channel client who did not ask: a staff turn's replies
// become the API calls of the client's channel account (WeChat customer-service
// messages, a Telegram sendMessage …), queued in the outbox by the turn.
#pragma once

#include "bot/channel_accounts.h"
#include "bot/conversation_service.h"

namespace careerbot::bot {

// The push of ConversationService::RunStaffTurn over the configured accounts
// (channels may be null: no messaging channel). A client of a channel that is not
// a configured messaging account (the JSON channel, the widget, the terminal) is
// not pushed to.
ConversationService::Push PushThroughChannels(const ChannelMap* channels, std::function<int64_t()> now_ms);

}  // namespace careerbot::bot
