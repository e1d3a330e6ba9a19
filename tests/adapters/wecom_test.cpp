// WeCom adapter against the official WXBizMsgCrypt samples: token "QDG6eK", CorpID
// wx5823bf96d3bd56c7 (the documentation's example), and token
// "hJqcu3uJ9Tn2gXPmxx2w9kkCkCE2EPYo", CorpID ww1436e0e65a779aee (the Python sample),
// plus malformed, unsigned, replayed and redelivered callbacks.
#include "adapters/wecom.h"

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

// Suite 1: the documentation's example (URL verification and a text callback).
constexpr char kToken1[] = "QDG6eK";
constexpr char kKey1[] = "jWmYm7qr5nMoAUwZRjGtBxmz3KA1tkAj3ykkR6q2B2C";
constexpr char kCorp1[] = "wx5823bf96d3bd56c7";
constexpr char kEncrypt1[] =
    "RypEvHKD8QQKFhvQ6QleEB4J58tiPdvo+rtK1I9qca6aM/wvqnLSV5zEPeusUiX5L5X/0lWfrf0QADHHhGd3QczcdCUpj911L3vg"
    "3W/sYYvuJTs3TUUkSUXxaccAS0qhxchrRYt66wiSpGLYL42aM6A8dTT+6k4aSknmPj48kzJs8qLjvd4Xgpue06DOdnLxAUHzM6+k"
    "DZ+HMZfJYuR+LtwGc2hgf5gsijff0ekUNXZiqATP7PF5mZxZ3Izoun1s4zG4LUMnvw2r+KqCKIw+3IQH03v+BCA9nMELNqbSf6ti"
    "WSrXJB3LAVGUcallcrw8V2t9EL4EhzJWrQUax5wLVMNS0+rUPA3k22Ncx4XXZS9o0MBH27Bo6BpNelZpS+/uh9KsNlY6bHCmJU9p"
    "8g7m3fVKn28H3KDYA5Pl/T8Z1ptDAVe0lXdQ2YoyyH2uyPIGHBZZIs2pDBS8R07+qN+E7Q==";

// Suite 2: the Python sample.
constexpr char kToken2[] = "hJqcu3uJ9Tn2gXPmxx2w9kkCkCE2EPYo";
constexpr char kKey2[] = "6qkdMrq68nTKduznJYO1A37W2oEgpkMUvkttRToqhUt";
constexpr char kCorp2[] = "ww1436e0e65a779aee";
constexpr char kEncrypt2[] =
    "Kl7kjoSf6DMD1zh7rtrHjFaDapSCkaOnwu3bqLc5tAybhhMl9pFeK8NslNPVdMwmBQTNoW4mY7AIjeLvEl3NyeTkAgGzBhzTtRLN"
    "shw2AEew+kkYcD+Fq72Kt00fT0WnN87hGrW8SqGc+NcT3mu87Ha3dz1pSDi6GaUA6A0sqfde0VJPQbZ9U+3JWcoD4Z5jaU0y9GSh"
    "010wsHF8KZD24YhmZH4ch4Ka7ilEbjbfvhKkNL65HHL0J6EYJIZUC2pFrdkJ7MhmEbU2qARR4iQHE7wy24qy0cRX3Mfp6iELcDNf"
    "SsPGjUQVDGxQDCWjayJOpcwocugux082f49HKYg84EpHSGXAyh+/oxwaWbvL6aSDPOYuPDGOCI8jmnKiypE+";
constexpr int64_t kNow2 = 1476422780000;

WeComConfig Config1() {
  WeComConfig c;
  c.corp_id = kCorp1;
  c.agent_id = 218;
  c.token = kToken1;
  c.encoding_aes_key = kKey1;
  c.secret = "app-secret";
  c.api_base = "http://127.0.0.1:9";
  c.menu_commands = {{"help", "帮助"}};
  return c;
}

WeComConfig Config2() {
  WeComConfig c = Config1();
  c.corp_id = kCorp2;
  c.agent_id = 1000002;
  c.token = kToken2;
  c.encoding_aes_key = kKey2;
  return c;
}

std::unique_ptr<WeComChannel> Make(WeComConfig c) {
  std::unique_ptr<WeComChannel> ch;
  REQUIRE(WeComChannel::Create("hr", std::move(c), FixedRandom("0123456789abcdef"), &ch).ok());
  return ch;
}

std::string Body(const char* corp, const char* encrypt, const char* agent) {
  return std::string("<xml><ToUserName><![CDATA[") + corp + "]]></ToUserName>\n<Encrypt><![CDATA[" + encrypt +
         "]]></Encrypt>\n<AgentID><![CDATA[" + agent + "]]></AgentID>\n</xml>";
}

