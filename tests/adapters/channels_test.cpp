// The factory bot/ uses: one configuration entry in, one adapter out.
#include "adapters/channels.h"

#include <doctest/doctest.h>

#include <cstdlib>
#include <fstream>

#include <nlohmann/json.hpp>

#include "tests/support/temp_dir.h"

namespace careerbot::adapters {
namespace {

TEST_CASE("MakeChannel: every platform from its configuration entry") {
  const nlohmann::json configs = nlohmann::json::parse(R"({
    "wechat": {"token": "spamtest", "encoding_aes_key": "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG",
               "app_id": "wx2c2769f8efd9abc2", "app_secret": "s", "_comment": "ignored"},
    "wecom": {"corp_id": "ww1", "agent_id": 1000002, "token": "QDG6eK",
              "encoding_aes_key": "jWmYm7qr5nMoAUwZRjGtBxmz3KA1tkAj3ykkR6q2B2C", "secret": "s"},
    "feishu": {"app_id": "cli_1", "app_secret": "s", "verification_token": "v", "encrypt_key": "k"},
    "dingtalk": {"app_key": "ding1", "app_secret": "s"},
    "telegram": {"bot_token": "1:abc", "secret_token": "t"}})");
  for (std::string_view platform : kChannelPlatforms) {
    std::unique_ptr<Channel> ch;
    INFO(platform);
    REQUIRE(MakeChannel(platform, "main", configs[std::string(platform)], SystemRandom(), &ch).ok());
    CHECK(ch->platform() == platform);
  }
  std::unique_ptr<Channel> ch;
  CHECK(MakeChannel("line", "main", nlohmann::json::object(), SystemRandom(), &ch).ToString() ==
        "invalid_argument: channels.line: unknown platform (wechat, wecom, feishu, dingtalk, telegram)");
  CHECK(MakeChannel("wechat", "main", {{"token", "spamtest"}}, SystemRandom(), &ch).ToString() ==
        "invalid_argument: channels.wechat.main.app_id: is required");
}

TEST_CASE("MakeChannel: secrets from the environment or a file") {
  const careerbot::testing::TempDir dir;
  const std::string file = dir.File("bot_token");
  {
    std::ofstream(file) << "file-secret\n";
  }
  ::setenv("CAREERBOT_TEST_TG_SECRET", "env_secret", 1);
  std::unique_ptr<Channel> ch;
  CHECK(MakeChannel("telegram", "bot", {{"bot_token_file", file}, {"secret_token_env", "CAREERBOT_TEST_TG_SECRET"}},
                    SystemRandom(), &ch)
            .ToString() ==
        "invalid_argument: channels.telegram.bot.bot_token: must be \"<digits>:<token>\" as @BotFather gives it");
  {
    std::ofstream(file) << "42:file-token\n";
  }
  REQUIRE(MakeChannel("telegram", "bot", {{"bot_token_file", file}, {"secret_token_env", "CAREERBOT_TEST_TG_SECRET"}},
                      SystemRandom(), &ch)
              .ok());
  CHECK(ch->StaticToken() == "42:file-token");
  CHECK(MakeChannel("telegram", "bot", {{"bot_token_file", "/nonexistent/x"}, {"secret_token", "t"}}, SystemRandom(), &ch)
            .ToString() == "invalid_argument: channels.telegram.bot.bot_token_file: cannot read /nonexistent/x");
  ::unsetenv("CAREERBOT_TEST_TG_SECRET");
}

TEST_CASE("ParseQuery and Authorize") {
  const auto q = ParseQuery("a=1&b=x%2By+z&c&a=2&&d=%E4%BD%A0&e=%zz");
  CHECK(q.at("a") == "1");
  CHECK(q.at("b") == "x+y+z");
  CHECK(q.at("c") == "");
  CHECK(q.at("d") == "你");
  CHECK(q.at("e") == "%zz");
  OutboundRequest r;
  r.url = "https://x/api?a=1";
  r.auth = Auth::kAccessTokenQuery;
  CHECK(Authorize(r, "T/1+").url == "https://x/api?a=1&access_token=T%2F1%2B");
  r.url = "https://x/api";
  CHECK(Authorize(r, "T").url == "https://x/api?access_token=T");
  r.auth = Auth::kBearer;
  CHECK(Authorize(r, "t-1").headers.back() == std::pair<std::string, std::string>("Authorization", "Bearer t-1"));
  r.auth = Auth::kDingTalkHeader;
  CHECK(Authorize(r, "d").headers.back().first == "x-acs-dingtalk-access-token");
  r.auth = Auth::kNone;
  CHECK(Authorize(r, "ignored").url == "https://x/api");
}

}  // namespace
}  // namespace careerbot::adapters
