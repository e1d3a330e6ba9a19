// The WeChat Official Account channel in the real server: the GET handshake,
// plaintext and safe-mode messages answered by the passive reply exactly as the
// adapter renders it, the overflow through the customer-service API of a fake
// platform on loopback, redeliveries, refused requests, unsubscribing, and
// configuration errors.
#include <doctest/doctest.h>

#include "tests/support/channel_requests.h"
#include "tests/support/database_probe.h"
#include "tests/support/fake_platform.h"
#include "tests/support/server_process.h"
#include "tests/support/temp_dir.h"

namespace careerbot::testing {
namespace {

// Long enough that the first answer (the welcome and the privacy notice, both
// naming it) does not fit one 2048-byte WeChat message.
std::string LongInstitutionName() {
  std::string name;
  for (int i = 0; i < 20; ++i) name += "示例职业发展服务中心";
  return name;
}

FakePlatform::Answer WeChatApi(const FakePlatform::Call& call, const std::vector<FakePlatform::Call>&) {
  if (call.path == "/cgi-bin/token") return {200, R"({"access_token":"TOKEN-1","expires_in":7200})"};
  return {200, R"({"errcode":0,"errmsg":"ok"})"};
}

int64_t RowsWritten(const std::string& db) {
  return QueryInt(db, "SELECT (SELECT count(*) FROM clients) + (SELECT count(*) FROM messages) + "
                      "(SELECT count(*) FROM sessions) + (SELECT count(*) FROM outbox)");
}

struct WeChatServer {
  TempDir dir;
  FakePlatform platform;
  std::unique_ptr<ServerProcess> server;
  std::string db = dir.File("careerbot.db");

