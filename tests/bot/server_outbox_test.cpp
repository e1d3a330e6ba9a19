// The outbox in the real server, against a fake platform on loopback: Telegram's
// sendMessage with inline keyboards, the access token's cache and refresh,
// retries with backoff, permanent failures, a restart with queued entries, and
// the order of one client's entries.
//
// Synchronisation: the tests wait for the fake platform's recorded calls. Where a
// test needs an entry's final state in the database, it relies on the per-client
// order: the client's next entry is attempted only after the previous one's
// outcome was recorded.
#include <doctest/doctest.h>

#include <atomic>
#include <set>

#include "tests/support/channel_requests.h"
#include "tests/support/database_probe.h"
#include "tests/support/fake_platform.h"
#include "tests/support/server_process.h"
#include "tests/support/temp_dir.h"

namespace careerbot::testing {
namespace {

using Calls = std::vector<FakePlatform::Call>;

const std::string kTgPath = std::string("/bot") + kTgBotToken + "/";

struct TelegramServer {
  TempDir dir;
  FakePlatform platform;
  std::unique_ptr<ServerProcess> server;
  std::string db = dir.File("careerbot.db");

  explicit TelegramServer(const nlohmann::json& extra = nlohmann::json::object()) {
    platform.SetHandler([](const FakePlatform::Call&, const Calls&) {
      return FakePlatform::Answer{200, R"({"ok":true,"result":{}})"};
    });
    server = std::make_unique<ServerProcess>(
        dir.path(), std::vector<std::string>{"--config", WriteChannelConfig(dir, {{"telegram", {{"main", TelegramEntry(platform.base())}}}}, extra)});
  }
  httplib::Result Post(const std::string& body, const std::string& secret = kTgSecret) {
    httplib::Headers headers;
    if (!secret.empty()) headers.emplace("X-Telegram-Bot-Api-Secret-Token", secret);
    return server->Client().Post("/telegram/main", headers, body, "application/json");
  }
};

// The API calls the adapter renders for the answer stored for `message_id`.
std::vector<adapters::OutboundRequest> Expected(const std::string& db, const adapters::Channel& channel,
                                                const std::string& message_id, const std::string& request_body) {
  const dialog::TurnAnswer answer = ParseAnswer(
      QueryDecrypted(db, "messages.answer_json",
                     "SELECT answer_json FROM messages WHERE direction = 'in' AND message_id = '" + message_id + "'"));
  const std::string context = ReplyContext(channel, "POST", "", request_body, NowSeconds() * 1000,
                                           {{"x-telegram-bot-api-secret-token", kTgSecret}});
  adapters::RenderResult rendered;
  REQUIRE(channel.Render(answer, context, {NowSeconds() * 1000, true}, &rendered).ok());
  return rendered.outbound;
}

TEST_CASE("telegram: an update is answered through sendMessage with an inline keyboard") {
  TelegramServer s;
  const auto channel = TestChannel("telegram", TelegramEntry(s.platform.base()));
  const std::string start = TgMessage(1001, 42, "/start");
  auto res = s.Post(start);
  REQUIRE(res);
  CHECK(res->status == 200);
  CHECK(res->body.empty());

  REQUIRE(s.platform.WaitForCalls("/sendMessage", 1));
  const auto expected = Expected(s.db, *channel, "1001", start);
  REQUIRE(s.platform.WaitForCalls("/sendMessage", expected.size()));
  auto calls = s.platform.Calls();
  REQUIRE(calls.size() == expected.size());
  for (size_t i = 0; i < calls.size(); ++i) {
    CAPTURE(i);
    CHECK(calls[i].path == kTgPath + "sendMessage");
    CHECK(calls[i].body == expected[i].body);
  }
  const auto last = nlohmann::json::parse(calls.back().body);
  CHECK(last.at("chat_id") == 42);
  CHECK(last.at("reply_markup").at("inline_keyboard") ==
        nlohmann::json::parse(R"([[{"text":"同意","callback_data":"agree"}],[{"text":"不同意","callback_data":"decline"}]])"));

  SUBCASE("a tapped button answers the callback, removes the keyboard, then replies") {
    const std::string tap = TgCallback(1002, 42, 555, "agree");
    REQUIRE(s.Post(tap)->status == 200);
    REQUIRE(s.platform.WaitForCalls("/sendMessage", expected.size() + 1));
    const auto after = Expected(s.db, *channel, "1002", tap);
    REQUIRE(s.platform.WaitFor([&](const Calls& c) { return c.size() == calls.size() + after.size(); }));
    calls = s.platform.Calls();
    CHECK(calls[expected.size()].path == kTgPath + "answerCallbackQuery");
    CHECK(calls[expected.size() + 1].path == kTgPath + "editMessageReplyMarkup");
    for (size_t i = 0; i < after.size(); ++i) CHECK(calls[expected.size() + i].body == after[i].body);
    CHECK(nlohmann::json::parse(calls[expected.size() + 2].body).at("text").get<std::string>().find("谢谢你的信任") !=
          std::string::npos);
    CHECK(QueryText(s.db, "SELECT state FROM sessions") != "consent.notice");
  }
  SUBCASE("a redelivered update is acknowledged, with no turn and no call") {
    const int64_t journal = QueryInt(s.db, "SELECT count(*) FROM messages");
    REQUIRE(s.Post(start)->status == 200);
    CHECK(QueryInt(s.db, "SELECT count(*) FROM messages") == journal);
    // A later update's calls come right after the first ones: nothing in between.
    REQUIRE(s.Post(TgMessage(1003, 42, "帮助"))->status == 200);
    REQUIRE(s.platform.WaitForCalls("/sendMessage", expected.size() + 1));
    calls = s.platform.Calls();
    CHECK(nlohmann::json::parse(calls[expected.size()].body).at("text").get<std::string>().find("随时可用的指令") !=
          std::string::npos);
    CHECK(QueryInt(s.db, "SELECT count(*) FROM messages WHERE direction = 'in' AND message_id = '1001'") == 1);
  }
  SUBCASE("a wrong or missing secret token is 401 and changes nothing") {
    const int64_t rows = QueryInt(s.db, "SELECT count(*) FROM messages");
    CHECK(s.Post(TgMessage(1004, 42, "你好"), "wrong")->status == 401);
    CHECK(s.Post(TgMessage(1004, 42, "你好"), "")->status == 401);
    auto malformed = s.Post("{\"update_id\": ");
    REQUIRE(malformed);
    CHECK(malformed->status == 400);
    CHECK(QueryInt(s.db, "SELECT count(*) FROM messages") == rows);
  }
  SUBCASE("blocking the bot marks the client inactive") {
    const std::string blocked = nlohmann::json{
        {"update_id", 1005},
        {"my_chat_member",
         {{"chat", {{"id", 42}, {"type", "private"}}},
          {"from", {{"id", 42}, {"is_bot", false}, {"first_name", "T"}}},
          {"date", NowSeconds()},
          {"old_chat_member", {{"status", "member"}, {"user", {{"id", 1}, {"is_bot", true}, {"first_name", "B"}}}}},
          {"new_chat_member",
           {{"status", "kicked"}, {"user", {{"id", 1}, {"is_bot", true}, {"first_name", "B"}}}}}}}}
                                    .dump();
    REQUIRE(s.Post(blocked)->status == 200);
    CHECK(QueryInt(s.db, "SELECT count(*) FROM clients WHERE inactive_since IS NOT NULL") == 1);
  }
}

// WeChat with every reply through custom/send (a reply budget of 0).
struct DeferredWeChat {
  TempDir dir;
  FakePlatform platform;
  std::string db = dir.File("careerbot.db");
  std::string config;
  std::unique_ptr<ServerProcess> server;

