#include "adapters/channels.h"

#include <nlohmann/json.hpp>

#include "adapters/dingtalk.h"
#include "adapters/feishu.h"
#include "adapters/telegram.h"
#include "adapters/wechat.h"
#include "adapters/wecom.h"

namespace careerbot::adapters {

Status MakeChannel(std::string_view platform, const std::string& account, const nlohmann::json& config,
                   RandomSource random, std::unique_ptr<Channel>* out) {
  const std::string path = "channels." + std::string(platform) + "." + account;
  if (platform == "wechat") {
    WeChatConfig c;
    std::unique_ptr<WeChatChannel> ch;
    if (Status s = ParseWeChatConfig(config, path, &c); !s.ok()) return s;
    if (Status s = WeChatChannel::Create(account, std::move(c), std::move(random), &ch); !s.ok()) {
      return s.Annotate(path);
    }
    *out = std::move(ch);
  } else if (platform == "wecom") {
    WeComConfig c;
    std::unique_ptr<WeComChannel> ch;
    if (Status s = ParseWeComConfig(config, path, &c); !s.ok()) return s;
    if (Status s = WeComChannel::Create(account, std::move(c), std::move(random), &ch); !s.ok()) {
      return s.Annotate(path);
    }
    *out = std::move(ch);
  } else if (platform == "feishu") {
    FeishuConfig c;
    if (Status s = ParseFeishuConfig(config, path, &c); !s.ok()) return s;
    *out = std::make_unique<FeishuChannel>(account, std::move(c));
  } else if (platform == "dingtalk") {
    DingTalkConfig c;
    if (Status s = ParseDingTalkConfig(config, path, &c); !s.ok()) return s;
    *out = std::make_unique<DingTalkChannel>(account, std::move(c));
  } else if (platform == "telegram") {
    TelegramConfig c;
    if (Status s = ParseTelegramConfig(config, path, &c); !s.ok()) return s;
    *out = std::make_unique<TelegramChannel>(account, std::move(c));
  } else {
    return Status::InvalidArgument("channels." + std::string(platform) +
                                   ": unknown platform (wechat, wecom, feishu, dingtalk, telegram)");
  }
  return Status::Ok();
}

}  // namespace careerbot::adapters
