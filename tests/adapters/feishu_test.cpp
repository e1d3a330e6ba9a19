// Feishu adapter against the official decryption example (key "test key"), the
// documentation's event shapes (url_verification, im.message.receive_v1,
// card.action.trigger), and an encrypted, signed event whose ciphertext and
// signature were computed independently (Python's hashlib and cryptography) from
// the documented formulas; with malformed, unsigned, wrongly signed, replayed and
// redelivered requests.
#include "adapters/feishu.h"

#include <doctest/doctest.h>

#include <nlohmann/json.hpp>

#include "tests/adapters/channel_testing.h"

namespace careerbot::adapters {
namespace {

using testing::Answer;
using testing::Describe;
using testing::Request;

constexpr char kVerificationToken[] = "rvaYgkND1GOiu5MM0E1rncYC6PLtF7JV";
constexpr char kEncryptKey[] = "kudryavka-encrypt-key";
constexpr int64_t kNow = 1608725990000;

// im.message.receive_v1 (the documentation's example, text "@_user_1 我想转行 🚀"),
// encrypted with kEncryptKey and the IV "0123456789abcdef".
const std::string kEncryptedEvent =
    "MDEyMzQ1Njc4OWFiY2RlZttipuzzhkvfxKzDrR9wZgSYFCCwbLw8SBKzchMOTD+xHnZBARwc144u4OiTiBUmYfoeZctLQF1UVbK6"
    "yEFLfU0CGdPzST11UPKvBNmlR2Clw24ocFdd2qDm6rGGv3w64xmWFJgE9zqUm0mk/yTHbDSqcJqjP5rRMFZkNCWIk7nBSP7AZonh"
    "wYs7D80oLL4bSXMDinm39pD2EXfTO/vsPb0/ZSNX5nefqfFXbfilNx0ymDrhJlLGHTruIJQlFUwRyI04D5OgsbiBvy6ohMtM9BNa"
    "Ckwg142oWI0wsuQKGvZELZsFO60izotp3rV2WD7TH8dPeE74NftGIcy2zRAP2tWLbVQSSDeWt4oVw3Gax5k9HIvKduWDFzhT1En5"
    "AFcXucd5Eqw7q1zyKCBSaH1wkAC9QQ4pn1CywpoWxOuoHUBaqtrZ4yIew4c3ISC5ovCexssxOMvxhGUSou5A+wl3ck/QvygeEexf"
    "6Xz5YK7hMQA6FRpJprMgzcC+QLk0YM1jAO+E3X+fZ/IXfhivwBhkkFXWPHkXXHUkNKdCrvEUf2B/WaAwMZmQv0NDJA5Fx7ULfS8w"
    "WpADCvLl8cBVQuuB8otwCYjR2FAG01TElK4k0fMGAa/uKYNvViItMalldidNz7Oz/bNDHeemF+yRn1jAW6oqTYG8jASp6a04Z7xf"
    "4+jybX2+atNnIG4ARAtUuRRwDOLjYGbf4F1pFfDVXMZvkAYjhRsKvQ67qEumxQstHUDzWd/rwyTSFINxTHJfNdvVLPLgbk5dmEfk"
    "NTVMNFfNm37fhaY6OuEsVkecJ/gNbns5PwqTxO8IXLSey3gFGeKT43uQqFl3yyUzmqPBlFUozrwL2Fy8OCRBZpLu36iyh18vx2gX"
    "qYyPba9vTru/BPzNlqqzLibYv7sEeXu+zgTICP71X3dkPs6CPjW6nI3VJbfuckdXA1neKpBqgoj339pkVF1rCiSTngXL1w02KkVM"
    "Ed81E3N2BgRQgdcwVOlP/PMDeBfdg45u5E9BbYjF2L5Ak6VIrkxG+N1aLI1cWK2iu8dKYHHOCayLAcmsZ5syKZ8+d7Nf0C125vEA"
    "nusH9e/wudza4OqD9TFY8+hlFWirt7A=";
const std::string kEncryptedBody = "{\"encrypt\":\"" + kEncryptedEvent + "\"}";
// hex(sha256("1608725989" + "13262" + kEncryptKey + kEncryptedBody))
constexpr char kSignature[] = "63e4894609396284249e09b5ff273a5af10f5f28eb5f410fde2e970b3ab4797b";
// The challenge, encrypted with the IV "IVIVIVIVIVIVIVIV".
constexpr char kEncryptedChallenge[] =
    "SVZJVklWSVZJVklWSVZJVh2Jv+xNddIKnZksqHZP7CBUTJZ1YZIuGFvyjdlmuBzhCDGE42wVAR7R3RckuRYOvOR7tbqh9P1B4ITrW"
    "OvbncHghmpEKOGnxuxEavsYafjORygv6cxLN6ufvy1q5j56O1PD1KrWVQKrJTs+t/7/3X0=";

FeishuConfig Config(bool encrypted) {
  FeishuConfig c;
  c.app_id = "cli_9f5343c580712544";
  c.app_secret = "app-secret";
  c.verification_token = kVerificationToken;
  if (encrypted) c.encrypt_key = kEncryptKey;
  c.api_base = "http://127.0.0.1:9";
  return c;
}

std::map<std::string, std::string> SignedHeaders(const std::string& signature = kSignature) {
  return {{"x-lark-request-timestamp", "1608725989"},
          {"x-lark-request-nonce", "13262"},
          {"x-lark-signature", signature}};
}

// A plaintext schema-2.0 event.
std::string Event(const std::string& type, const std::string& event, const std::string& token = kVerificationToken) {
  return R"({"schema":"2.0","header":{"event_id":"ev-1","event_type":")" + type +
         R"(","create_time":"1608725989000","token":")" + token +
         R"(","app_id":"cli_9f5343c580712544","tenant_key":"t"},"event":)" + event + "}";
}

