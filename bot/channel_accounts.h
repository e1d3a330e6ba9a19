// The messaging-channel accounts the server runs (channels.<platform>.<key> of the
// configuration), and the form in which an adapter's API call waits in the outbox.
//
// A ChannelMap is built once at start-up and read-only afterwards; the adapters
// are safe to use from many threads (adapters/channel.h).
#pragma once

#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <utility>

#include "adapters/channel.h"
#include "base/status.h"
#include "bot/config.h"

namespace careerbot::bot {

// (platform, account key) → its adapter.
using ChannelMap = std::map<std::pair<std::string, std::string>, std::unique_ptr<adapters::Channel>>;

// Builds every configured account's adapter. The configuration was checked when it
// was read; an error here (an environment variable unset since) names the key.
Status OpenChannels(const Config& config, ChannelMap* out);

// The account's adapter, or nullptr when it is not configured.
const adapters::Channel* FindChannel(const ChannelMap& channels, std::string_view platform,
                                     std::string_view account);

// An OutboundRequest as the outbox keeps it: {"method", "url", "headers": [[name,
// value] …], "body", "auth"}. The request carries no credential (Sender adds it at
// delivery), so neither does this text.
std::string EncodeOutboundRequest(const adapters::OutboundRequest& request);
// InvalidArgument when the text is not what EncodeOutboundRequest makes.
Status DecodeOutboundRequest(std::string_view text, adapters::OutboundRequest* out);

}  // namespace careerbot::bot
