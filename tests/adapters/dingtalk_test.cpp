// DingTalk adapter against the documentation's receive-message sample (the group
// message "你好" with a session webhook valid 5 400 060 ms), a sign computed
// independently (Python hmac) from the documented formula, and malformed,
// unsigned, wrongly signed, replayed and redelivered callbacks.
#include "adapters/dingtalk.h"

#include <doctest/doctest.h>

#include <nlohmann/json.hpp>

#include "adapters/crypto.h"
#include "tests/adapters/channel_testing.h"

namespace careerbot::adapters {
namespace {

using testing::Answer;
using testing::Describe;
using testing::Request;

constexpr char kSecret[] = "dingd8e1123006514592-app-secret";
constexpr char kTimestamp[] = "1613630252678";
// Base64(HmacSHA256(kSecret, kTimestamp + "\n" + kSecret)), computed with Python.
constexpr char kSign[] = "ycBgWGhqKq7Zk0UuuD7PWwwBmPw+9kO1jf/x9a7RBNQ=";
constexpr int64_t kNow = 1613630253000;

// The documentation's sample body (ids masked with **** as published).
const char kGroupText[] =
    R"({"conversationId":"cidqO7Ne7e+myoRu67AguW****","atUsers":[{"dingtalkId":"$:LWCP_v1:$Mh7/FN9sUZGPLB3ta****"}],)"
    R"("chatbotCorpId":"dinge8a565a3****","chatbotUserId":"$:LWCP_v1:$Mh7/FN9sUZGPLB3ta****","msgId":"msgxPVQnOCZAWuq4****",)"
    R"("senderNick":"张三","isAdmin":true,"senderStaffId":"manager****","sessionWebhookExpiredTime":1613635652738,)"
    R"("createAt":1613630252678,"senderCorpId":"dinge8a565a3****","conversationType":"2",)"
    R"("senderId":"$:LWCP_v1:$Mh7/FN9sUZGPLB3ta****","conversationTitle":"机器人测试-TEST","isInAtList":true,)"
    R"("sessionWebhook":"https://oapi.dingtalk.com/robot/sendBySession?session=4f6a6b1b09f3****",)"
    R"("text":{"content":" 你好"},"msgtype":"text"})";

DingTalkChannel Make(int64_t window_s = 3600) {
  DingTalkConfig c;
  c.app_key = "dingd8e1123006514592";
  c.app_secret = kSecret;
  c.api_base = "http://127.0.0.1:9";
  c.replay_window_s = window_s;
  return DingTalkChannel("hr_robot", c);
}

std::map<std::string, std::string> Headers(const std::string& ts = kTimestamp, const std::string& sign = kSign) {
  return {{"timestamp", ts}, {"sign", sign}};
}

std::string OneToOne(const std::string& type_and_content) {
  return R"({"conversationId":"cid1","msgId":"msg-1","senderStaffId":"0123","senderId":"$:x","conversationType":"1",)"
         R"("sessionWebhook":"https://oapi.dingtalk.com/robot/sendBySession?session=abc","sessionWebhookExpiredTime":1613635652738,)" +
         type_and_content + "}";
}

TEST_CASE("DingTalk: the sign, known answers") {
  CHECK(DingTalkSign(kTimestamp, kSecret) == kSign);
  CHECK(HexLower(HmacSha256("Jefe", "what do ya want for nothing?")) ==  // RFC 4231, case 2
        "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
}

TEST_CASE("DingTalk: the documentation's group message") {
  const DingTalkChannel ch = Make();
  ParseResult r;
  REQUIRE(Describe(ch.Parse(Request("POST", {}, kGroupText, kNow, Headers()), &r)) == "OK");
  REQUIRE(r.messages.size() == 1);
  const InboundMessage& m = r.messages[0];
  CHECK(m.inbound.channel == "dingtalk");
  CHECK(m.inbound.account == "hr_robot");
  CHECK(m.inbound.user == "manager****");
  CHECK(m.inbound.message_id == "msgxPVQnOCZAWuq4****");
  CHECK(m.inbound.text == "你好");
  CHECK(m.reply_context ==
        R"({"webhook":"https://oapi.dingtalk.com/robot/sendBySession?session=4f6a6b1b09f3****","expires":1613635652738,)"
        R"("staff":"manager****","conv_type":"2","conv_id":"cidqO7Ne7e+myoRu67AguW****"})");

  SUBCASE("answered in the group through the session webhook, mentioning the sender") {
    RenderResult out;
    REQUIRE(ch.Render(Answer({{"你好！", {}, std::nullopt}}), m.reply_context, {kNow, true}, &out).ok());
    CHECK(out.http.body.empty());
    REQUIRE(out.outbound.size() == 1);
    CHECK(out.outbound[0].url == "https://oapi.dingtalk.com/robot/sendBySession?session=4f6a6b1b09f3****");
    CHECK(out.outbound[0].auth == Auth::kNone);
    CHECK(out.outbound[0].body == R"({"msgtype":"text","text":{"content":"你好！"},"at":{"atUserIds":["manager****"]}})");
  }
  SUBCASE("the session webhook expired: the robot API, to the group") {
    RenderResult out;
    REQUIRE(ch.Render(Answer({{"你好！", {}, std::nullopt}}), m.reply_context, {1613635652738 - 60000, true}, &out).ok());
    REQUIRE(out.outbound.size() == 1);
    CHECK(out.outbound[0].url == "http://127.0.0.1:9/v1.0/robot/groupMessages/send");
    CHECK(out.outbound[0].auth == Auth::kDingTalkHeader);
    CHECK(out.outbound[0].body ==
          R"({"msgParam":"{\"content\":\"你好！\"}","msgKey":"sampleText","openConversationId":"cidqO7Ne7e+myoRu67AguW****",)"
          R"("robotCode":"dingd8e1123006514592"})");
  }
  SUBCASE("redelivered: the same dedup key") {
    ParseResult again;
    REQUIRE(ch.Parse(Request("POST", {}, kGroupText, kNow + 60000, Headers()), &again).ok());
    CHECK(again.messages[0].inbound.message_id == m.inbound.message_id);
  }
}

TEST_CASE("DingTalk: refused callbacks") {
  const DingTalkChannel ch = Make();
  ParseResult r;
  auto parse = [&](const std::string& body, std::map<std::string, std::string> headers, int64_t now = kNow) {
    return Describe(ch.Parse(Request("POST", {}, body, now, headers), &r));
  };
  CHECK(parse(kGroupText, {}) == "unauthenticated: missing timestamp or sign header");
  CHECK(parse(kGroupText, Headers(kTimestamp, "ycBgWGhqKq7Zk0UuuD7PWwwBmPw+9kO1jf/x9a7RBNR=")) ==
        "unauthenticated: sign does not match");
  CHECK(parse(kGroupText, Headers("1613630252679", kSign)) == "unauthenticated: sign does not match");
  // Replayed: more than an hour either way; the window turned off accepts it.
  CHECK(parse(kGroupText, Headers(), kNow + 3601 * 1000) == "unauthenticated: timestamp is outside the replay window");
  CHECK(parse(kGroupText, Headers(), kNow - 3601 * 1000) == "unauthenticated: timestamp is outside the replay window");
  CHECK(parse(kGroupText, Headers(), kNow + 3599 * 1000) == "OK");
  CHECK(Describe(Make(0).Parse(Request("POST", {}, kGroupText, kNow + 86400000, Headers()), &r)) == "OK");
  // A replayed header pair with a body that points the reply elsewhere.
  std::string evil = kGroupText;
  evil.replace(evil.find("https://oapi.dingtalk.com"), 25, "http://169.254.169.254");
  CHECK(parse(evil, Headers()) == "invalid_argument: sessionWebhook is not under session_webhook_base");
  CHECK(parse("{", Headers()) == "invalid_argument: body is not a JSON object");
  CHECK(parse(R"({"msgtype":"text"})", Headers()) == "invalid_argument: msgId or senderStaffId is missing");
  CHECK(parse(R"({"msgId":"m","senderStaffId":"s","conversationType":"3"})", Headers()) ==
        R"(invalid_argument: conversationType must be "1" or "2")");
  CHECK(Describe(ch.Parse(Request("GET", {}, kGroupText, kNow, Headers()), &r)) == "invalid_argument: method must be POST");
}

// Found by the dingtalk fuzz target: a message with no way back ran a turn whose
// answer could not be rendered (Render: "the session webhook expired and the robot
// API has no recipient").
TEST_CASE("DingTalk: a message that could never be answered is refused") {
  const DingTalkChannel ch = Make();
  ParseResult r;
  auto parse = [&](const std::string& body) { return Describe(ch.Parse(Request("POST", {}, body, kNow, Headers()), &r)); };
  const std::string refused =
      "invalid_argument: no valid sessionWebhook, and no conversationId (group) or senderStaffId (one-to-one) to "
      "answer to";
  const std::string webhook = R"("sessionWebhook":"https://oapi.dingtalk.com/robot/sendBySession?session=abc",)";
  // A group message without conversationId, its webhook missing, expired or about to.
  CHECK(parse(R"({"msgId":"m1","senderStaffId":"s","conversationType":"2","msgtype":"text","text":{"content":"hi"}})") ==
        refused);
  CHECK(parse(R"({"msgId":"m1","senderStaffId":"s","conversationType":"2",)" + webhook +
              R"("msgtype":"text","text":{"content":"hi"}})") == refused);
  CHECK(parse(R"({"msgId":"m1","senderStaffId":"s","conversationType":"2",)" + webhook +
              R"("sessionWebhookExpiredTime":)" + std::to_string(kNow + kSessionWebhookMarginMs) +
              R"(,"msgtype":"text","text":{"content":"hi"}})") == refused);
  // A one-to-one message from a sender known only by senderId, without a webhook.
  CHECK(parse(R"({"msgId":"m1","senderId":"$:x","conversationType":"1","msgtype":"text","text":{"content":"hi"}})") ==
        refused);
  // Either way back is enough.
  CHECK(parse(R"({"msgId":"m1","senderId":"$:x","conversationType":"1",)" + webhook +
              R"("sessionWebhookExpiredTime":)" + std::to_string(kNow + kSessionWebhookMarginMs + 1) +
              R"(,"msgtype":"text","text":{"content":"hi"}})") == "OK");
  CHECK(parse(R"({"msgId":"m1","senderStaffId":"s","conversationType":"2","conversationId":"cid",)"
              R"("msgtype":"text","text":{"content":"hi"}})") == "OK");
  RenderResult out;
  CHECK(ch.Render(Answer({{"好的", {}, std::nullopt}}), r.messages.at(0).reply_context, {kNow, true}, &out).ok());
}

TEST_CASE("DingTalk: one-to-one messages and ActionCards") {
  const DingTalkChannel ch = Make();
  ParseResult r;
  REQUIRE(ch.Parse(Request("POST", {}, OneToOne(R"("msgtype":"audio","content":{"duration":3,"recognition":"我想转行"})"), kNow, Headers()), &r).ok());
  CHECK(r.messages[0].inbound.text == "我想转行");
  REQUIRE(ch.Parse(Request("POST", {}, OneToOne(R"("msgtype":"picture","content":{"downloadCode":"x"})"), kNow, Headers()), &r).ok());
  CHECK(r.messages[0].kind == InboundKind::kUnsupported);
  CHECK(r.messages[0].detail == "picture");
  REQUIRE(ch.Parse(Request("POST", {}, OneToOne(R"("msgtype":"text","text":{"content":"hi"})"), kNow, Headers()), &r).ok());
  const std::string ctx = r.messages[0].reply_context;

  RenderResult out;
  const dialog::TurnAnswer a = Answer({{"你的学历？\n请选择一项。", {{"college", "大专"}, {"bachelor", "本科"}}, std::nullopt},
                                       {"报告已生成", {}, dialog::Link{"https://e.org/r", "查看报告"}}});
  REQUIRE(ch.Render(a, ctx, {kNow, true}, &out).ok());
  REQUIRE(out.outbound.size() == 2);
  CHECK(out.outbound[0].url == "https://oapi.dingtalk.com/robot/sendBySession?session=abc");
  CHECK(out.outbound[0].body ==
        R"({"msgtype":"actionCard","actionCard":{"title":"你的学历？","text":"你的学历？\n请选择一项。","btnOrientation":"0",)"
        R"("btns":[{"title":"大专","actionURL":"dtmd://dingtalkclient/sendMessage?content=1"},)"
        R"({"title":"本科","actionURL":"dtmd://dingtalkclient/sendMessage?content=2"}]}})");
  CHECK(out.outbound[1].body ==
        R"({"msgtype":"actionCard","actionCard":{"title":"报告已生成","text":"报告已生成","btnOrientation":"0",)"
        R"("btns":[{"title":"查看报告","actionURL":"https://e.org/r"}]}})");

  // Expired: batchSend to the user, choices as numbered lines.
  REQUIRE(ch.Render(a, ctx, {1613635652738, true}, &out).ok());
  REQUIRE(out.outbound.size() == 2);
  CHECK(out.outbound[0].url == "http://127.0.0.1:9/v1.0/robot/oToMessages/batchSend");
  CHECK(out.outbound[0].body ==
        R"({"robotCode":"dingd8e1123006514592","userIds":["0123"],"msgKey":"sampleText",)"
        R"("msgParam":"{\"content\":\"你的学历？\\n请选择一项。\\n1. 大专\\n2. 本科\"}"})");
  CHECK(ch.Render(a, "{}", {kNow, true}, &out).code() == Status::Code::kInvalidArgument);
}

TEST_CASE("DingTalk: access token and API answers") {
  const DingTalkChannel ch = Make();
  const auto req = ch.TokenRequest();
  REQUIRE(req);
  CHECK(req->url == "http://127.0.0.1:9/v1.0/oauth2/accessToken");
  CHECK(req->body == R"({"appKey":"dingd8e1123006514592","appSecret":"dingd8e1123006514592-app-secret"})");
  std::string t;
  int64_t e = 0;
  REQUIRE(ch.ParseTokenResponse(testing::Json(200, R"({"accessToken":"fw8ef8we8f76e6f7s8df8s","expireIn":7200})"), &t, &e).ok());
  CHECK(t == "fw8ef8we8f76e6f7s8df8s");
  CHECK(e == 7200);
  CHECK(ch.ParseTokenResponse(testing::Json(400, R"({"code":"invalidClientIdOrSecret","message":"无效的clientId或者clientSecret"})"), &t, &e).code() ==
        Status::Code::kPermissionDenied);

  using Kind = ApiOutcome::Kind;
  OutboundRequest webhook;
  webhook.auth = Auth::kNone;
  OutboundRequest api;
  api.auth = Auth::kDingTalkHeader;
  CHECK(ch.Classify(webhook, testing::Json(200, R"({"errcode":0,"errmsg":"ok"})")).kind == Kind::kOk);
  CHECK(ch.Classify(webhook, testing::Json(200, R"({"errcode":130101,"errmsg":"send too fast"})")).kind == Kind::kRetry);
  CHECK(ch.Classify(webhook, testing::Json(200, R"({"errcode":300001,"errmsg":"session expired"})")).kind == Kind::kPermanent);
  CHECK(ch.Classify(api, testing::Json(200, R"({"processQueryKey":"k"})")).kind == Kind::kOk);
  CHECK(ch.Classify(api, testing::Json(401, R"({"code":"InvalidAuthentication","message":"不合法的access_token"})")).kind ==
        Kind::kInvalidToken);
  CHECK(ch.Classify(api, testing::Json(429, R"({"code":"Throttling.Api"})")).kind == Kind::kRetry);
  CHECK(ch.Classify(api, testing::Json(400, R"({"code":"invalidParameter","message":"x"})")).kind == Kind::kPermanent);

  DingTalkConfig c;
  CHECK(Describe(ParseDingTalkConfig({{"app_key", "k"}}, "channels.dingtalk.hr_robot", &c)) ==
        "invalid_argument: channels.dingtalk.hr_robot.app_secret: is required (or app_secret_env or app_secret_file)");
  REQUIRE(ParseDingTalkConfig({{"app_key", "k"}, {"app_secret", "s"}}, "x", &c).ok());
  CHECK(c.replay_window_s == 3600);
  CHECK(DingTalkChannel("r", c).token_key() == "dingtalk:k");
}

}  // namespace
}  // namespace careerbot::adapters
