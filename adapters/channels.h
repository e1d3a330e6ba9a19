// Building a Channel from its configuration entry: the one function bot/ calls per
// configured account, so it needs no platform's header.
#pragma once

#include <memory>
#include <string>
#include <string_view>

#include <nlohmann/json_fwd.hpp>

#include "adapters/channel.h"

namespace careerbot::adapters {

// The platforms, as they appear in "channels.<platform>.<key>" and in routes.
inline constexpr std::string_view kChannelPlatforms[] = {"wechat", "wecom", "feishu", "dingtalk", "telegram"};

// Parses `config` (the object at channels.<platform>.<account>) and builds the
// adapter. InvalidArgument names the key ("channels.wechat.main.token: is
// required"), or the platform when it is not one of kChannelPlatforms. `random`
// feeds encryption (SystemRandom() in production).
Status MakeChannel(std::string_view platform, const std::string& account, const nlohmann::json& config,
                   RandomSource random, std::unique_ptr<Channel>* out);

}  // namespace careerbot::adapters
