// WeChat Official Account adapter against the official sample (token "spamtest",
// AppID wx2c2769f8efd9abc2, EncodingAESKey abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG,
// the compatible-mode message of the WXBizMsgCrypt sample), wechatpy's encryption
// test vector, and recorded variations: malformed, unsigned, wrongly signed, replayed
// and redelivered requests.
#include "adapters/wechat.h"

#include <doctest/doctest.h>

#include <nlohmann/json.hpp>

#include "adapters/wx_crypt.h"
#include "tests/adapters/channel_testing.h"

namespace careerbot::adapters {
namespace {

using testing::Answer;
using testing::Describe;
using testing::FixedRandom;
using testing::Request;

constexpr char kToken[] = "spamtest";
constexpr char kAesKey[] = "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG";
constexpr char kAppId[] = "wx2c2769f8efd9abc2";
constexpr char kTimestamp[] = "1409735669";
constexpr char kNonce[] = "1320562132";
constexpr int64_t kNow = 1409735670000;  // one second after the sample's timestamp
// sha1(sort(spamtest, 1409735669, 1320562132))
constexpr char kSignature[] = "16120ec1b8dbb870f510d87ce6bc2463eae6ca1a";
constexpr char kMsgSignature[] = "5d197aaffba7e9b25a30732f161a50dee96bd5fa";
constexpr char kOpenId[] = "oyORnuP8q7ou2gfYjqLzSIWZf0rs";
constexpr char kEncrypt[] =
    "hyzAe4OzmOMbd6TvGdIOO6uBmdJoD0Fk53REIHvxYtJlE2B655HuD0m8KUePWB3+LrPXo87wzQ1QLvbeUgmBM4x6F8PGHQHF"
    "VAFmOD2LdJF9FrXpbUAh0B5GIItb52sn896wVsMSHGuPE328HnRGBcrS7C41IzDWyWNlZkyyXwon8T332jisa+h6tEDY"
    "sVticbSnyU8dKOIbgU6ux5VTjg3yt+WGzjlpKn6NPhRjpA912xMezR4kw6KWwMrCVKSVCZciVGCgavjIQ6X8tCOp3yZb"
    "Gpy0VxpAe+77TszTfRd5RJSVO/HTnifJpXgCSUdUue1v6h0EIBYYI1BD1DlD+C0CR8e6OewpusjZ4uBl9FyJvnhvQl+q"
    "5rv1ixrcpCumEPo5MJSgM9ehVsNPfUM669WuMyVWQLCzpu9GhglF2PE=";
// The official sample body: compatible mode (plaintext fields and Encrypt).
const std::string kCompatibleBody =
    std::string("<xml><ToUserName><![CDATA[gh_10f6c3c3ac5a]]></ToUserName><FromUserName><![CDATA["
                "oyORnuP8q7ou2gfYjqLzSIWZf0rs]]></FromUserName><CreateTime>1409735668</CreateTime>"
                "<MsgType><![CDATA[text]]></MsgType><Content><![CDATA[abcdteT]]></Content><MsgId>"
                "6054768590064713728</MsgId><Encrypt><![CDATA[") +
    kEncrypt + "]]></Encrypt></xml>";
// Safe mode: only ToUserName and Encrypt.
const std::string kSafeBody = std::string("<xml><ToUserName><![CDATA[gh_10f6c3c3ac5a]]></ToUserName>"
                                          "<Encrypt><![CDATA[") +
                              kEncrypt + "]]></Encrypt></xml>";

WeChatConfig Config(bool with_aes_key = true) {
  WeChatConfig c;
  c.token = kToken;
  if (with_aes_key) c.encoding_aes_key = kAesKey;
  c.app_id = kAppId;
  c.app_secret = "secret-of-the-app";
  c.api_base = "http://127.0.0.1:9";
  c.menu_commands = {{"MENU_HELP", "帮助"}, {"MENU_RESTART", "重新开始"}};
  return c;
}

std::unique_ptr<WeChatChannel> Make(WeChatConfig c = Config()) {
  std::unique_ptr<WeChatChannel> ch;
  REQUIRE(WeChatChannel::Create("main", std::move(c), FixedRandom("0123456789abcdef"), &ch).ok());
  return ch;
}

std::map<std::string, std::string> PlainQuery() {
  return {{"signature", kSignature}, {"timestamp", kTimestamp}, {"nonce", kNonce}, {"openid", kOpenId}};
}

std::map<std::string, std::string> AesQuery() {
  auto q = PlainQuery();
  q["encrypt_type"] = "aes";
  q["msg_signature"] = kMsgSignature;
  return q;
}

// A plaintext-mode message body, signed the plaintext way (only the query is signed).
std::string PlainBody(const std::string& fields) {
  return "<xml><ToUserName><![CDATA[gh_10f6c3c3ac5a]]></ToUserName><FromUserName><![CDATA[" +
         std::string(kOpenId) + "]]></FromUserName><CreateTime>1409735668</CreateTime>" + fields +
         "</xml>";
}

Status ParsePlain(const WeChatChannel& ch, const std::string& fields, ParseResult* out) {
  return ch.Parse(Request("POST", PlainQuery(), PlainBody(fields), kNow), out);
}

TEST_CASE("WeChat: GET verification answers echostr, plaintext, unsigned") {
  auto ch = Make();
  auto q = PlainQuery();
  q.erase("openid");
  q["echostr"] = "shr5ch";
  ParseResult r;
  REQUIRE(ch->Parse(Request("GET", q, "", kNow), &r).ok());
  REQUIRE(r.immediate);
  CHECK(r.immediate->status == 200);
  CHECK(r.immediate->body == "shr5ch");
  CHECK(r.messages.empty());

  SUBCASE("an upper-case hex signature is the same signature") {
    q["signature"] = "16120EC1B8DBB870F510D87CE6BC2463EAE6CA1A";
    CHECK(ch->Parse(Request("GET", q, "", kNow), &r).ok());
  }
  SUBCASE("a wrong signature") {
    q["signature"] = "16120ec1b8dbb870f510d87ce6bc2463eae6ca1b";
    CHECK(Describe(ch->Parse(Request("GET", q, "", kNow), &r)) ==
          "unauthenticated: signature does not match");
  }
  SUBCASE("echostr is not part of the signature, the nonce is") {
    q["nonce"] = "1320562133";
    CHECK(ch->Parse(Request("GET", q, "", kNow), &r).code() == Status::Code::kUnauthenticated);
  }
  SUBCASE("missing parameters") {
    q.erase("signature");
    CHECK(Describe(ch->Parse(Request("GET", q, "", kNow), &r)) ==
          "unauthenticated: missing signature, timestamp or nonce");
  }
  SUBCASE("no echostr") {
    q.erase("echostr");
    CHECK(Describe(ch->Parse(Request("GET", q, "", kNow), &r)) == "invalid_argument: echostr is missing");
  }
  SUBCASE("a replayed handshake, and the window turned off") {
    const int64_t later = kNow + 301 * 1000;
    CHECK(Describe(ch->Parse(Request("GET", q, "", later), &r)) ==
          "unauthenticated: timestamp is outside the replay window");
    CHECK(ch->Parse(Request("GET", q, "", kNow - 299 * 1000), &r).ok());
    WeChatConfig c = Config();
    c.replay_window_s = 0;
    CHECK(Make(c)->Parse(Request("GET", q, "", later), &r).ok());
  }
}

TEST_CASE("WeChat: the official compatible-mode sample decrypts to the text message") {
  auto ch = Make();
  ParseResult r;
  REQUIRE(Describe(ch->Parse(Request("POST", AesQuery(), kCompatibleBody, kNow), &r)) == "OK");
  CHECK(!r.immediate);
  REQUIRE(r.messages.size() == 1);
  const InboundMessage& m = r.messages[0];
  CHECK(m.kind == InboundKind::kMessage);
  CHECK(m.inbound.channel == "wechat");
  CHECK(m.inbound.account == "main");
  CHECK(m.inbound.user == kOpenId);
  CHECK(m.inbound.message_id == "6054768590064713728");
  CHECK(m.inbound.text == "abcdteT");
  CHECK(m.inbound.received_at_ms == kNow);
  CHECK(m.reply_context ==
        R"({"to":"oyORnuP8q7ou2gfYjqLzSIWZf0rs","from":"gh_10f6c3c3ac5a","aes":true,"nonce":"1320562132"})");

  SUBCASE("safe mode: the same message with only Encrypt in the body") {
    ParseResult safe;
    REQUIRE(ch->Parse(Request("POST", AesQuery(), kSafeBody, kNow), &safe).ok());
    REQUIRE(safe.messages.size() == 1);
    CHECK(safe.messages[0].inbound.text == "abcdteT");
  }
  SUBCASE("a redelivery carries the same dedup key") {
    ParseResult again;
    REQUIRE(ch->Parse(Request("POST", AesQuery(), kCompatibleBody, kNow + 5000), &again).ok());
    CHECK(again.messages[0].inbound.message_id == m.inbound.message_id);
  }
  SUBCASE("msg_signature alone suffices in safe mode") {
    auto q = AesQuery();
    q.erase("signature");
    CHECK(ch->Parse(Request("POST", q, kSafeBody, kNow), &r).ok());
  }
}

TEST_CASE("WeChat: encrypted requests that must be refused") {
  auto ch = Make();
  ParseResult r;
  auto q = AesQuery();
  SUBCASE("wrong msg_signature") {
    q["msg_signature"] = "5d197aaffba7e9b25a30732f161a50dee96bd5fb";
    CHECK(Describe(ch->Parse(Request("POST", q, kSafeBody, kNow), &r)) ==
          "unauthenticated: msg_signature does not match");
  }
  SUBCASE("no msg_signature") {
    q.erase("msg_signature");
    CHECK(Describe(ch->Parse(Request("POST", q, kSafeBody, kNow), &r)) ==
          "unauthenticated: missing msg_signature, timestamp or nonce");
  }
  SUBCASE("a tampered Encrypt fails the signature before any decryption") {
    std::string body = kSafeBody;
    body[body.find("hyzAe4") + 2] = 'Z';
    CHECK(ch->Parse(Request("POST", q, body, kNow), &r).code() == Status::Code::kUnauthenticated);
  }
  SUBCASE("another app's message (receive id mismatch)") {
    WeChatConfig c = Config();
    c.app_id = "wx0000000000000000";
    CHECK(Describe(Make(c)->Parse(Request("POST", q, kSafeBody, kNow), &r)) ==
          "unauthenticated: Encrypt is addressed to another app (receive id mismatch)");
  }
  SUBCASE("no EncodingAESKey configured") {
    CHECK(Describe(Make(Config(false))->Parse(Request("POST", q, kSafeBody, kNow), &r)) ==
          "unauthenticated: an encrypted (safe mode) request, but encoding_aes_key is not configured");
  }
  SUBCASE("an encrypted body without encrypt_type=aes") {
    CHECK(Describe(ch->Parse(Request("POST", PlainQuery(), kSafeBody, kNow), &r)) ==
          "invalid_argument: an encrypted body without encrypt_type=aes");
  }
  SUBCASE("a wrong plain signature beside a right msg_signature") {
    q["signature"] = "0000000000000000000000000000000000000000";
    CHECK(ch->Parse(Request("POST", q, kSafeBody, kNow), &r).code() == Status::Code::kUnauthenticated);
  }
  SUBCASE("replayed") {
    CHECK(Describe(ch->Parse(Request("POST", q, kSafeBody, kNow + 3600 * 1000), &r)) ==
          "unauthenticated: timestamp is outside the replay window");
  }
  SUBCASE("unknown encrypt_type") {
    q["encrypt_type"] = "des";
    CHECK(ch->Parse(Request("POST", q, kSafeBody, kNow), &r).code() == Status::Code::kInvalidArgument);
  }
  SUBCASE("a well-signed Encrypt that is not base64 or not whole blocks") {
    WxCrypt crypt;
    REQUIRE(WxCrypt::Create(kToken, kAesKey, kAppId, &crypt).ok());
    for (const std::string bad : {"not base64!", "QUJD", "QUJDREVGR0hJSktMTU5PUA=="}) {
      auto signed_query = q;
      signed_query["msg_signature"] = crypt.Signature(kTimestamp, kNonce, bad);
      const std::string body = "<xml><Encrypt><![CDATA[" + bad + "]]></Encrypt></xml>";
      CHECK(ch->Parse(Request("POST", signed_query, body, kNow), &r).code() ==
            Status::Code::kInvalidArgument);
    }
  }
  CHECK(r.messages.empty());
}

TEST_CASE("WeChat: plaintext-mode messages and events") {
  auto ch = Make(Config(false));
  ParseResult r;
  SUBCASE("text") {
    REQUIRE(ParsePlain(*ch, "<MsgType><![CDATA[text]]></MsgType><Content><![CDATA[我想转行 🚀]]></Content>"
                            "<MsgId>1234567890123456</MsgId>",
                       &r)
                .ok());
    REQUIRE(r.messages.size() == 1);
    CHECK(r.messages[0].inbound.text == "我想转行 🚀");
    CHECK(r.messages[0].inbound.message_id == "1234567890123456");
    CHECK(r.messages[0].reply_context.find(R"("aes":false)") != std::string::npos);
  }
  SUBCASE("voice with a recognition result is text") {
    REQUIRE(ParsePlain(*ch, "<MsgType><![CDATA[voice]]></MsgType><MediaId><![CDATA[m]]></MediaId>"
                            "<Format><![CDATA[amr]]></Format><Recognition><![CDATA[你好]]></Recognition>"
                            "<MsgId>42</MsgId>",
                       &r)
                .ok());
    CHECK(r.messages[0].kind == InboundKind::kMessage);
    CHECK(r.messages[0].inbound.text == "你好");
  }
  SUBCASE("voice without recognition, and an image: unsupported") {
    REQUIRE(ParsePlain(*ch, "<MsgType><![CDATA[voice]]></MsgType><MsgId>43</MsgId>", &r).ok());
    CHECK(r.messages[0].kind == InboundKind::kUnsupported);
    CHECK(r.messages[0].detail == "voice");
    CHECK(r.messages[0].inbound.text.empty());
    REQUIRE(ParsePlain(*ch, "<MsgType><![CDATA[image]]></MsgType><PicUrl><![CDATA[http://x/y]]></PicUrl>"
                            "<MsgId>44</MsgId>",
                       &r)
                .ok());
    CHECK(r.messages[0].detail == "image");
    CHECK(r.messages[0].inbound.message_id == "44");
  }
  SUBCASE("subscribe starts, with the QR scene") {
    REQUIRE(ParsePlain(*ch, "<MsgType><![CDATA[event]]></MsgType><Event><![CDATA[subscribe]]></Event>"
                            "<EventKey><![CDATA[qrscene_123]]></EventKey>",
                       &r)
                .ok());
    CHECK(r.messages[0].kind == InboundKind::kStart);
    CHECK(r.messages[0].detail == "qrscene_123");
    CHECK(r.messages[0].inbound.message_id == std::string(kOpenId) + ":1409735668:subscribe");
  }
  SUBCASE("unsubscribe stops") {
    REQUIRE(ParsePlain(*ch, "<MsgType><![CDATA[event]]></MsgType><Event><![CDATA[unsubscribe]]></Event>"
                            "<EventKey><![CDATA[]]></EventKey>",
                       &r)
                .ok());
    CHECK(r.messages[0].kind == InboundKind::kStop);
    CHECK(r.messages[0].inbound.message_id == std::string(kOpenId) + ":1409735668:unsubscribe");
  }
  SUBCASE("a menu click becomes its configured command; an unknown key is unsupported") {
    REQUIRE(ParsePlain(*ch, "<MsgType><![CDATA[event]]></MsgType><Event><![CDATA[CLICK]]></Event>"
                            "<EventKey><![CDATA[MENU_HELP]]></EventKey>",
                       &r)
                .ok());
    CHECK(r.messages[0].kind == InboundKind::kMessage);
    CHECK(r.messages[0].inbound.text == "帮助");
    CHECK(r.messages[0].inbound.message_id == std::string(kOpenId) + ":1409735668:CLICK");
    REQUIRE(ParsePlain(*ch, "<MsgType><![CDATA[event]]></MsgType><Event><![CDATA[CLICK]]></Event>"
                            "<EventKey><![CDATA[V1001]]></EventKey>",
                       &r)
                .ok());
    CHECK(r.messages[0].kind == InboundKind::kUnsupported);
    CHECK(r.messages[0].detail == "CLICK:V1001");
  }
  SUBCASE("events without a user message are acknowledged and run nothing") {
    for (const char* event : {"VIEW", "LOCATION", "SCAN", "TEMPLATESENDJOBFINISH"}) {
      ParseResult ignored;
      REQUIRE(ParsePlain(*ch, std::string("<MsgType><![CDATA[event]]></MsgType><Event><![CDATA[") + event +
                                  "]]></Event>",
                         &ignored)
                  .ok());
      REQUIRE(ignored.immediate);
      CHECK(ignored.immediate->body == "success");
      CHECK(ignored.messages.empty());
    }
  }
  SUBCASE("control characters a user typed pass through") {
    REQUIRE(ParsePlain(*ch, "<MsgType>text</MsgType><Content>a\x02z</Content><MsgId>45</MsgId>", &r).ok());
    CHECK(r.messages[0].inbound.text == "a\x02z");
  }
}

TEST_CASE("WeChat: malformed plaintext requests") {
  auto ch = Make(Config(false));
  ParseResult r;
  auto parse = [&](const std::string& body) {
    return Describe(ch->Parse(Request("POST", PlainQuery(), body, kNow), &r));
  };
  CHECK(parse("") == "invalid_argument: malformed XML: expected the root element (at byte 0)");
  CHECK(parse("<!DOCTYPE xml [<!ENTITY x SYSTEM \"file:///etc/passwd\">]><xml><Content>&x;</Content></xml>") ==
        "invalid_argument: malformed XML: DTDs and comments are not accepted (at byte 0)");
  CHECK(parse(PlainBody("<MsgType>text</MsgType><Content>&x;</Content><MsgId>1</MsgId>")) ==
        "invalid_argument: malformed XML: only the five predefined entities are accepted (at byte 193)");
  CHECK(parse("<root><MsgType>text</MsgType></root>") == "invalid_argument: the root element must be <xml>");
  CHECK(parse(PlainBody("<MsgType>text</MsgType><Content>hi</Content>")) ==
        "invalid_argument: MsgId must be a decimal number");
  CHECK(parse(PlainBody("<Content>hi</Content><MsgId>1</MsgId>")) == "invalid_argument: MsgType is missing");
  CHECK(parse("<xml><MsgType>text</MsgType><CreateTime>1</CreateTime><MsgId>1</MsgId></xml>") ==
        "invalid_argument: FromUserName is missing or too long");
  CHECK(parse(PlainBody("<MsgType>event</MsgType>")) == "invalid_argument: Event is missing");
  CHECK(parse(PlainBody("<MsgType>text</MsgType><MsgType>event</MsgType>")) ==
        "invalid_argument: malformed XML: element <MsgType> occurs twice (at byte 208)");
  CHECK(parse(PlainBody("<MsgType>text</MsgType><Content>\xC3\x28</Content><MsgId>1</MsgId>")) ==
        "invalid_argument: malformed XML: the document is not valid UTF-8 (at byte 0)");
  CHECK(Describe(ch->Parse(Request("PUT", PlainQuery(), "", kNow), &r)) ==
        "invalid_argument: method must be GET or POST");
  // Unsigned plaintext requests.
  auto q = PlainQuery();
  q.erase("signature");
  CHECK(Describe(ch->Parse(Request("POST", q, PlainBody("<MsgType>text</MsgType>"), kNow), &r)) ==
        "unauthenticated: missing signature, timestamp or nonce");
  CHECK(r.messages.empty());
}

TEST_CASE("WeChat: the passive reply, byte for byte") {
  dialog::TurnAnswer a = Answer({{"你好 👋", {}, std::nullopt}});
  RenderResult out;
  SUBCASE("plaintext") {
    auto ch = Make(Config(false));
    ParseResult r;
    REQUIRE(ParsePlain(*ch, "<MsgType>text</MsgType><Content>hi</Content><MsgId>1</MsgId>", &r).ok());
    REQUIRE(ch->Render(a, r.messages[0].reply_context, {kNow, true}, &out).ok());
    CHECK(out.http.status == 200);
    CHECK(out.http.content_type == "application/xml; charset=utf-8");
    CHECK(out.http.body ==
          "<xml><ToUserName><![CDATA[oyORnuP8q7ou2gfYjqLzSIWZf0rs]]></ToUserName><FromUserName><![CDATA["
          "gh_10f6c3c3ac5a]]></FromUserName><CreateTime>1409735670</CreateTime><MsgType><![CDATA[text]]>"
          "</MsgType><Content><![CDATA[你好 👋]]></Content></xml>");
    CHECK(out.outbound.empty());
  }
  SUBCASE("safe mode: sealed (expected value computed independently with Python's cryptography)") {
    auto ch = Make();
    ParseResult r;
    REQUIRE(ch->Parse(Request("POST", AesQuery(), kSafeBody, kNow), &r).ok());
    REQUIRE(ch->Render(a, r.messages[0].reply_context, {kNow, true}, &out).ok());
    CHECK(out.http.body ==
          "<xml><Encrypt><![CDATA[Q3stYC6hdFzMh9T8HCvyDEmUnPeoe1fun312xFPVksoawzZCr6yvJVFjztaTiiWeAEiZNI99l/"
          "SAiz/TcFn9j3YhlwOlMDKYTRMtgnK8tLkmoRFB9Op/5fzUj/85rU3C0QWHeNPfnnd7jsCMNlFeYtMuFzQe7IKAbgcCaozTg7b"
          "ecH8x3XPzyYdwwIWzgOpnvW8RptwPRtRR0uZ+FDbkKKrymBru0jKIBwMVZCBRuBiudDBNv8gSEl3gkJ4iHlm5Iy5pLUgyDRt"
          "SxfkMhz2aZM1R9rP1ww/08h0FYGwMoGOKmVXXgkuX/fjzrqaPzZQcQ0x4gvaHNUB8vlMSLRrhg1GC7iVkQ6m8Uf/tqtWihSl"
          "PvWnCKgHqK0a666VslDn/]]></Encrypt><MsgSignature><![CDATA[0772e4e5d4b6e28b8835db0f6818b6675fd8ff3f"
          "]]></MsgSignature><TimeStamp>1409735670</TimeStamp><Nonce><![CDATA[1320562132]]></Nonce></xml>");
  }
  SUBCASE("\"]]>\" and XML-illegal characters in a reply cannot break the XML") {
    auto ch = Make(Config(false));
    const std::string ctx = R"({"to":"u","from":"gh","aes":false,"nonce":""})";
    REQUIRE(ch->Render(Answer({{"a]]>b\x01", {}, std::nullopt}}), ctx, {kNow, true}, &out).ok());
    CHECK(out.http.body.find("<Content><![CDATA[a]]]]><![CDATA[>b]]></Content>") != std::string::npos);
  }
}

TEST_CASE("WeChat: what does not fit the passive reply goes out through custom/send") {
  auto ch = Make(Config(false));
  const std::string ctx = R"({"to":"oUser","from":"gh_1","aes":false,"nonce":"n"})";
  RenderResult out;
  SUBCASE("choices as numbered lines, replies packed into one message") {
    dialog::TurnAnswer a = Answer({{"第 1/48 题：我喜欢修理机器。", {{"1", "非常不同意"}, {"5", "非常同意"}}, std::nullopt},
                                   {"报告", {}, dialog::Link{"https://example.org/r/t", "查看"}}});
    REQUIRE(ch->Render(a, ctx, {kNow, true}, &out).ok());
    CHECK(out.http.body.find("<Content><![CDATA[第 1/48 题：我喜欢修理机器。\n1. 非常不同意\n2. 非常同意\n\n"
                             "报告\n<a href=\"https://example.org/r/t\">查看</a>]]></Content>") !=
          std::string::npos);
    CHECK(out.outbound.empty());
  }
  SUBCASE("a long answer: the first part passive, the rest as API calls") {
    std::string sentence = "这是一句很长的话，用来测试分段。";  // 16 characters, 48 bytes
    std::string text;
    for (int i = 0; i < 100; ++i) text += sentence;  // 4800 bytes
    REQUIRE(ch->Render(Answer({{text, {}, std::nullopt}}), ctx, {kNow, true}, &out).ok());
    REQUIRE(out.outbound.size() == 2);
    const OutboundRequest& r = out.outbound[0];
    CHECK(r.method == "POST");
    CHECK(r.url == "http://127.0.0.1:9/cgi-bin/message/custom/send");
    CHECK(r.auth == Auth::kAccessTokenQuery);
    const auto body = nlohmann::json::parse(r.body);
    CHECK(body["touser"] == "oUser");
    CHECK(body["msgtype"] == "text");
    // 42 sentences (2016 bytes) fit under 2048; the cut is after a full stop.
    CHECK(body["text"]["content"].get<std::string>().size() == 42 * 48);
    CHECK(r.body.starts_with(R"({"touser":"oUser","msgtype":"text","text":{"content":"这是)"));
  }
  SUBCASE("after an Ack, everything goes out through the API") {
    REQUIRE(ch->Render(Answer({{"one", {}, std::nullopt}}), ctx, {kNow, false}, &out).ok());
    CHECK(out.http.body == "success");
    REQUIRE(out.outbound.size() == 1);
    CHECK(out.outbound[0].body == R"({"touser":"oUser","msgtype":"text","text":{"content":"one"}})");
  }
  SUBCASE("an empty answer: success, nothing sent") {
    REQUIRE(ch->Render(Answer({}), ctx, {kNow, true}, &out).ok());
    CHECK(out.http.body == "success");
    CHECK(out.outbound.empty());
  }
  SUBCASE("a context this adapter did not make") {
    CHECK(Describe(ch->Render(Answer({}), "{}", {kNow, true}, &out)) ==
          "invalid_argument: malformed reply context");
  }
}

TEST_CASE("WeChat: access token requests and API answers") {
  auto ch = Make();
  auto token = ch->TokenRequest();
  REQUIRE(token);
  CHECK(token->method == "GET");
  CHECK(token->url ==
        "http://127.0.0.1:9/cgi-bin/token?grant_type=client_credential&appid=wx2c2769f8efd9abc2&secret=secret-of-the-app");
  CHECK(ch->token_key() == "wechat:wx2c2769f8efd9abc2");
  WeChatConfig stable = Config();
  stable.token_endpoint = "stable_token";
  auto stable_request = Make(stable)->TokenRequest();
  CHECK(stable_request->method == "POST");
  CHECK(stable_request->url == "http://127.0.0.1:9/cgi-bin/stable_token");
  CHECK(stable_request->body ==
        R"({"grant_type":"client_credential","appid":"wx2c2769f8efd9abc2","secret":"secret-of-the-app"})");

  std::string t;
  int64_t expires = 0;
  REQUIRE(ch->ParseTokenResponse(testing::Json(200, R"({"access_token":"ACCESS","expires_in":7200})"), &t, &expires).ok());
  CHECK(t == "ACCESS");
  CHECK(expires == 7200);
  CHECK(Describe(ch->ParseTokenResponse(testing::Json(200, R"({"errcode":40125,"errmsg":"invalid appsecret"})"), &t, &expires)) ==
        "permission_denied: token endpoint: errcode 40125: invalid appsecret");
  CHECK(ch->ParseTokenResponse(testing::Json(200, R"({"errcode":-1,"errmsg":"system error"})"), &t, &expires).code() ==
        Status::Code::kUnavailable);
  CHECK(ch->ParseTokenResponse(testing::Json(502, ""), &t, &expires).code() == Status::Code::kUnavailable);

  using Kind = ApiOutcome::Kind;
  const OutboundRequest any;
  auto kind = [&](int status, const std::string& body) { return ch->Classify(any, testing::Json(status, body)).kind; };
  CHECK(kind(200, R"({"errcode":0,"errmsg":"ok"})") == Kind::kOk);
  for (int code : {40001, 40014, 42001}) {
    CHECK(kind(200, R"({"errcode":)" + std::to_string(code) + "}") == Kind::kInvalidToken);
  }
  CHECK(kind(200, R"({"errcode":45009,"errmsg":"api freq out of limit"})") == Kind::kRetry);
  CHECK(kind(200, R"({"errcode":-1})") == Kind::kRetry);
  CHECK(ch->Classify(any, testing::Json(200, R"({"errcode":45015,"errmsg":"response out of time limit"})")).error ==
        "errcode 45015: response out of time limit");
  CHECK(kind(200, R"({"errcode":45047})") == Kind::kPermanent);
  CHECK(kind(0, "") == Kind::kRetry);
  CHECK(kind(503, "") == Kind::kRetry);
  CHECK(kind(404, "") == Kind::kPermanent);
}

TEST_CASE("WeChat: configuration") {
  auto parse = [](const nlohmann::json& j) {
    WeChatConfig c;
    return Describe(ParseWeChatConfig(j, "channels.wechat.main", &c));
  };
  const nlohmann::json ok = {{"token", "spamtest"}, {"encoding_aes_key", kAesKey}, {"app_id", kAppId},
                             {"app_secret", "s"}};
  CHECK(parse(ok) == "OK");
  WeChatConfig c;
  REQUIRE(ParseWeChatConfig(ok, "x", &c).ok());
  CHECK(c.api_base == "https://api.weixin.qq.com");
  CHECK(c.replay_window_s == 300);
  auto with = [&](const char* key, nlohmann::json v) {
    nlohmann::json j = ok;
    j[key] = std::move(v);
    return parse(j);
  };
  CHECK(with("encoding_aes_key", "short") ==
        "invalid_argument: channels.wechat.main.encoding_aes_key: must be 43 characters of [A-Za-z0-9]");
  CHECK(with("token", "a!") == "invalid_argument: channels.wechat.main.token: must be 3 to 32 characters of [A-Za-z0-9]");
  CHECK(with("replay_window_s", -1) ==
        "invalid_argument: channels.wechat.main.replay_window_s: must be an integer from 0 to 604800");
  CHECK(with("api_base", "ftp://x") ==
        "invalid_argument: channels.wechat.main.api_base: must be an http(s) URL without query, e.g. \"https://api.example.com\"");
  CHECK(with("menu_commands", {{"K", 1}}) ==
        "invalid_argument: channels.wechat.main.menu_commands.K: must be a non-empty string");
  CHECK(with("tokn", "x") == "invalid_argument: channels.wechat.main.tokn: unknown key");
  CHECK(with("app_secret_env", "CAREERBOT_TEST_UNSET_VARIABLE") ==
        "invalid_argument: channels.wechat.main.app_secret: give only one of app_secret, app_secret_env, app_secret_file");
  nlohmann::json from_env = ok;
  from_env.erase("app_secret");
  from_env["app_secret_env"] = "CAREERBOT_TEST_UNSET_VARIABLE";
  CHECK(parse(from_env) ==
        "invalid_argument: channels.wechat.main.app_secret_env: the environment variable "
        "CAREERBOT_TEST_UNSET_VARIABLE is not set");
  nlohmann::json missing = ok;
  missing.erase("app_id");
  CHECK(parse(missing) == "invalid_argument: channels.wechat.main.app_id: is required");
  CHECK(parse(nlohmann::json::array()) == "invalid_argument: channels.wechat.main: must be an object");
}

}  // namespace
}  // namespace careerbot::adapters