TEST_CASE("WeCom: URL verification decrypts echostr (both official samples)") {
  ParseResult r;
  SUBCASE("the documentation's request, from its raw, URL-encoded query") {
    auto ch = Make(Config1());
    const auto query = ParseQuery(
        "msg_signature=5c45ff5e21c57e6ad56bac8758b79b1d9ac89fd3&timestamp=1409659589&nonce=263014780&echostr="
        "P9nAzCzyDtyTWESHep1vC5X9xho%2FqYX3Zpb4yKa9SKld1DsH3Iyt3tP3zNdtp%2B4RPcs8TgAE7OaBO%2BFZXvnaqQ%3D%3D");
    REQUIRE(Describe(ch->Parse(Request("GET", query, "", 1409659590000), &r)) == "OK");
    REQUIRE(r.immediate);
    CHECK(r.immediate->body == "1616140317555161061");
    SUBCASE("a form decoder turned '+' into spaces: restored") {
      auto spaced = query;
      std::replace(spaced["echostr"].begin(), spaced["echostr"].end(), '+', ' ');
      REQUIRE(ch->Parse(Request("GET", spaced, "", 1409659590000), &r).ok());
      CHECK(r.immediate->body == "1616140317555161061");
    }
    SUBCASE("replayed an hour later") {
      CHECK(Describe(ch->Parse(Request("GET", query, "", 1409663190000), &r)) ==
            "unauthenticated: timestamp is outside the replay window");
    }
    SUBCASE("wrong signature") {
      auto bad = query;
      bad["nonce"] = "263014781";
      CHECK(Describe(ch->Parse(Request("GET", bad, "", 1409659590000), &r)) ==
            "unauthenticated: msg_signature does not match");
    }
    SUBCASE("configured with another CorpID (console error -40005)") {
      WeComConfig c = Config1();
      c.corp_id = "wx5823bf96d3bd56c8";
      CHECK(Describe(Make(c)->Parse(Request("GET", query, "", 1409659590000), &r)) ==
            "unauthenticated: Encrypt is addressed to another app (receive id mismatch)");
    }
  }
  SUBCASE("the Python sample") {
    auto ch = Make(Config2());
    REQUIRE(ch->Parse(Request("GET",
                              {{"msg_signature", "012bc692d0a58dd4b10f8dfe5c4ac00ae211ebeb"},
                               {"timestamp", "1476416373"},
                               {"nonce", "47744683"},
                               {"echostr", "fsi1xnbH4yQh0+PJxcOdhhK6TDXkjMyhEPA7xB2TGz6b+g7xyAbEkRxN/3cNXW9qdqjnoVzEtpbhnFyq6SVHyA=="}},
                              "", 1476416373000),
                      &r)
              .ok());
    CHECK(r.immediate->body == "1288432023552776189");
  }
}

