// The admin webhook in the real server, against receivers on loopback: every
// event of a whole service arrives once, in order, signed with the endpoint's
// secret, with its own webhook-id and no personal data; a failed delivery is
// retried with the same webhook-id, also after a restart; and a receiver that is
// down does not hold back the client's replies through their messaging channel
// (nor the reverse).
//
// Synchronisation: the tests wait for the receivers' recorded calls.
#include <arpa/inet.h>
#include <doctest/doctest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <regex>
#include <set>

#include "adapters/standard_webhooks.h"
#include "tests/bot/api_client.h"
#include "tests/support/channel_requests.h"
#include "tests/support/database_probe.h"
#include "tests/support/fake_platform.h"
#include "tests/support/server_process.h"
#include "tests/support/temp_dir.h"

namespace careerbot::testing {
namespace {

using Calls = std::vector<FakePlatform::Call>;

constexpr char kOpsSecret[] = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
constexpr char kCrisisSecret[] = "whsec_MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=";

nlohmann::json Endpoint(const FakePlatform& receiver, const std::string& path, const std::string& secret,
                        const std::vector<std::string>& events = {}) {
  nlohmann::json e = {{"url", receiver.base() + path}, {"secret", secret}};
  if (!events.empty()) e["events"] = events;
  return e;
}

// What a receiver does with a Standard Webhooks library: the signature must
// match the body, the id and a timestamp close to now, under the secret.
Status VerifyCall(const FakePlatform::Call& call, const std::string& secret) {
  adapters::StandardWebhookKey key;
  if (Status s = adapters::StandardWebhookKey::Parse(secret, &key); !s.ok()) return s;
  return key.Verify(call.Header("webhook-id"), call.Header("webhook-timestamp"), call.Header("webhook-signature"),
                    call.body, NowSeconds(), 300);
}

size_t Answered(const Calls& calls, int status) {
  size_t n = 0;
  for (const auto& c : calls) n += c.status == status;
  return n;
}

// A loopback port that was free a moment ago and has nothing listening now.
int ClosedPort() {
  const int fd = socket(AF_INET, SOCK_STREAM, 0);
  REQUIRE(fd >= 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t length = sizeof(address);
  REQUIRE(bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof(address)) == 0);
  REQUIRE(getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length) == 0);
  close(fd);
  return ntohs(address.sin_port);
}

std::string TypeOf(const FakePlatform::Call& call) {
  return nlohmann::json::parse(call.body).at("type").get<std::string>();
}

TEST_CASE("admin webhook: every event of a service arrives once, signed, without personal data") {
  TempDir dir;
  FakePlatform ops, crisis;
  for (FakePlatform* receiver : {&ops, &crisis}) {
    receiver->SetHandler([](const FakePlatform::Call&, const Calls&) { return FakePlatform::Answer{204, ""}; });
  }
  const std::string config = WriteChannelConfig(
      dir, nlohmann::json::object(),
      {{"admin_webhooks",
        {{"ops", Endpoint(ops, "/hooks/ops", kOpsSecret)},
         {"crisis", Endpoint(crisis, "/hooks/crisis", kCrisisSecret, {"distress.detected"})}}}});
  ServerProcess server(dir.path(), {"--config", config});
  const std::string db = dir.File("careerbot.db");

  ApiConversation c(server.port(), "hook-client");
  REQUIRE(c.Send("你好").status == 200);
  REQUIRE(c.Send("我真的不想活了").state() == "consent.notice");
  for (const char* text : {"投诉", "个人信息与隐私", "隐私告知写得不够清楚，我不知道数据保存多久"}) {
    REQUIRE(c.Send(text).status == 200);
  }
  REQUIRE(c.Send("13800000000").texts().find("你的投诉已受理") != std::string::npos);
  const auto& intake = ApiConversation::IntakeMessages();
  for (size_t i = 1; i < intake.size(); ++i) REQUIRE(c.Send(intake[i]).status == 200);
  REQUIRE(c.Send("4").status == 200);
  REQUIRE(c.Send("人工").texts().find("已为你通知职业规划咨询师") != std::string::npos);
  ApiReply last;
  for (int item = 2; item <= 48; ++item) last = c.Send("4");
  REQUIRE(last.state() == "feedback.rating");
  REQUIRE(c.Send("4 满意").status == 200);
  REQUIRE(c.Send("是的").status == 200);
  REQUIRE(c.Send("希望能多一些行业信息").state() == "closed");
  // A redelivered message is answered again, and queues nothing again.
  REQUIRE(c.SendWithId("你好", "m1").status == 200);

  const std::vector<std::string> expected = {"case.created",       "handoff.requested",    "distress.detected",
                                             "complaint.filed",    "agreement.accepted",   "handoff.requested",
                                             "assessment.completed", "feedback.received"};
  REQUIRE(ops.WaitFor([&](const Calls& calls) { return calls.size() >= expected.size(); }));
  REQUIRE(crisis.WaitFor([](const Calls& calls) { return !calls.empty(); }));
  // Stopping lets the attempts in flight record their outcome: every entry was
  // recorded as sent, so nothing more is on its way.
  CHECK(server.Stop(SIGTERM) == 0);
  CHECK(QueryInt(db, "SELECT count(*) FROM outbox WHERE channel = 'admin_webhook' AND status = 'sent'") ==
        static_cast<int64_t>(expected.size() + 1));
  CHECK(QueryInt(db, "SELECT count(*) FROM outbox") == static_cast<int64_t>(expected.size() + 1));
  const Calls calls = ops.Calls();
  REQUIRE(calls.size() == expected.size());  // each once

  const int64_t client = QueryInt(db, "SELECT client_id FROM channel_identities WHERE external_user = 'hook-client'");
  const std::string ticket = QueryText(db, "SELECT ticket FROM complaints");
  std::vector<std::string> types;
  std::set<std::string> ids;
  for (const auto& call : calls) {
    CAPTURE(call.body);
    CHECK(call.method == "POST");
    CHECK(call.path == "/hooks/ops");
    CHECK(call.Header("content-type") == "application/json");
    CHECK(VerifyCall(call, kOpsSecret).ok());
    CHECK(VerifyCall(call, kCrisisSecret).code() == Status::Code::kUnauthenticated);
    ids.insert(call.Header("webhook-id"));
    const auto payload = nlohmann::json::parse(call.body);
    types.push_back(payload.at("type"));
    CHECK(payload.at("data").at("client_id") == client);
    CHECK(std::regex_match(payload.at("timestamp").get<std::string>(),
                           std::regex(R"(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z)")));
    for (const char* personal : {"小明", "13800000000", "隐私告知写得不够清楚", "希望能多一些行业信息", "不想活",
                                 "hook-client", "在校学生", "上海"}) {
      CHECK(call.body.find(personal) == std::string::npos);
    }
  }
  CHECK(types == expected);  // one queue per client and endpoint: in the order they happened
  CHECK(ids.size() == calls.size());
  CHECK(nlohmann::json::parse(calls[1].body).at("data") ==
        nlohmann::json{{"client_id", client}, {"reason", "distress"}, {"urgent", true}});
  CHECK(nlohmann::json::parse(calls[3].body).at("data") ==
        nlohmann::json{{"client_id", client}, {"ticket", ticket}, {"category", "privacy"}});
  CHECK(nlohmann::json::parse(calls[4].body).at("data").at("version") ==
        QueryText(db, "SELECT version FROM consents WHERE document = 'service_agreement'"));
  CHECK(nlohmann::json::parse(calls[5].body).at("data") ==
        nlohmann::json{{"client_id", client}, {"reason", "client_request"}, {"urgent", false}});
  CHECK(nlohmann::json::parse(calls[7].body).at("data") ==
        nlohmann::json{{"client_id", client}, {"rating", 4}, {"goals_met", "yes"}, {"has_comment", true}});

  // The crisis line's endpoint wants distress.detected alone, under its own secret.
  const Calls urgent = crisis.Calls();
  REQUIRE(urgent.size() == 1);
  CHECK(urgent[0].path == "/hooks/crisis");
  CHECK(TypeOf(urgent[0]) == "distress.detected");
  CHECK(VerifyCall(urgent[0], kCrisisSecret).ok());
  CHECK(urgent[0].body == calls[2].body);
  CHECK(urgent[0].Header("webhook-id") != calls[2].Header("webhook-id"));  // one id per delivery
  // The secrets are never logged (the whole log: the server stopped above).
  CHECK(server.Log().find("MfKQ9r8G") == std::string::npos);
  CHECK(server.Log().find("MDEyMzQ1") == std::string::npos);
}

TEST_CASE("admin webhook: a failed delivery is retried with the same webhook-id, also after a restart") {
  TempDir dir;
  FakePlatform receiver;
  std::atomic<bool> up{true};
  // Each event's first attempt fails with 500; later ones succeed while up.
  receiver.SetHandler([&](const FakePlatform::Call& call, const Calls& earlier) {
    bool seen = false;
    for (const auto& c : earlier) seen = seen || c.Header("webhook-id") == call.Header("webhook-id");
    if (!up) return FakePlatform::Answer{503, ""};
    return seen ? FakePlatform::Answer{200, "{}"} : FakePlatform::Answer{500, "oops"};
  });
  const std::string config = WriteChannelConfig(
      dir, nlohmann::json::object(),
      {{"admin_webhooks", {{"ops", Endpoint(receiver, "/hooks", kOpsSecret)}}},
       {"outbox", {{"max_attempts", 1000}}}});
  const std::string db = dir.File("careerbot.db");
  auto server = std::make_unique<ServerProcess>(dir.path(), std::vector<std::string>{"--config", config});

  ApiConversation c(server->port(), "retry-client");
  REQUIRE(c.Send("你好").status == 200);
  REQUIRE(receiver.WaitFor([](const Calls& calls) { return Answered(calls, 200) == 1; }));
  Calls calls = receiver.Calls();
  REQUIRE(calls.size() == 2);
  CHECK(calls[0].status == 500);
  CHECK(calls[1].Header("webhook-id") == calls[0].Header("webhook-id"));
  CHECK(calls[1].body == calls[0].body);
  CHECK(std::stoll(calls[1].Header("webhook-timestamp")) >= std::stoll(calls[0].Header("webhook-timestamp")));
  CHECK(VerifyCall(calls[0], kOpsSecret).ok());
  CHECK(VerifyCall(calls[1], kOpsSecret).ok());

  // The receiver goes down; the server stops with the events still queued.
  up = false;
  REQUIRE(c.Send("我真的不想活了").status == 200);
  REQUIRE(receiver.WaitFor([](const Calls& calls) { return Answered(calls, 503) >= 2; }));
  CHECK(server->Stop(SIGTERM) == 0);
  CHECK(QueryText(db, "SELECT status || ' ' || attempts || ' ' || last_error FROM outbox ORDER BY seq LIMIT 1") ==
        "sent 2 HTTP 500");
  // handoff.requested was tried, distress.detected waits behind it.
  CHECK(QueryInt(db, "SELECT count(*) FROM outbox WHERE status = 'queued' AND attempts >= 1") == 1);
  CHECK(QueryInt(db, "SELECT count(*) FROM outbox WHERE status = 'queued' AND attempts = 0") == 1);
  const std::string waiting_id = receiver.Calls().back().Header("webhook-id");

  up = true;
  server = std::make_unique<ServerProcess>(dir.path(), std::vector<std::string>{"--config", config});
  REQUIRE(receiver.WaitFor([](const Calls& calls) { return Answered(calls, 200) == 3; }));
  std::vector<std::string> delivered;
  for (const auto& call : receiver.Calls()) {
    if (call.status == 200) delivered.push_back(TypeOf(call));
  }
  CHECK(delivered == std::vector<std::string>{"case.created", "handoff.requested", "distress.detected"});
  std::set<std::string> ids;
  for (const auto& call : receiver.Calls()) ids.insert(call.Header("webhook-id"));
  CHECK(ids.size() == 3);  // every attempt of an event under its one id
  CHECK(ids.count(waiting_id) == 1);
  CHECK(server->Stop(SIGTERM) == 0);
  CHECK(QueryInt(db, "SELECT count(*) FROM outbox WHERE status = 'sent'") == 3);
}

// A messaging channel whose replies all go through the outbox (reply budget 0),
// and an admin webhook, with a backoff of ten minutes: anything held back
// behind a failing entry would wait that long.
struct ChannelWithWebhook {
  std::string channel;  // "telegram" | "wechat"
  TempDir dir;
  FakePlatform platform, receiver;
  std::string db = dir.File("careerbot.db");
  std::unique_ptr<ServerProcess> server;