  explicit WeChatServer(const nlohmann::json& extra = nlohmann::json::object()) {
    platform.SetHandler(WeChatApi);
    nlohmann::json config = {{"institution", {{"name", LongInstitutionName()}}}};
    config.merge_patch(extra);
    server = std::make_unique<ServerProcess>(
        dir.path(),
        std::vector<std::string>{
            "--config", WriteChannelConfig(dir, {{"wechat", {{"main", WeChatEntry(platform.base())}}}}, config)});
  }
  httplib::Result Post(const std::string& query, const std::string& body) {
    return server->Client().Post("/wechat/main?" + query, body, "text/xml");
  }
};

TEST_CASE("wechat: the GET handshake answers echostr, a wrong signature or account does not") {
  WeChatServer s;
  const int64_t now = NowSeconds();
  auto ok = s.server->Client().Get("/wechat/main?" + WxQuery(now, "n1", "&echostr=7314563212045829377"));
  REQUIRE(ok);
  CHECK(ok->status == 200);
  CHECK(ok->body == "7314563212045829377");

  auto forged = s.server->Client().Get("/wechat/main?" + WxQuery(now, "n1", "&echostr=1").replace(10, 4, "0000"));
  REQUIRE(forged);
  CHECK(forged->status == 401);
  CHECK(nlohmann::json::parse(forged->body).at("error").at("code") == "unauthenticated");

  auto unknown = s.server->Client().Get("/wechat/other?" + WxQuery(now, "n1", "&echostr=1"));
  REQUIRE(unknown);
  CHECK(unknown->status == 404);
  CHECK(nlohmann::json::parse(unknown->body).at("error").at("code") == "not_found");
  auto no_route = s.server->Client().Get("/feishu/main");  // Feishu has POST only
  REQUIRE(no_route);
  CHECK(no_route->status == 404);
}

TEST_CASE("wechat: a plaintext message is answered by the passive reply, the rest by custom/send in order") {
  WeChatServer s;
  const auto channel = TestChannel("wechat", WeChatEntry(s.platform.base()));
  const int64_t now = NowSeconds();
  const std::string query = WxQuery(now, "nonce-1", "&openid=o-user-1");
  const std::string body = WxTextXml("o-user-1", "6054768590064713728", "你好", now);
  auto res = s.Post(query, body);
  REQUIRE(res);
  CHECK(res->status == 200);
  CHECK(res->get_header_value("Content-Type") == "application/xml; charset=utf-8");

  // Exactly what the adapter renders for the stored answer at the reply's time.
  const dialog::TurnAnswer answer = ParseAnswer(QueryDecrypted(
      s.db, "messages.answer_json", "SELECT answer_json FROM messages WHERE direction = 'in' AND message_id = '6054768590064713728'"));
  const int64_t created = std::stoll(XmlField(res->body, "CreateTime"));
  adapters::RenderResult expected;
  REQUIRE(channel->Render(answer, ReplyContext(*channel, "POST", query, body, now * 1000), {created * 1000, true},
                          &expected)
              .ok());
  CHECK(res->body == expected.http.body);
  CHECK(XmlField(res->body, "ToUserName") == "o-user-1");
  CHECK(XmlField(res->body, "FromUserName") == kWxOriginalId);
  CHECK(XmlField(res->body, "Content").find(LongInstitutionName()) != std::string::npos);

  // The overflow: through the customer-service API, in order, with the token.
  REQUIRE(!expected.outbound.empty());
  REQUIRE(s.platform.WaitForCalls("/cgi-bin/message/custom/send", expected.outbound.size()));
  const auto sent = s.platform.CallsTo("/cgi-bin/message/custom/send");
  REQUIRE(sent.size() == expected.outbound.size());
  for (size_t i = 0; i < sent.size(); ++i) {
    CAPTURE(i);
    CHECK(sent[i].body == expected.outbound[i].body);
    CHECK(sent[i].query == "access_token=TOKEN-1");
  }
  CHECK(nlohmann::json::parse(sent[0].body).at("touser") == "o-user-1");
  CHECK(s.platform.CallsTo("/cgi-bin/token").size() == 1);
  CHECK(s.platform.CallsTo("/cgi-bin/token")[0].query ==
        "grant_type=client_credential&appid=wx2c2769f8efd9abc2&secret=the-app-secret");
  CHECK(QueryInt(s.db, "SELECT count(*) FROM outbox WHERE message_id = '6054768590064713728'") ==
        static_cast<int64_t>(expected.outbound.size()));
  // No credential is kept with the queued requests.
  CHECK(QueryInt(s.db, "SELECT count(*) FROM outbox WHERE request LIKE '%TOKEN-1%' OR request LIKE '%the-app-secret%'") ==
        0);

  SUBCASE("a redelivered MsgId is answered again without a second turn") {
    const int64_t journal = QueryInt(s.db, "SELECT count(*) FROM messages");
    const int64_t later = NowSeconds();
    auto again = s.Post(WxQuery(later, "nonce-2", "&openid=o-user-1"), body);
    REQUIRE(again);
    CHECK(again->status == 200);
    CHECK(XmlField(again->body, "Content") == XmlField(res->body, "Content"));
    CHECK(QueryInt(s.db, "SELECT count(*) FROM messages") == journal);
    CHECK(QueryInt(s.db, "SELECT count(*) FROM messages WHERE direction = 'in' AND message_id = "
                         "'6054768590064713728'") == 1);
    // Nothing is queued a second time.
    CHECK(QueryInt(s.db, "SELECT count(*) FROM outbox") == static_cast<int64_t>(expected.outbound.size()));
  }
  SUBCASE("the next message continues the conversation") {
    auto next = s.Post(WxQuery(now, "nonce-3", "&openid=o-user-1"),
                       WxTextXml("o-user-1", "6054768590064713729", "同意", now));
    REQUIRE(next);
    CHECK(XmlField(next->body, "Content").find("谢谢你的信任") != std::string::npos);
    CHECK(QueryText(s.db, "SELECT state FROM sessions") != "consent.notice");
  }
}

TEST_CASE("wechat: a safe-mode message is answered by an encrypted passive reply") {
  WeChatServer s;
  const auto channel = TestChannel("wechat", WeChatEntry(s.platform.base()));
  const int64_t now = NowSeconds();
  const std::string inner = WxTextXml("o-safe", "7000000000000000001", "你好", now);
  const WxSafeRequest request = WxSafe(inner, now, "safe-nonce");
  auto res = s.Post(request.query, request.body);
  REQUIRE(res);
  CHECK(res->status == 200);

  // The envelope is signed with the request's nonce and decrypts with the key.
  CHECK(XmlField(res->body, "Nonce") == "safe-nonce");
  std::string reply;
  REQUIRE(WxTestCrypt()
              .Open(XmlField(res->body, "MsgSignature"), XmlField(res->body, "TimeStamp"), "safe-nonce",
                    XmlField(res->body, "Encrypt"), &reply)
              .ok());
  // Inside: the passive reply the adapter renders (shown here in its plaintext form).
  const dialog::TurnAnswer answer = ParseAnswer(QueryDecrypted(
      s.db, "messages.answer_json", "SELECT answer_json FROM messages WHERE direction = 'in' AND message_id = '7000000000000000001'"));
  const int64_t created = std::stoll(XmlField(reply, "CreateTime"));
  const std::string plain_context = ReplyContext(*channel, "POST", WxQuery(now, "n"), inner, now * 1000);
  adapters::RenderResult expected;
  REQUIRE(channel->Render(answer, plain_context, {created * 1000, true}, &expected).ok());
  CHECK(reply == expected.http.body);
  CHECK(XmlField(reply, "ToUserName") == "o-safe");
}

TEST_CASE("wechat: unsigned, forged and replayed requests are 401 and change nothing") {
  WeChatServer s;
  const int64_t now = NowSeconds();
  const std::string body = WxTextXml("o-replay", "7100000000000000001", "你好", now);
  REQUIRE(s.Post(WxQuery(now, "n0"), WxTextXml("o-first", "7100000000000000000", "你好", now))->status == 200);
  REQUIRE(s.platform.WaitForCalls("/cgi-bin/message/custom/send", 1));
  const int64_t before = RowsWritten(s.db);

  auto unsigned_request = s.Post("timestamp=" + std::to_string(now) + "&nonce=n1", body);
  REQUIRE(unsigned_request);
  CHECK(unsigned_request->status == 401);
  std::string forged = WxQuery(now, "n1");
  forged.replace(10, 6, "ffffff");
  CHECK(s.Post(forged, body)->status == 401);
  // Signed correctly, but an hour old: outside the 300 s replay window.
  CHECK(s.Post(WxQuery(now - 3600, "n2"), WxTextXml("o-replay", "7100000000000000001", "你好", now - 3600))->status ==
        401);
  // A safe-mode body whose msg_signature does not match.
  WxSafeRequest safe = WxSafe(body, now, "n3");
  safe.query += "0";
  CHECK(s.Post(safe.query, safe.body)->status == 401);
  // Malformed XML.
  auto malformed = s.Post(WxQuery(now, "n4"), "<xml><FromUserName>");
  REQUIRE(malformed);
  CHECK(malformed->status == 400);
  CHECK(nlohmann::json::parse(malformed->body).at("error").at("code") == "invalid_argument");

  CHECK(RowsWritten(s.db) == before);
  CHECK(QueryInt(s.db, "SELECT count(*) FROM channel_identities WHERE external_user = 'o-replay'") == 0);
}

TEST_CASE("wechat: subscribing welcomes, unsubscribing marks the client inactive, writing again activates") {
  WeChatServer s;
  const int64_t now = NowSeconds();
  auto welcome = s.Post(WxQuery(now, "n1"), WxEventXml("o-sub", "subscribe", now));
  REQUIRE(welcome);
  CHECK(XmlField(welcome->body, "Content").find("你好！这里是") == 0);
  CHECK(QueryText(s.db, "SELECT state FROM sessions") == "consent.notice");

  auto left = s.Post(WxQuery(now, "n2"), WxEventXml("o-sub", "unsubscribe", now + 1));
  REQUIRE(left);
  CHECK(left->status == 200);
  CHECK(left->body == "success");
  CHECK(QueryInt(s.db, "SELECT count(*) FROM clients WHERE inactive_since IS NOT NULL") == 1);
  CHECK(QueryInt(s.db, "SELECT count(*) FROM messages WHERE direction = 'in'") == 1);  // no turn

  auto back = s.Post(WxQuery(now, "n3"), WxEventXml("o-sub", "subscribe", now + 2));
  REQUIRE(back);
  CHECK(back->status == 200);
  CHECK(QueryInt(s.db, "SELECT count(*) FROM clients WHERE inactive_since IS NOT NULL") == 0);
}

TEST_CASE("wechat: a turn that misses the reply budget is acknowledged and answered through the outbox") {
  // A budget of 0 makes every turn miss it, deterministically.
  WeChatServer s(nlohmann::json{{"channels", {{"reply_budget_ms", 0}}}});
  const auto channel = TestChannel("wechat", WeChatEntry(s.platform.base()));
  const int64_t now = NowSeconds();
  const std::string query = WxQuery(now, "n1");
  const std::string body = WxTextXml("o-slow", "7200000000000000001", "你好", now);
  auto res = s.Post(query, body);
  REQUIRE(res);
  CHECK(res->status == 200);
  CHECK(res->body == "success");

  // Everything, the first message included, goes out through custom/send. The
  // turn commits after the answer: the first call shows it has.
  REQUIRE(s.platform.WaitForCalls("/cgi-bin/message/custom/send", 1));
  const dialog::TurnAnswer answer = ParseAnswer(QueryDecrypted(
      s.db, "messages.answer_json", "SELECT answer_json FROM messages WHERE direction = 'in' AND message_id = '7200000000000000001'"));
  adapters::RenderResult expected;
  REQUIRE(channel->Render(answer, ReplyContext(*channel, "POST", query, body, now * 1000), {now * 1000, false},
                          &expected)
              .ok());
  REQUIRE(expected.outbound.size() >= 2);
  REQUIRE(s.platform.WaitForCalls("/cgi-bin/message/custom/send", expected.outbound.size()));
  const auto sent = s.platform.CallsTo("/cgi-bin/message/custom/send");
  REQUIRE(sent.size() == expected.outbound.size());
  for (size_t i = 0; i < sent.size(); ++i) CHECK(sent[i].body == expected.outbound[i].body);

  SUBCASE("its redelivery is acknowledged, not answered a second time") {
    auto again = s.Post(WxQuery(NowSeconds(), "n2"), body);
    REQUIRE(again);
    CHECK(again->body == "success");
    CHECK(QueryInt(s.db, "SELECT count(*) FROM outbox") == static_cast<int64_t>(expected.outbound.size()));
  }
}

TEST_CASE("wechat: check-config and start-up refuse a bad channel entry, naming it") {
  TempDir dir;
  nlohmann::json entry = WeChatEntry("http://127.0.0.1:9");
  entry["token"] = "x";
  const std::string config = WriteChannelConfig(dir, {{"wechat", {{"main", entry}}}});
  const std::string expected = "careerbot: " + config + ": channels.wechat.main.token: ";
  auto checked = RunCommand({"check-config", config}, "", dir.path());
  CHECK(checked.exit_code == 1);
  CHECK(checked.err.rfind(expected, 0) == 0);
  auto served = RunCommand({"serve", "--config", config, "--data-dir", dir.path()}, "", dir.path());
  CHECK(served.exit_code == 1);
  CHECK(served.err.find("channels.wechat.main.token: ") != std::string::npos);

  SUBCASE("an account key that cannot be a route") {
    const std::string bad = WriteChannelConfig(dir, {{"telegram", {{"my bot", TelegramEntry("http://127.0.0.1:9")}}}});
    auto r = RunCommand({"check-config", bad}, "", dir.path());
    CHECK(r.exit_code == 1);
    CHECK(r.err == "careerbot: " + bad + ": channels.telegram.my bot: an account key must be 1 to 64 of [A-Za-z0-9_-]\n");
  }
  SUBCASE("an unknown platform") {
    const std::string bad = WriteChannelConfig(dir, {{"whatsapp", {{"main", nlohmann::json::object()}}}});
    auto r = RunCommand({"check-config", bad}, "", dir.path());
    CHECK(r.exit_code == 1);
    CHECK(r.err == "careerbot: " + bad + ": channels.whatsapp: unknown key\n");
  }
}

}  // namespace
}  // namespace careerbot::testing