std::string TextMessage(const std::string& chat_type, const std::string& sender_type, const std::string& type,
                        const std::string& content) {
  return R"({"sender":{"sender_id":{"open_id":"ou_1"},"sender_type":")" + sender_type +
         R"("},"message":{"message_id":"om_1","chat_id":"oc_1","chat_type":")" + chat_type +
         R"(","message_type":")" + type + R"(","content":)" + nlohmann::json(content).dump() + "}}";
}

TEST_CASE("Feishu: the official decryption example") {
  std::string plain;
  REQUIRE(FeishuDecrypt("test key", "P37w+VZImNgPEO1RBhJ6RtKl7n6zymIbEG1pReEzghk=", &plain).ok());
  CHECK(plain == "hello world");
  CHECK(Describe(FeishuDecrypt("wrong key", "P37w+VZImNgPEO1RBhJ6RtKl7n6zymIbEG1pReEzghk=", &plain)) ==
        "invalid_argument: encrypt has an invalid padding (a wrong encrypt_key?)");
  CHECK(FeishuDecrypt("test key", "P37w+VZImNgPEO1RBhJ6Rg==", &plain).code() == Status::Code::kInvalidArgument);
  CHECK(FeishuDecrypt("test key", "%%%", &plain).code() == Status::Code::kInvalidArgument);
}

TEST_CASE("Feishu: url_verification, plaintext and encrypted, never signed") {
  ParseResult r;
  const std::string plain =
      R"({"challenge":"ajls384kdjx98XX","token":"rvaYgkND1GOiu5MM0E1rncYC6PLtF7JV","type":"url_verification"})";
  REQUIRE(FeishuChannel("app", Config(false)).Parse(Request("POST", {}, plain, kNow), &r).ok());
  REQUIRE(r.immediate);
  CHECK(r.immediate->content_type == "application/json; charset=utf-8");
  CHECK(r.immediate->body == R"({"challenge":"ajls384kdjx98XX"})");

  const FeishuChannel encrypted("app", Config(true));
  const std::string body = std::string(R"({"encrypt":")") + kEncryptedChallenge + "\"}";
  REQUIRE(Describe(encrypted.Parse(Request("POST", {}, body, kNow), &r)) == "OK");
  CHECK(r.immediate->body == R"({"challenge":"ajls384kdjx98XX"})");

  FeishuConfig other = Config(false);
  other.verification_token = "another";
  CHECK(Describe(FeishuChannel("app", other).Parse(Request("POST", {}, plain, kNow), &r)) ==
        "unauthenticated: the Verification Token does not match");
  CHECK(Describe(FeishuChannel("app", Config(false)).Parse(Request("POST", {}, body, kNow), &r)) ==
        "unauthenticated: an encrypted event, but encrypt_key is not configured");
}