  explicit ChannelWithWebhook(std::string name) : channel(std::move(name)) {}

  // The platform's API answers every call with `status` (WeChat's token calls: a token).
  void PlatformAnswers(int status) {
    const std::string ok = channel == "wechat" ? R"({"errcode":0,"errmsg":"ok"})" : R"({"ok":true,"result":{}})";
    platform.SetHandler([status, ok](const FakePlatform::Call& call, const Calls&) {
      if (call.path == "/cgi-bin/token") {
        return FakePlatform::Answer{200, R"({"access_token":"T","expires_in":7200})"};
      }
      return FakePlatform::Answer{status, status == 200 ? ok : R"({"ok":false,"description":"busy"})"};
    });
  }
  void Start(const std::string& webhook_url) {
    const nlohmann::json entry =
        channel == "wechat" ? WeChatEntry(platform.base()) : TelegramEntry(platform.base());
    const std::string config = WriteChannelConfig(
        dir, {{channel, {{"main", entry}}}},
        {{"channels", {{"reply_budget_ms", 0}}},
         {"admin_webhooks", {{"ops", {{"url", webhook_url}, {"secret", kOpsSecret}}}}},
         {"outbox", {{"backoff_initial_ms", 600000}, {"backoff_max_ms", 600000}, {"max_attempts", 1000}}}});
    server = std::make_unique<ServerProcess>(dir.path(), std::vector<std::string>{"--config", config});
  }
  void Post(int64_t n, const std::string& text) {
    const int64_t now = NowSeconds();
    const std::string msg_id = "84000000000000" + std::to_string(n);
    httplib::Result res =
        channel == "wechat"
            ? server->Client().Post("/wechat/main?" + WxQuery(now, "n" + msg_id),
                                    WxTextXml("o-hook", msg_id, text, now), "text/xml")
            : server->Client().Post("/telegram/main", {{"X-Telegram-Bot-Api-Secret-Token", kTgSecret}},
                                    TgMessage(n, 42, text), "application/json");
    REQUIRE(res);
    REQUIRE(res->status == 200);
  }
  int64_t Entries(const std::string& where) {
    return QueryInt(db, "SELECT count(*) FROM outbox WHERE " + where);
  }
  // The platform's answers with `status` to calls that deliver replies (not token fetches).
  static int64_t Replies(const Calls& calls, int status) {
    int64_t n = 0;
    for (const auto& c : calls) n += c.status == status && c.path != "/cgi-bin/token";
    return n;
  }
};

TEST_CASE("admin webhook: a receiver that is down does not delay the client's WeChat or Telegram replies") {
  std::string channel;
  bool listening = true;  // the receiver answers 503; or nothing listens at its port
  SUBCASE("telegram") {
    channel = "telegram";
    SUBCASE("receiver answers 503") {}
    SUBCASE("nothing listens") { listening = false; }
  }
  SUBCASE("wechat") {
    channel = "wechat";
    SUBCASE("receiver answers 503") {}
    SUBCASE("nothing listens") { listening = false; }
  }
  CAPTURE(channel);
  CAPTURE(listening);
  ChannelWithWebhook t(channel);
  t.PlatformAnswers(200);
  t.receiver.SetHandler([](const FakePlatform::Call&, const Calls&) { return FakePlatform::Answer{503, ""}; });
  const std::string url =
      listening ? t.receiver.base() + "/hooks" : "http://127.0.0.1:" + std::to_string(ClosedPort()) + "/hooks";
  const std::string error = listening ? "HTTP 503" : "no answer from the admin webhook";
  t.Start(url);
  t.Post(5001, "你好");
  t.Post(5002, "同意");
  // Every reply of both turns is delivered now, while the event waits ten minutes.
  REQUIRE(t.platform.WaitFor([&](const Calls& calls) {
    return QueryInt(t.db, "SELECT count(*) FROM messages WHERE direction = 'in'") == 2 &&
           ChannelWithWebhook::Replies(calls, 200) == t.Entries("channel = '" + channel + "'");
  }));
  CHECK(t.server->Stop(SIGTERM) == 0);
  CHECK(t.Entries("channel = '" + channel + "' AND status = 'sent'") >= 2);
  CHECK(t.Entries("channel = '" + channel + "' AND status <> 'sent'") == 0);
  // case.created: attempted once, and waiting for its retry alone.
  CHECK(QueryText(t.db, "SELECT status || ' ' || attempts || ' ' || last_error FROM outbox "
                        "WHERE channel = 'admin_webhook'") == "queued 1 " + error);
}

TEST_CASE("admin webhook: failing Telegram replies do not delay the events") {
  ChannelWithWebhook t("telegram");
  t.PlatformAnswers(503);
  t.receiver.SetHandler([](const FakePlatform::Call&, const Calls&) { return FakePlatform::Answer{204, ""}; });
  t.Start(t.receiver.base() + "/hooks");
  t.Post(6001, "你好");
  t.Post(6002, "我真的不想活了");
  REQUIRE(t.receiver.WaitFor([](const Calls& calls) { return Answered(calls, 204) == 3; }));
  REQUIRE(t.platform.WaitFor([](const Calls& calls) { return !calls.empty(); }));
  CHECK(t.server->Stop(SIGTERM) == 0);
  std::vector<std::string> types;
  for (const auto& call : t.receiver.Calls()) types.push_back(TypeOf(call));
  CHECK(types == std::vector<std::string>{"case.created", "handoff.requested", "distress.detected"});
  // The client's first reply waits for its retry; the ones after it wait behind it.
  CHECK(t.platform.Calls().size() == 1);
  CHECK(t.Entries("channel = 'telegram' AND status = 'queued' AND attempts = 1") == 1);
  CHECK(t.Entries("channel = 'telegram' AND status = 'queued' AND attempts = 0") >= 1);
  CHECK(t.Entries("channel = 'admin_webhook' AND status = 'sent'") == 3);
}

TEST_CASE("admin webhook: a bad endpoint stops check-config and start-up, naming the key, not the secret") {
  TempDir dir;
  const std::string config = WriteChannelConfig(
      dir, nlohmann::json::object(),
      {{"admin_webhooks", {{"ops", {{"url", "https://ops.example/hook"}, {"secret", "MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"}}}}}});
  const std::string expected = config +
                               ": admin_webhooks.ops.secret: must be a Standard Webhooks secret: \"whsec_\" and "
                               "standard base64 of the key (e.g. of 32 random bytes)";
  const CommandResult check = RunCommand({"check-config", config}, "", dir.path());
  CHECK(check.exit_code == 1);
  CHECK(check.err == "careerbot: " + expected + "\n");
  const CommandResult serve =
      RunCommand({"serve", "--config", config, "--listen", "127.0.0.1:0", "--data-dir", dir.File("data")}, "",
                 dir.path());
  CHECK(serve.exit_code == 1);
  CHECK(serve.err.find("\"event\":\"config_invalid\"") != std::string::npos);
  CHECK(serve.err.find("admin_webhooks.ops.secret: must be a Standard Webhooks secret") != std::string::npos);
  CHECK(serve.err.find("MfKQ9r8G") == std::string::npos);
  CHECK(check.err.find("MfKQ9r8G") == std::string::npos);
}

}  // namespace
}  // namespace careerbot::testing
