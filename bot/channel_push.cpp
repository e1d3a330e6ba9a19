#include "bot/channel_push.h"

namespace careerbot::bot {

const adapters::Channel* ChannelPush::ChannelOf(const storage::ClientKey& key) const {
  return channels_ ? FindChannel(*channels_, key.channel, key.account) : nullptr;
}

bool ChannelPush::Reaches(const storage::ClientKey& key) const { return ChannelOf(key) != nullptr; }

Status ChannelPush::Render(const storage::ClientKey& key, const std::string& reply_context,
                           const dialog::TurnAnswer& answer,
                           std::vector<storage::OutboxRequest>* outbox) const {
  const adapters::Channel* channel = ChannelOf(key);
  if (channel == nullptr) return Status::FailedPrecondition("the client's channel cannot write unasked");
  adapters::RenderResult rendered;
  // Not passive: no platform request waits for an answer, so all becomes API calls.
  if (Status s = channel->Render(answer, reply_context, {now_ms_(), false}, &rendered); !s.ok()) return s;
  for (const adapters::OutboundRequest& r : rendered.outbound) {
    outbox->push_back({{key.channel, key.account}, EncodeOutboundRequest(r)});
  }
  return Status::Ok();
}

}  // namespace careerbot::bot