TEST_CASE("Feishu: an encrypted, signed message event") {
  const FeishuChannel ch("app", Config(true));
  ParseResult r;
  REQUIRE(Describe(ch.Parse(Request("POST", {}, kEncryptedBody, kNow, SignedHeaders()), &r)) == "OK");
  REQUIRE(r.messages.size() == 1);
  const InboundMessage& m = r.messages[0];
  CHECK(m.kind == InboundKind::kMessage);
  CHECK(m.inbound.channel == "feishu");
  CHECK(m.inbound.account == "app");
  CHECK(m.inbound.user == "ou_84aad35d084aa403a838cf73ee18467");
  CHECK(m.inbound.message_id == "om_5ce6d572455d361153b7cb51da133945");
  CHECK(m.inbound.text == "我想转行 🚀");
  CHECK(m.reply_context ==
        R"({"open_id":"ou_84aad35d084aa403a838cf73ee18467","key":"om_5ce6d572455d361153b7cb51da133945",)"
        R"("reply":"om_5ce6d572455d361153b7cb51da133945"})");

  SUBCASE("redelivered hours later: the same dedup key") {
    ParseResult again;
    REQUIRE(ch.Parse(Request("POST", {}, kEncryptedBody, kNow + 6 * 3600 * 1000, SignedHeaders()), &again).ok());
    CHECK(again.messages[0].inbound.message_id == m.inbound.message_id);
  }
  SUBCASE("an upper-case signature is the same signature") {
    std::string upper = kSignature;
    for (char& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    CHECK(ch.Parse(Request("POST", {}, kEncryptedBody, kNow, SignedHeaders(upper)), &r).ok());
  }
  SUBCASE("wrongly signed, unsigned, tampered, replayed") {
    CHECK(Describe(ch.Parse(Request("POST", {}, kEncryptedBody, kNow,
                                    SignedHeaders("63e4894609396284249e09b5ff273a5af10f5f28eb5f410fde2e970b3ab4797c")),
                            &r)) == "unauthenticated: X-Lark-Signature does not match");
    CHECK(Describe(ch.Parse(Request("POST", {}, kEncryptedBody, kNow), &r)) ==
          "unauthenticated: missing X-Lark-Signature");
    std::string tampered = kEncryptedBody;
    tampered[20] = tampered[20] == 'A' ? 'B' : 'A';
    CHECK(ch.Parse(Request("POST", {}, tampered, kNow, SignedHeaders()), &r).code() ==
          Status::Code::kUnauthenticated);
    auto headers = SignedHeaders();
    headers["x-lark-request-nonce"] = "13263";
    CHECK(ch.Parse(Request("POST", {}, kEncryptedBody, kNow, headers), &r).code() == Status::Code::kUnauthenticated);
    CHECK(Describe(ch.Parse(Request("POST", {}, kEncryptedBody, kNow + 86401LL * 1000, SignedHeaders()), &r)) ==
          "unauthenticated: X-Lark-Request-Timestamp is outside the replay window");
    FeishuConfig no_window = Config(true);
    no_window.replay_window_s = 0;
    CHECK(FeishuChannel("app", no_window)
              .Parse(Request("POST", {}, kEncryptedBody, kNow + 86401LL * 1000, SignedHeaders()), &r)
              .ok());
  }
}

TEST_CASE("Feishu: plaintext events (no Encrypt Key)") {
  const FeishuChannel ch("app", Config(false));
  ParseResult r;
  auto parse = [&](const std::string& body) { return Describe(ch.Parse(Request("POST", {}, body, kNow), &r)); };
  auto ignored = [&](const std::string& body) {
    r = {};
    return parse(body) == "OK" && r.immediate && r.immediate->body == "{}" && r.messages.empty();
  };
  REQUIRE(parse(Event("im.message.receive_v1", TextMessage("p2p", "user", "text", R"({"text":"hi @_user_12 there"})"))) == "OK");
  CHECK(r.messages[0].inbound.text == "hi  there");
  REQUIRE(parse(Event("im.message.receive_v1", TextMessage("p2p", "user", "image", R"({"image_key":"k"})"))) == "OK");
  CHECK(r.messages[0].kind == InboundKind::kUnsupported);
  CHECK(r.messages[0].detail == "image");
  CHECK(ignored(Event("im.message.receive_v1", TextMessage("group", "user", "text", R"({"text":"hi"})"))));
  CHECK(ignored(Event("im.message.receive_v1", TextMessage("p2p", "app", "text", R"({"text":"hi"})"))));
  CHECK(ignored(Event("im.chat.access_event.bot_p2p_chat_entered_v1", "{}")));

  // A tapped button of our card.
  REQUIRE(parse(Event("card.action.trigger",
                      R"({"operator":{"open_id":"ou_1"},"token":"c-1","action":{"tag":"button","value":{"choice":"bachelor"}},)"
                      R"("context":{"open_message_id":"om_card","open_chat_id":"oc_1"}})")) == "OK");
  REQUIRE(r.messages.size() == 1);
  CHECK(*r.messages[0].inbound.choice == "bachelor");
  CHECK(r.messages[0].inbound.message_id == "ev-1");
  CHECK(r.messages[0].reply_context == R"({"open_id":"ou_1","key":"ev-1"})");
  CHECK(ignored(Event("card.action.trigger", R"({"operator":{"open_id":"ou_1"},"action":{"value":{"other":1}}})")));

  // Schema 1.0: the first chat with the bot.
  REQUIRE(parse(R"({"uuid":"u-1","token":"rvaYgkND1GOiu5MM0E1rncYC6PLtF7JV","ts":"1","type":"event_callback",)"
                R"("event":{"type":"p2p_chat_create","chat_id":"oc_1","user":{"open_id":"ou_1"}}})") == "OK");
  CHECK(r.messages[0].kind == InboundKind::kStart);
  CHECK(r.messages[0].inbound.message_id == "u-1");

  CHECK(parse(Event("im.message.receive_v1", "{}", "wrong-token")) ==
        "unauthenticated: the Verification Token does not match");
  CHECK(parse(R"({"schema":"2.0","header":{"event_type":"x"}})") == "unauthenticated: the Verification Token is missing");
  CHECK(parse("[]") == "invalid_argument: body is not a JSON object");
  CHECK(parse(Event("im.message.receive_v1", TextMessage("p2p", "user", "text", "not json"))) ==
        "invalid_argument: event.message.content is not a JSON object");
  CHECK(parse(Event("im.message.receive_v1", R"({"sender":{"sender_type":"user"},"message":{"chat_type":"p2p"}})")) ==
        "invalid_argument: event.sender.sender_id.open_id or event.message.message_id is missing");
  CHECK(parse(R"({"encrypt":5})") == "unauthenticated: an encrypted event, but encrypt_key is not configured");
}

TEST_CASE("Feishu: replies, byte for byte") {
  const FeishuChannel ch("app", Config(true));
  RenderResult out;
  const std::string ctx = R"({"open_id":"ou_1","key":"om_1","reply":"om_1"})";
  REQUIRE(ch.Render(Answer({{"你好！", {}, std::nullopt},
                            {"你的学历？", {{"college", "大专"}, {"bachelor", "本科"}}, dialog::Link{"https://e.org/r", "报告"}}}),
                    ctx, {kNow, true}, &out)
              .ok());
  CHECK(out.http.body == "{}");
  REQUIRE(out.outbound.size() == 2);
  CHECK(out.outbound[0].url == "http://127.0.0.1:9/open-apis/im/v1/messages/om_1/reply");
  CHECK(out.outbound[0].auth == Auth::kBearer);
  CHECK(out.outbound[0].body == R"({"msg_type":"text","content":"{\"text\":\"你好！\"}","uuid":"55ea560741afa9cbc09328eff3811a36"})");
  const auto card_body = nlohmann::json::parse(out.outbound[1].body);
  CHECK(card_body["msg_type"] == "interactive");
  CHECK(card_body["content"] ==
        R"({"config":{"wide_screen_mode":true},"elements":[{"tag":"div","text":{"tag":"plain_text","content":"你的学历？"}},)"
        R"({"tag":"action","actions":[{"tag":"button","text":{"tag":"plain_text","content":"大专"},"type":"default","value":{"choice":"college"}},)"
        R"({"tag":"button","text":{"tag":"plain_text","content":"本科"},"type":"default","value":{"choice":"bachelor"}},)"
        R"({"tag":"button","text":{"tag":"plain_text","content":"报告"},"type":"primary","url":"https://e.org/r"}]}]})");
  CHECK(card_body["uuid"] != nlohmann::json::parse(out.outbound[0].body)["uuid"]);

  // The same answer rendered again (a redelivery) carries the same uuids.
  RenderResult again;
  REQUIRE(ch.Render(Answer({{"你好！", {}, std::nullopt}}), ctx, {kNow, false}, &again).ok());
  CHECK(again.outbound[0].body == out.outbound[0].body);

  // After a card tap: a new message to the user, not a reply.
  REQUIRE(ch.Render(Answer({{"好的", {}, std::nullopt}}), R"({"open_id":"ou_1","key":"ev-1"})", {kNow, true}, &out).ok());
  CHECK(out.outbound[0].url == "http://127.0.0.1:9/open-apis/im/v1/messages?receive_id_type=open_id");
  CHECK(out.outbound[0].body.starts_with(R"({"receive_id":"ou_1","msg_type":"text","content":"{\"text\":\"好的\"}","uuid":")"));
  CHECK(ch.Render(Answer({}), "{}", {kNow, true}, &out).code() == Status::Code::kInvalidArgument);
}

TEST_CASE("Feishu: tenant access token and API answers") {
  const FeishuChannel ch("app", Config(true));
  const auto req = ch.TokenRequest();
  REQUIRE(req);
  CHECK(req->url == "http://127.0.0.1:9/open-apis/auth/v3/tenant_access_token/internal");
  CHECK(req->body == R"({"app_id":"cli_9f5343c580712544","app_secret":"app-secret"})");
  std::string t;
  int64_t e = 0;
  REQUIRE(ch.ParseTokenResponse(testing::Json(200, R"({"code":0,"msg":"ok","tenant_access_token":"t-abc","expire":7140})"), &t, &e).ok());
  CHECK(t == "t-abc");
  CHECK(e == 7140);
  CHECK(Describe(ch.ParseTokenResponse(testing::Json(200, R"({"code":10014,"msg":"app secret invalid"})"), &t, &e)) ==
        "permission_denied: token endpoint: code 10014: app secret invalid");
  const OutboundRequest any;
  using Kind = ApiOutcome::Kind;
  CHECK(ch.Classify(any, testing::Json(200, R"({"code":0,"msg":"success","data":{}})")).kind == Kind::kOk);
  CHECK(ch.Classify(any, testing::Json(400, R"({"code":99991663,"msg":"Invalid access token"})")).kind == Kind::kInvalidToken);
  CHECK(ch.Classify(any, testing::Json(400, R"({"code":99991668,"msg":"token expired"})")).kind == Kind::kInvalidToken);
  CHECK(ch.Classify(any, testing::Json(400, R"({"code":99991400,"msg":"rate limited"})")).kind == Kind::kRetry);
  CHECK(ch.Classify(any, testing::Json(400, R"({"code":230002,"msg":"bot not in chat"})")).error ==
        "code 230002: bot not in chat");
  CHECK(ch.Classify(any, testing::Json(503, "")).kind == Kind::kRetry);
  CHECK(ch.token_key() == "feishu:cli_9f5343c580712544");

  FeishuConfig c;
  CHECK(Describe(ParseFeishuConfig({{"app_id", "cli_1"}, {"app_secret", "s"}}, "channels.feishu.app", &c)) ==
        "invalid_argument: channels.feishu.app.verification_token: is required (or verification_token_env or "
        "verification_token_file)");
  REQUIRE(ParseFeishuConfig({{"app_id", "cli_1"}, {"app_secret", "s"}, {"verification_token", "v"}}, "x", &c).ok());
  CHECK(c.encrypt_key.empty());
  CHECK(c.replay_window_s == 86400);
}

}  // namespace
}  // namespace careerbot::adapters