TEST_CASE("WeCom: encrypted text callbacks (both official samples)") {
  ParseResult r;
  SUBCASE("the documentation's callback") {
    auto ch = Make(Config1());
    REQUIRE(Describe(ch->Parse(Request("POST",
                                       {{"msg_signature", "477715d11cdb4164915debcba66cb864d751f3e6"},
                                        {"timestamp", "1409659813"},
                                        {"nonce", "1372623149"}},
                                       Body(kCorp1, kEncrypt1, "218"), 1409659813000),
                               &r)) == "OK");
    REQUIRE(r.messages.size() == 1);
    const InboundMessage& m = r.messages[0];
    CHECK(m.inbound.channel == "wecom");
    CHECK(m.inbound.account == "hr");
    CHECK(m.inbound.user == "mycreate");
    CHECK(m.inbound.message_id == "4561255354251345929");
    CHECK(m.inbound.text == "hello");
    CHECK(m.reply_context == R"({"to":"mycreate","from":"wx5823bf96d3bd56c7","aes":true,"nonce":"1372623149"})");
  }
  SUBCASE("the Python sample, answered with an encrypted passive reply (byte for byte)") {
    auto ch = Make(Config2());
    const std::map<std::string, std::string> q = {{"msg_signature", "0c3914025cb4b4d68103f6bfc8db550f79dcf48e"},
                                                  {"timestamp", "1476422779"},
                                                  {"nonce", "1597212914"}};
    REQUIRE(ch->Parse(Request("POST", q, Body(kCorp2, kEncrypt2, "1000002"), kNow2), &r).ok());
    REQUIRE(r.messages.size() == 1);
    CHECK(r.messages[0].inbound.user == "ChenJiaShun");
    CHECK(r.messages[0].inbound.text == "你好");
    CHECK(r.messages[0].inbound.message_id == "1456453720");

    RenderResult out;
    REQUIRE(ch->Render(Answer({{"收到 ✅", {}, std::nullopt}}), r.messages[0].reply_context, {kNow2, true}, &out).ok());
    // Expected value computed independently (Python, cryptography) with the same random prefix.
    CHECK(out.http.body ==
          "<xml><Encrypt><![CDATA[scEag1243Fmy/fYz4Ux8D0jw8Sh+2UK53cUpOY0NCG+5Wpv4krDB0bfSVx3wWyMv6rgtBHYF429dS"
          "U2ijCQWIIuGDQmOQIrn2kjAv/NTKvvhHMyHSgkqSjDFaP/MPgDNWjsmvXt6BFD+qXuL5hlLCH1z28Uu/nQOBSi+ExGFNLeSwGmO"
          "HxEn8b1pLP+iLGZ7EtMVxV707noTEwFIAOHi/EXYAczivaw5XKwtXu9i+mJitxNVRaL7/0ix43UTGnSjpmhFDLKU8VCVnrq/6Ps"
          "FL1v5Gy8pxrHSEjDg74sQ45HqgyIxU8r+0n46pG0HpiRuu1tdfZSytiSBmMH5/CZE1ED/HC27be3RH2S2HvSpGd4hLQWOpQwp0W"
          "bP7oGNpnDQ]]></Encrypt><MsgSignature><![CDATA[a727554208880532c496b4c06c2e9dc3906312d5]]></MsgSignat"
          "ure><TimeStamp>1476422780</TimeStamp><Nonce><![CDATA[1597212914]]></Nonce></xml>");

    SUBCASE("redelivered: the same dedup key") {
      ParseResult again;
      REQUIRE(ch->Parse(Request("POST", q, Body(kCorp2, kEncrypt2, "1000002"), kNow2 + 10000), &again).ok());
      CHECK(again.messages[0].inbound.message_id == "1456453720");
    }
    SUBCASE("replayed outside the window; the window turned off accepts it") {
      CHECK(ch->Parse(Request("POST", q, Body(kCorp2, kEncrypt2, "1000002"), kNow2 + 400000), &r).code() ==
            Status::Code::kUnauthenticated);
      WeComConfig c = Config2();
      c.replay_window_s = 0;
      CHECK(Make(c)->Parse(Request("POST", q, Body(kCorp2, kEncrypt2, "1000002"), kNow2 + 400000), &r).ok());
    }
    SUBCASE("another agent's callback") {
      WeComConfig c = Config2();
      c.agent_id = 1000003;
      CHECK(Describe(Make(c)->Parse(Request("POST", q, Body(kCorp2, kEncrypt2, "1000002"), kNow2), &r)) ==
            "invalid_argument: AgentID 1000002 is not this app's agent_id");
    }
  }
}

TEST_CASE("WeCom: events and refusals") {
  auto ch = Make(Config1());
  WxCrypt crypt;
  REQUIRE(WxCrypt::Create(kToken1, kKey1, kCorp1, &crypt).ok());
  const int64_t now = 1700000000000;
  // Seals an inner message the way WeCom does and parses the callback.
  auto parse = [&](const std::string& inner, ParseResult* out) {
    std::string encrypt;
    REQUIRE(crypt.Encrypt(inner, "RRRRRRRRRRRRRRRR", &encrypt).ok());
    const std::map<std::string, std::string> q = {
        {"msg_signature", crypt.Signature("1700000000", "n1", encrypt)}, {"timestamp", "1700000000"}, {"nonce", "n1"}};
    return ch->Parse(Request("POST", q, Body(kCorp1, encrypt.c_str(), "218"), now), out);
  };
  auto event = [](const std::string& name, const std::string& key) {
    return "<xml><ToUserName><![CDATA[wx5823bf96d3bd56c7]]></ToUserName><FromUserName><![CDATA[zhangsan]]>"
           "</FromUserName><CreateTime>1700000000</CreateTime><MsgType><![CDATA[event]]></MsgType><AgentID>218"
           "</AgentID><Event><![CDATA[" + name + "]]></Event><EventKey><![CDATA[" + key + "]]></EventKey></xml>";
  };
  ParseResult r;
  REQUIRE(parse(event("subscribe", ""), &r).ok());
  CHECK(r.messages[0].kind == InboundKind::kStart);
  CHECK(r.messages[0].inbound.message_id == "zhangsan:1700000000:subscribe");
  r = {};
  REQUIRE(parse(event("unsubscribe", ""), &r).ok());
  CHECK(r.messages[0].kind == InboundKind::kStop);
  r = {};
  REQUIRE(parse(event("click", "help"), &r).ok());
  CHECK(r.messages[0].inbound.text == "帮助");
  r = {};
  REQUIRE(parse(event("enter_agent", ""), &r).ok());
  CHECK(r.immediate->body == "success");
  CHECK(r.messages.empty());
  r = {};
  REQUIRE(parse("<xml><FromUserName>zhangsan</FromUserName><CreateTime>1700000000</CreateTime><MsgType>image"
                "</MsgType><MsgId>77</MsgId><AgentID>218</AgentID></xml>",
                &r)
              .ok());
  CHECK(r.messages[0].kind == InboundKind::kUnsupported);
  CHECK(r.messages[0].detail == "image");
  CHECK(Describe(parse("not xml", &r)) ==
        "invalid_argument: decrypted message: malformed XML: expected the root element (at byte 0)");

  CHECK(Describe(ch->Parse(Request("POST", {}, Body(kCorp1, kEncrypt1, "218"), now), &r)) ==
        "unauthenticated: missing msg_signature, timestamp or nonce");
  CHECK(Describe(ch->Parse(Request("POST", {{"msg_signature", "x"}, {"timestamp", "1"}, {"nonce", "2"}},
                                   "<xml><ToUserName>x</ToUserName></xml>", now),
                           &r)) == "invalid_argument: Encrypt is missing");
}

