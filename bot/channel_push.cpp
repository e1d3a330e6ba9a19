#include "bot/channel_push.h"

namespace careerbot::bot {

ConversationService::Push PushThroughChannels(const ChannelMap* channels, std::function<int64_t()> now_ms) {
  return [channels, now_ms = std::move(now_ms)](const storage::ClientKey& key, const std::string& reply_context,
                                                const dialog::TurnAnswer& answer,
                                                std::vector<storage::OutboxRequest>* outbox,
                                                bool* pushed) {
    *pushed = false;
    const adapters::Channel* channel = channels ? FindChannel(*channels, key.channel, key.account) : nullptr;
    if (channel == nullptr) return Status::Ok();
    adapters::RenderResult rendered;
    // Not passive: no platform request waits for an answer, so all becomes API calls.
    if (Status s = channel->Render(answer, reply_context, {now_ms(), false}, &rendered); !s.ok()) return s;
    for (const adapters::OutboundRequest& r : rendered.outbound) {
      outbox->push_back({{key.channel, key.account}, EncodeOutboundRequest(r)});
    }
    *pushed = true;
    return Status::Ok();
  };
}

}  // namespace careerbot::bot
