// The server's log during a whole conversation (issue 9, point 8): one JSON
// object per line (ts, level, event first), and none of what the client said
// (their distinctive name and answers), nor the channels' secrets, nor staff
// tokens, also when requests fail (malformed, wrongly signed, unauthenticated).
#include <doctest/doctest.h>

#include <sstream>

#include "adapters/standard_webhooks.h"
#include "tests/bot/admin_testing.h"
#include "tests/bot/api_client.h"
#include "tests/support/channel_requests.h"
#include "tests/support/server_process.h"
#include "tests/support/temp_dir.h"

namespace careerbot::testing {
namespace {

constexpr char kApiSecret[] = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
constexpr char kWeChatAppSecret[] = "app-secret-9f8e7d6c5b4a";
constexpr char kName[] = "欧阳筱璇";
constexpr char kCity[] = "喀什";
constexpr char kMajor[] = "古生物学";
constexpr char kComplaint[] = "咨询师迟到了整整四十七分钟";

class SignedClient {
 public:
  SignedClient(int port, std::string user) : client_("127.0.0.1", port), user_(std::move(user)) {
    REQUIRE(adapters::StandardWebhookKey::Parse(kApiSecret, &key_).ok());
    client_.set_read_timeout(30, 0);
  }
  int Send(const std::string& text) { return Post(nlohmann::json{{"user", user_}, {"id", NextId()}, {"text", text}}.dump()); }
  int Post(const std::string& body, bool sign = true) {
    const std::string id = "wh_" + NextId();
    const int64_t now = NowSeconds();
    httplib::Headers headers = {{"webhook-id", id}, {"webhook-timestamp", std::to_string(now)},
                                {"webhook-signature", sign ? key_.Sign(id, now, body) : "v1,bm90IGEgc2lnbmF0dXJl"}};
    auto res = client_.Post("/api/v1/messages", headers, body, "application/json");
    REQUIRE(res);
    return res->status;
  }

 private:
  std::string NextId() { return "m" + std::to_string(++n_); }
  httplib::Client client_;
  std::string user_;
  adapters::StandardWebhookKey key_;
  int n_ = 0;
};

TEST_CASE("log: JSON lines without the client's words, the channels' secrets or staff tokens") {
  TempDir dir;
  nlohmann::json wechat = WeChatEntry("http://127.0.0.1:9");
  wechat["app_secret"] = kWeChatAppSecret;
  const std::string config = WriteChannelConfig(dir, {{"wechat", {{"main", wechat}}}, {"api", {{"secret", kApiSecret}}}});
  const StaffToken staff = AddStaff(dir.path(), "李老师", "professional", "lecturer");
  auto server = std::make_unique<ServerProcess>(dir.path(), std::vector<std::string>{"--config", config});

  // A whole intake with a distinctive name and answers, then a complaint.
  SignedClient client(server->port(), "privacy-client");
  std::vector<std::string> messages = ApiConversation::IntakeMessages();
  for (std::string& m : messages) {
    if (m == "小明") m = kName;
    if (m == "北京") m = kCity;
    if (m == "计算机") m = kMajor;
  }
  for (const std::string& m : messages) REQUIRE(client.Send(m) == 200);
  for (int i = 0; i < 48; ++i) REQUIRE(client.Send("4") == 200);
  REQUIRE(client.Send("投诉") == 200);
  REQUIRE(client.Send(kComplaint) == 200);
  // Failures that log: a malformed body and a wrong signature, both with the name.
  CHECK(client.Post(std::string("{\"user\": \"x\", \"text\": \"") + kName) == 400);
  CHECK(client.Post(nlohmann::json{{"user", "x"}, {"id", "w1"}, {"text", kName}}.dump(), /*sign=*/false) == 401);
  // WeChat: a message in safe mode, and one with a wrong signature.
  const int64_t now = NowSeconds();
  const WxSafeRequest safe = WxSafe(WxTextXml("o-privacy", "8400000000000000001", kName, now), now, "n1");
  CHECK(server->Client().Post("/wechat/main?" + safe.query, safe.body, "text/xml")->status == 200);
  CHECK(server->Client()
            .Post("/wechat/main?signature=0000&timestamp=" + std::to_string(now) + "&nonce=n2",
                  WxTextXml("o-privacy", "8400000000000000002", kCity, now), "text/xml")
            ->status == 401);
  // Staff: a valid token, and a wrong one.
  CHECK(AdminGet(server->port(), "/admin/api/v1/cases", staff.token).status == 200);
  CHECK(AdminGet(server->port(), "/admin/api/v1/cases", staff.token.substr(0, 42) + "x").status == 401);
  CHECK(server->Stop(SIGTERM) == 0);

  const std::string log = server->Log();
  std::istringstream lines(log);
  std::string line;
  int count = 0;
  while (std::getline(lines, line)) {
    CAPTURE(line);
    const auto entry = nlohmann::ordered_json::parse(line, nullptr, false);
    REQUIRE(entry.is_object());
    auto it = entry.begin();
    REQUIRE(entry.size() >= 3);
    CHECK(it.key() == "ts");
    CHECK((++it).key() == "level");
    CHECK((++it).key() == "event");
    ++count;
  }
  CHECK(count >= 5);  // listening, the refusals, stopping, stopped
  CHECK(log.find("channel_refused") != std::string::npos);
  CHECK(log.find("admin_unauthenticated") != std::string::npos);
  for (const std::string& secret :
       {std::string(kName), std::string(kCity), std::string(kMajor), std::string(kComplaint), std::string(kApiSecret),
        std::string(kApiSecret).substr(6), std::string(kWxToken), std::string(kWxAesKey), std::string(kWeChatAppSecret),
        staff.token, staff.token.substr(0, 42)}) {
    CAPTURE(secret);
    CHECK(log.find(secret) == std::string::npos);
  }
}

}  // namespace
}  // namespace careerbot::testing