TEST_CASE("WeCom: application messages, tokens, configuration") {
  auto ch = Make(Config1());
  const std::string ctx = R"({"to":"zhangsan","from":"wx5823bf96d3bd56c7","aes":true,"nonce":"n"})";
  RenderResult out;
  REQUIRE(ch->Render(Answer({{"你的学历？", {{"college", "大专"}, {"bachelor", "本科"}}, std::nullopt}}), ctx,
                     {1700000000000, false}, &out)
              .ok());
  CHECK(out.http.body == "success");
  REQUIRE(out.outbound.size() == 1);
  CHECK(out.outbound[0].url == "http://127.0.0.1:9/cgi-bin/message/send");
  CHECK(out.outbound[0].auth == Auth::kAccessTokenQuery);
  CHECK(out.outbound[0].body ==
        R"({"touser":"zhangsan","msgtype":"text","agentid":218,"text":{"content":"你的学历？\n1. 大专\n2. 本科"}})");

  CHECK(ch->TokenRequest()->url ==
        "http://127.0.0.1:9/cgi-bin/gettoken?corpid=wx5823bf96d3bd56c7&corpsecret=app-secret");
  CHECK(ch->token_key() == "wecom:wx5823bf96d3bd56c7:218");
  std::string t;
  int64_t e = 0;
  REQUIRE(ch->ParseTokenResponse(testing::Json(200, R"({"errcode":0,"errmsg":"ok","access_token":"AT","expires_in":7200})"), &t, &e).ok());
  CHECK(t == "AT");
  const OutboundRequest any;
  CHECK(ch->Classify(any, testing::Json(200, R"({"errcode":42001})")).kind == ApiOutcome::Kind::kInvalidToken);
  CHECK(ch->Classify(any, testing::Json(200, R"({"errcode":40001})")).kind == ApiOutcome::Kind::kPermanent);
  CHECK(ch->Classify(any, testing::Json(200, R"({"errcode":45033})")).kind == ApiOutcome::Kind::kRetry);

  auto parse = [](const nlohmann::json& j) {
    WeComConfig c;
    return Describe(ParseWeComConfig(j, "channels.wecom.hr", &c));
  };
  nlohmann::json ok = {{"corp_id", kCorp1}, {"agent_id", 218}, {"token", kToken1}, {"encoding_aes_key", kKey1},
                       {"secret", "s"}};
  CHECK(parse(ok) == "OK");
  ok["agent_id"] = "1000002";
  CHECK(parse(ok) == "OK");
  ok.erase("agent_id");
  CHECK(parse(ok) == "invalid_argument: channels.wecom.hr.agent_id: is required");
  ok["agent_id"] = "x";
  CHECK(parse(ok) == "invalid_argument: channels.wecom.hr.agent_id: must be an integer from 0 to 2147483647");
  ok["agent_id"] = 1;
  ok.erase("encoding_aes_key");
  CHECK(parse(ok) ==
        "invalid_argument: channels.wecom.hr.encoding_aes_key: is required (or encoding_aes_key_env or encoding_aes_key_file)");
}

}  // namespace
}  // namespace careerbot::adapters