  explicit DeferredWeChat(const nlohmann::json& extra = nlohmann::json::object()) {
    nlohmann::json settings = {{"channels", {{"reply_budget_ms", 0}}}};
    settings.merge_patch(extra);
    config = WriteChannelConfig(dir, {{"wechat", {{"main", WeChatEntry(platform.base())}}}}, settings);
  }
  void Start() { server = std::make_unique<ServerProcess>(dir.path(), std::vector<std::string>{"--config", config}); }
  void Send(const std::string& openid, const std::string& msg_id, const std::string& text) {
    const int64_t now = NowSeconds();
    auto res = server->Client().Post("/wechat/main?" + WxQuery(now, "n" + msg_id),
                                     WxTextXml(openid, msg_id, text, now), "text/xml");
    REQUIRE(res);
    REQUIRE(res->status == 200);
    REQUIRE(res->body == "success");
  }
};

bool IsSend(const FakePlatform::Call& c) { return c.path == "/cgi-bin/message/custom/send"; }

TEST_CASE("outbox: the access token is fetched once, cached, and fetched again after it is refused") {
  DeferredWeChat w;
  std::atomic<bool> refuse_first_token{false};
  w.platform.SetHandler([&](const FakePlatform::Call& call, const Calls& earlier) {
    if (call.path == "/cgi-bin/token") {
      size_t fetched = 0;
      for (const auto& c : earlier) fetched += c.path == "/cgi-bin/token";
      return FakePlatform::Answer{
          200, R"({"access_token":"TOKEN-)" + std::to_string(fetched + 1) + R"(","expires_in":7200})"};
    }
    if (refuse_first_token && call.query == "access_token=TOKEN-1") {
      return FakePlatform::Answer{200, R"({"errcode":40001,"errmsg":"invalid credential"})"};
    }
    return FakePlatform::Answer{200, R"({"errcode":0,"errmsg":"ok"})"};
  });
  w.Start();
  w.Send("o-token", "8000000000000000001", "你好");
  REQUIRE(w.platform.WaitForCalls("/custom/send", 1));
  w.Send("o-token", "8000000000000000002", "同意");
  REQUIRE(w.platform.WaitForCalls("/custom/send", 2));
  CHECK(w.platform.CallsTo("/cgi-bin/token").size() == 1);
  for (const auto& c : w.platform.CallsTo("/custom/send")) CHECK(c.query == "access_token=TOKEN-1");

  refuse_first_token = true;
  w.Send("o-token", "8000000000000000003", "小明");
  REQUIRE(w.platform.WaitFor([](const Calls& calls) {
    return !calls.empty() && IsSend(calls.back()) && calls.back().query == "access_token=TOKEN-2";
  }));
  const auto calls = w.platform.Calls();
  // refused with TOKEN-1, a new token, the same request again with it
  REQUIRE(calls.size() >= 3);
  const auto& refused = calls[calls.size() - 3];
  CHECK(refused.query == "access_token=TOKEN-1");
  CHECK(calls[calls.size() - 2].path == "/cgi-bin/token");
  CHECK(calls.back().body == refused.body);
  CHECK(w.platform.CallsTo("/cgi-bin/token").size() == 2);
}

TEST_CASE("outbox: a 5xx answer is retried with backoff until it is delivered") {
  DeferredWeChat w;
  w.platform.SetHandler([](const FakePlatform::Call& call, const Calls& earlier) {
    if (call.path == "/cgi-bin/token") return FakePlatform::Answer{200, R"({"access_token":"T","expires_in":7200})"};
    size_t sends = 0;
    for (const auto& c : earlier) sends += IsSend(c);
    if (sends < 2) return FakePlatform::Answer{502, "bad gateway"};
    return FakePlatform::Answer{200, R"({"errcode":0,"errmsg":"ok"})"};
  });
  w.Start();
  w.Send("o-retry", "8100000000000000001", "你好");
  REQUIRE(w.platform.WaitForCalls("/custom/send", 1, 200));
  auto sends = w.platform.CallsTo("/custom/send");
  REQUIRE(sends.size() == 3);
  CHECK(sends[0].status == 502);
  CHECK(sends[1].status == 502);
  CHECK(sends[0].body == sends[2].body);
  // Backoff 40 ms, then 80 ms, each jittered to no less than half.
  CHECK(sends[1].at_ms - sends[0].at_ms >= 20);
  CHECK(sends[2].at_ms - sends[1].at_ms >= 40);

  // The client's next entry goes out only after this one's outcome was recorded.
  w.Send("o-retry", "8100000000000000002", "同意");
  REQUIRE(w.platform.WaitForCalls("/custom/send", 2, 200));
  CHECK(QueryText(w.db, "SELECT status || ' ' || attempts || ' ' || last_error FROM outbox ORDER BY seq LIMIT 1") ==
        "sent 3 HTTP 502");
}

TEST_CASE("outbox: a permanent failure is kept with its error, and the client's next entry goes on") {
  DeferredWeChat w(nlohmann::json{{"outbox", {{"max_attempts", 3}}}});
  std::atomic<int> mode{0};  // 0: 45015 for the first send; 1: 500 for the first body
  w.platform.SetHandler([&](const FakePlatform::Call& call, const Calls& earlier) {
    if (call.path == "/cgi-bin/token") return FakePlatform::Answer{200, R"({"access_token":"T","expires_in":7200})"};
    std::string first;
    for (const auto& c : earlier) {
      if (IsSend(c)) {
        first = c.body;
        break;
      }
    }
    const bool is_first = first.empty() || call.body == first;
    if (is_first && mode == 0) {
      return FakePlatform::Answer{200, R"({"errcode":45015,"errmsg":"response out of time limit"})"};
    }
    if (is_first && mode == 1) return FakePlatform::Answer{500, "oops"};
    return FakePlatform::Answer{200, R"({"errcode":0,"errmsg":"ok"})"};
  });
  SUBCASE("refused by the platform: no retry") { mode = 0; }
  SUBCASE("failing until the last attempt") { mode = 1; }
  w.Start();
  w.Send("o-fail", "8200000000000000001", "你好");
  REQUIRE(w.platform.WaitForCalls("/custom/send", 1, mode == 0 ? 200 : 500));
  w.Send("o-fail", "8200000000000000002", "同意");
  // Delivered only once the first entry was given up.
  REQUIRE(w.platform.WaitFor([](const Calls& calls) {
    const FakePlatform::Call* first = nullptr;
    for (const auto& c : calls) {
      if (!IsSend(c)) continue;
      if (first == nullptr) {
        first = &c;
      } else if (c.body != first->body && c.status == 200) {
        return true;
      }
    }
    return false;
  }));
  const std::string first =
      QueryText(w.db, "SELECT status || ' ' || attempts || ' ' || last_error FROM outbox ORDER BY seq LIMIT 1");
  if (mode == 0) {
    CHECK(first == "failed 1 errcode 45015: response out of time limit");
    CHECK(w.platform.CallsTo("/custom/send").size() == 2);
  } else {
    CHECK(first == "failed 3 HTTP 500");
    CHECK(w.platform.CallsTo("/custom/send").size() == 4);
  }
  CHECK(w.server->WaitForLog("\"event\":\"outbox_failed\""));
}

TEST_CASE("outbox: entries queued before a restart are delivered after it") {
  DeferredWeChat w(nlohmann::json{{"outbox", {{"max_attempts", 1000}}}});
  std::atomic<bool> up{false};
  w.platform.SetHandler([&](const FakePlatform::Call& call, const Calls&) {
    if (call.path == "/cgi-bin/token") return FakePlatform::Answer{200, R"({"access_token":"T","expires_in":7200})"};
    if (!up) return FakePlatform::Answer{503, "unavailable"};
    return FakePlatform::Answer{200, R"({"errcode":0,"errmsg":"ok"})"};
  });
  w.Start();
  w.Send("o-restart", "8300000000000000001", "你好");
  REQUIRE(w.platform.WaitForCalls("/custom/send", 1, 503));
  CHECK(w.server->Stop(SIGTERM) == 0);
  CHECK(w.server->Log().find("\"event\":\"stopped\"") != std::string::npos);
  CHECK(QueryInt(w.db, "SELECT count(*) FROM outbox WHERE status = 'queued' AND attempts >= 1") == 1);
  const std::string queued =
      nlohmann::json::parse(QueryDecrypted(w.db, "outbox.request", "SELECT request FROM outbox"))
          .at("body")
          .get<std::string>();

  up = true;
  w.Start();
  REQUIRE(w.platform.WaitForCalls("/custom/send", 1, 200));
  const auto sends = w.platform.CallsTo("/custom/send");
  CHECK(sends.back().body == queued);
  w.Send("o-restart", "8300000000000000002", "同意");
  REQUIRE(w.platform.WaitForCalls("/custom/send", 2, 200));
  CHECK(QueryText(w.db, "SELECT status FROM outbox ORDER BY seq LIMIT 1") == "sent");
}

TEST_CASE("outbox: one client's entries go out in order, never two at once, while others go on") {
  TelegramServer s(nlohmann::json{{"channels", {{"reply_budget_ms", 0}}}});
  // Every request fails once (503), then succeeds. (Two entries may carry the same
  // body, a question asked again: calls of a body alternate 503, 200, 503, 200.)
  s.platform.SetHandler([](const FakePlatform::Call& call, const Calls& earlier) {
    size_t same = 0;
    for (const auto& c : earlier) same += c.body == call.body;
    if (same % 2 == 1) return FakePlatform::Answer{200, R"({"ok":true,"result":{}})"};
    return FakePlatform::Answer{503, R"({"ok":false,"description":"busy"})"};
  });
  for (int i = 0; i < 3; ++i) {
    REQUIRE(s.Post(TgMessage(2001 + i, 42, i == 0 ? "你好" : i == 1 ? "同意" : "小明"))->status == 200);
    REQUIRE(s.Post(TgMessage(3001 + i, 43, i == 0 ? "你好" : i == 1 ? "帮助" : "同意"))->status == 200);
  }
  // All turns committed and every entry delivered.
  REQUIRE(s.platform.WaitFor([&](const Calls& calls) {
    size_t delivered = 0;
    for (const auto& c : calls) delivered += c.status == 200;
    return QueryInt(s.db, "SELECT count(*) FROM messages WHERE direction = 'in'") == 6 &&
           static_cast<int64_t>(delivered) == QueryInt(s.db, "SELECT count(*) FROM outbox");
  }));
  const auto calls = s.platform.Calls();
  for (int64_t chat : {42, 43}) {
    CAPTURE(chat);
    // The client's calls: each entry's failure then its success, entry after entry.
    std::vector<FakePlatform::Call> mine;
    for (const auto& c : calls) {
      if (nlohmann::json::parse(c.body).at("chat_id") == chat) mine.push_back(c);
    }
    REQUIRE(mine.size() % 2 == 0);
    std::vector<std::string> delivered;
    for (size_t i = 0; i < mine.size(); i += 2) {
      CHECK(mine[i].status == 503);
      CHECK(mine[i + 1].status == 200);
      CHECK(mine[i + 1].body == mine[i].body);
      delivered.push_back(mine[i + 1].body);
    }
    // In the order the turns queued them.
    std::vector<std::string> queued;
    const std::string client = std::to_string(QueryInt(
        s.db, "SELECT client_id FROM channel_identities WHERE external_user = '" + std::to_string(chat) + "'"));
    const int64_t n = QueryInt(s.db, "SELECT count(*) FROM outbox WHERE client_id = " + client);
    for (int64_t seq = 1; seq <= n; ++seq) {
      queued.push_back(nlohmann::json::parse(QueryDecrypted(s.db, "outbox.request",
                                                            "SELECT request FROM outbox WHERE client_id = " +
                                                                client + " AND seq = " + std::to_string(seq)))
                           .at("body")
                           .get<std::string>());
    }
    CHECK(delivered == queued);
  }
}

}  // namespace
}  // namespace careerbot::testing
