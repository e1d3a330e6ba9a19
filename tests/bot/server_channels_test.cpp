// The other platforms' routes in the real server: WeCom's URL verification (GET
// with an encrypted echostr), Feishu's url_verification challenge, a DingTalk
// message answered through its session webhook on a fake platform, and the
// documented example configuration.
#include <doctest/doctest.h>

#include <cstdlib>

#include "adapters/crypto.h"
#include "adapters/dingtalk.h"
#include "tests/support/channel_requests.h"
#include "tests/support/database_probe.h"
#include "tests/support/fake_platform.h"
#include "tests/support/server_process.h"
#include "tests/support/temp_dir.h"

namespace careerbot::testing {
namespace {

constexpr char kCorpId[] = "ww1436e0e65a779aee";

int64_t NowMillis() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
      .count();
}

struct AllChannels {
  TempDir dir;
  FakePlatform platform;
  std::unique_ptr<ServerProcess> server;
  std::string db = dir.File("careerbot.db");

  AllChannels() {
    platform.SetHandler([](const FakePlatform::Call&, const std::vector<FakePlatform::Call>&) {
      return FakePlatform::Answer{200, R"({"errcode":0,"errmsg":"ok"})"};
    });
    const nlohmann::json channels = {
        {"wecom",
         {{"hr",
           {{"corp_id", kCorpId},
            {"agent_id", 1000002},
            {"token", kWxToken},
            {"encoding_aes_key", kWxAesKey},
            {"secret", "wecom-secret"},
            {"api_base", platform.base()}}}}},
        {"feishu",
         {{"app",
           {{"app_id", "cli_9f5343c580712544"},
            {"app_secret", "feishu-secret"},
            {"verification_token", "feishu-verification"},
            {"api_base", platform.base()}}}}},
        {"dingtalk",
         {{"robot",
           {{"app_key", "dingd8e1123006514592"},
            {"app_secret", "dingtalk-secret"},
            {"api_base", platform.base()},
            {"session_webhook_base", platform.base()}}}}}};
    server = std::make_unique<ServerProcess>(dir.path(),
                                             std::vector<std::string>{"--config", WriteChannelConfig(dir, channels)});
  }
};

TEST_CASE("channels: WeCom and Feishu verify their callback URLs, DingTalk replies through the session webhook") {
  AllChannels s;

  SUBCASE("WeCom: the encrypted echostr, decrypted") {
    adapters::WxCrypt crypt;
    REQUIRE(adapters::WxCrypt::Create(kWxToken, kWxAesKey, kCorpId, &crypt).ok());
    std::string echostr;
    REQUIRE(crypt.Encrypt("1616140317555161061", "0123456789abcdef", &echostr).ok());
    const std::string ts = std::to_string(NowSeconds());
    const std::string query = "msg_signature=" + crypt.Signature(ts, "n1", echostr) + "&timestamp=" + ts +
                              "&nonce=n1&echostr=" + adapters::UrlEncode(echostr);
    auto res = s.server->Client().Get("/wecom/hr?" + query);
    REQUIRE(res);
    CHECK(res->status == 200);
    CHECK(res->body == "1616140317555161061");
    auto wrong = s.server->Client().Get("/wecom/hr?" + query + "x");
    REQUIRE(wrong);
    CHECK(wrong->status != 200);
  }
  SUBCASE("Feishu: the url_verification challenge") {
    const std::string body =
        R"({"challenge":"ajls384kdjx98XX","token":"feishu-verification","type":"url_verification"})";
    auto res = s.server->Client().Post("/feishu/app", body, "application/json");
    REQUIRE(res);
    CHECK(res->status == 200);
    CHECK(nlohmann::json::parse(res->body) == nlohmann::json{{"challenge", "ajls384kdjx98XX"}});
    auto wrong = s.server->Client().Post(
        "/feishu/app", R"({"challenge":"x","token":"not-it","type":"url_verification"})", "application/json");
    REQUIRE(wrong);
    CHECK(wrong->status == 401);
    CHECK(s.server->Client().Post("/feishu/other", body, "application/json")->status == 404);
  }
  SUBCASE("DingTalk: a one-to-one message, answered through its session webhook") {
    const int64_t now = NowMillis();
    const std::string webhook = s.platform.base() + "/robot/sendBySession?session=abc";
    const std::string body = nlohmann::json{{"conversationId", "cid1"},
                                            {"msgId", "msg-dt-1"},
                                            {"senderStaffId", "0123"},
                                            {"senderId", "$:x"},
                                            {"conversationType", "1"},
                                            {"sessionWebhook", webhook},
                                            {"sessionWebhookExpiredTime", now + 3600 * 1000},
                                            {"text", {{"content", "你好"}}},
                                            {"msgtype", "text"}}
                                 .dump();
    const std::string ts = std::to_string(now);
    httplib::Headers headers = {{"timestamp", ts}, {"sign", adapters::DingTalkSign(ts, "dingtalk-secret")}};
    auto res = s.server->Client().Post("/dingtalk/robot", headers, body, "application/json");
    REQUIRE(res);
    CHECK(res->status == 200);
    REQUIRE(s.platform.WaitForCalls("/robot/sendBySession", 1));
    const auto sent = s.platform.CallsTo("/robot/sendBySession");
    CHECK(sent[0].query == "session=abc");
    CHECK(nlohmann::json::parse(sent[0].body).dump().find("你好！这里是") != std::string::npos);
    CHECK(QueryInt(s.db, "SELECT count(*) FROM messages WHERE direction = 'in' AND message_id = 'msg-dt-1'") == 1);

    headers = {{"timestamp", ts}, {"sign", "forged"}};
    auto forged = s.server->Client().Post("/dingtalk/robot", headers, body, "application/json");
    REQUIRE(forged);
    CHECK(forged->status == 401);
  }
}

TEST_CASE("channels: the example configuration's channel entries are valid") {
  // config/careerbot.json keeps its examples under channels._examples (ignored as a
  // comment); moved into place, with the secrets in the environment, they load.
  TempDir dir;
  std::ifstream in(std::string(CAREERBOT_SOURCE_DIR) + "/config/careerbot.json");
  nlohmann::json config = nlohmann::json::parse(in);
  const nlohmann::json examples = config.at("channels").at("_examples");
  for (const auto& [platform, accounts] : examples.items()) {
    if (platform.rfind('_', 0) == 0) continue;
    config["channels"][platform] = accounts;
  }
  config["channels"].erase("_examples");
  REQUIRE(config.at("channels").size() >= 6);  // api and the five platforms
  for (const char* name : {"WECHAT_APP_SECRET", "WECHAT_AES_KEY", "WECOM_AES_KEY", "WECOM_SECRET",
                           "FEISHU_APP_SECRET", "FEISHU_VERIFICATION_TOKEN", "FEISHU_ENCRYPT_KEY",
                           "DINGTALK_APP_SECRET", "TELEGRAM_BOT_TOKEN", "TELEGRAM_SECRET_TOKEN"}) {
    setenv(name, std::string(name) == "WECHAT_AES_KEY" || std::string(name) == "WECOM_AES_KEY"
                     ? kWxAesKey
                     : std::string(name) == "TELEGRAM_BOT_TOKEN" ? kTgBotToken : "placeholder-secret",
           1);
  }
  const std::string path = dir.File("careerbot.json");
  std::ofstream(path) << config.dump(2);
  auto r = RunCommand({"check-config", path}, "", dir.path());
  CHECK_MESSAGE(r.exit_code == 0, r.err);
  CHECK(r.out.find("wechat/main") != std::string::npos);
}

}  // namespace
}  // namespace careerbot::testing
