// Telegram adapter against the Bot API's documented update shapes (the sample
// updates of Telegram's webhook guide: user 1111111 "Test Firstname"), with
// unsigned, wrongly signed, malformed and redelivered updates.
#include "adapters/telegram.h"

#include <doctest/doctest.h>

#include <nlohmann/json.hpp>

#include "adapters/text_split.h"
#include "tests/adapters/channel_testing.h"

namespace careerbot::adapters {
namespace {

using testing::Answer;
using testing::Describe;
using testing::Request;

constexpr char kSecret[] = "s3cr3t_T0ken-abc";
constexpr int64_t kNow = 1441645533000;

TelegramChannel Make(int64_t window_s = 0) {
  TelegramConfig c;
  c.bot_token = "123456:ABC-DEF1234ghIkl-zyx57W2v1u123ew11";
  c.secret_token = kSecret;
  c.api_base = "http://127.0.0.1:9";
  c.replay_window_s = window_s;
  return TelegramChannel("careers_bot", c);
}

std::string MessageUpdate(const std::string& text_field, const std::string& chat_type = "private") {
  return R"({"update_id":10000,"message":{"date":1441645532,"chat":{"last_name":"Test Lastname","id":1111111,"type":")" +
         chat_type +
         R"(","first_name":"Test Firstname","username":"Test"},"message_id":1365,"from":{"last_name":"Test Lastname",)"
         R"("id":1111111,"is_bot":false,"first_name":"Test Firstname","username":"Test","language_code":"en"})" +
         text_field + "}}";
}

const char kCallbackUpdate[] =
    R"({"update_id":10001,"callback_query":{"id":"4382bfdwdsb323b2d9","from":{"last_name":"Test Lastname",)"
    R"("id":1111111,"is_bot":false,"first_name":"Test Firstname","username":"Test","language_code":"zh-hans"},)"
    R"("message":{"message_id":1366,"date":1441645532,"chat":{"id":1111111,"type":"private"},"text":"Q?"},)"
    R"("chat_instance":"-1","data":"bachelor"}})";

Status Parse(const TelegramChannel& ch, const std::string& body, ParseResult* out, int64_t now = kNow,
             const std::string& secret = kSecret) {
  std::map<std::string, std::string> headers;
  if (!secret.empty()) headers["x-telegram-bot-api-secret-token"] = secret;
  return ch.Parse(Request("POST", {}, body, now, headers), out);
}

TEST_CASE("Telegram: text messages, /start, and their dedup key") {
  const TelegramChannel ch = Make();
  ParseResult r;
  REQUIRE(Describe(Parse(ch, MessageUpdate(R"(,"text":"我想转行 🚀")"), &r)) == "OK");
  REQUIRE(r.messages.size() == 1);
  const InboundMessage& m = r.messages[0];
  CHECK(m.kind == InboundKind::kMessage);
  CHECK(m.inbound.channel == "telegram");
  CHECK(m.inbound.account == "careers_bot");
  CHECK(m.inbound.user == "1111111");
  CHECK(m.inbound.message_id == "10000");
  CHECK(m.inbound.text == "我想转行 🚀");
  CHECK(*m.inbound.lang == "en");
  CHECK(m.reply_context == R"({"chat":1111111})");

  ParseResult again;
  REQUIRE(Parse(ch, MessageUpdate(R"(,"text":"我想转行 🚀")"), &again, kNow + 60000).ok());
  CHECK(again.messages[0].inbound.message_id == "10000");  // a redelivery: the same key

  REQUIRE(Parse(ch, MessageUpdate(R"(,"text":"/start")"), &r).ok());
  CHECK(r.messages[0].kind == InboundKind::kStart);
  CHECK(r.messages[0].inbound.text.empty());
  REQUIRE(Parse(ch, MessageUpdate(R"(,"text":"/start@careers_bot campaign7")"), &r).ok());
  CHECK(r.messages[0].kind == InboundKind::kStart);
  CHECK(r.messages[0].detail == "campaign7");
  REQUIRE(Parse(ch, MessageUpdate(R"(,"text":"/startle")"), &r).ok());
  CHECK(r.messages[0].kind == InboundKind::kMessage);

  REQUIRE(Parse(ch, MessageUpdate(R"(,"photo":[{"file_id":"x"}])"), &r).ok());
  CHECK(r.messages[0].kind == InboundKind::kUnsupported);
  CHECK(r.messages[0].detail == "photo");
}

TEST_CASE("Telegram: a tapped button is a choice") {
  const TelegramChannel ch = Make();
  ParseResult r;
  REQUIRE(Parse(ch, kCallbackUpdate, &r).ok());
  REQUIRE(r.messages.size() == 1);
  const InboundMessage& m = r.messages[0];
  CHECK(m.kind == InboundKind::kMessage);
  CHECK(m.inbound.message_id == "10001");
  CHECK(*m.inbound.choice == "bachelor");
  CHECK(m.inbound.text.empty());
  CHECK(*m.inbound.lang == "zh");
  CHECK(m.reply_context == R"({"chat":1111111,"cq":"4382bfdwdsb323b2d9","msg":1366})");

  RenderResult out;
  REQUIRE(ch.Render(Answer({{"好的。", {}, std::nullopt}}), m.reply_context, {kNow, true}, &out).ok());
  CHECK(out.http.status == 200);
  CHECK(out.http.body.empty());
  REQUIRE(out.outbound.size() == 3);
  CHECK(out.outbound[0].url == "http://127.0.0.1:9/bot{token}/answerCallbackQuery");
  CHECK(out.outbound[0].body == R"({"callback_query_id":"4382bfdwdsb323b2d9"})");
  CHECK(out.outbound[1].url == "http://127.0.0.1:9/bot{token}/editMessageReplyMarkup");
  CHECK(out.outbound[1].body == R"({"chat_id":1111111,"message_id":1366,"reply_markup":{"inline_keyboard":[]}})");
  CHECK(out.outbound[2].body == R"({"chat_id":1111111,"text":"好的。"})");
  // The credential goes in at delivery time.
  CHECK(Authorize(out.outbound[2], ch.StaticToken()).url ==
        "http://127.0.0.1:9/bot123456:ABC-DEF1234ghIkl-zyx57W2v1u123ew11/sendMessage");
}

TEST_CASE("Telegram: updates that run nothing") {
  const TelegramChannel ch = Make();
  ParseResult r;
  auto ignored = [&](const std::string& body) {
    r = {};
    REQUIRE(Parse(ch, body, &r).ok());
    return r.immediate && r.messages.empty();
  };
  CHECK(ignored(MessageUpdate(R"(,"text":"hi")", "group")));
  CHECK(ignored(MessageUpdate(R"(,"text":"hi")", "channel")));
  CHECK(ignored(R"({"update_id":5,"edited_message":{"date":1,"chat":{"id":1,"type":"private"},"text":"x"}})"));
  CHECK(ignored(R"({"update_id":6,"message":{"date":1,"chat":{"id":1,"type":"private"},"from":{"id":9,"is_bot":true},"text":"x"}})"));
  CHECK(ignored(R"({"update_id":7,"callback_query":{"id":"q","from":{"id":1},"game_short_name":"g"}})"));
  CHECK(ignored(R"({"update_id":8,"my_chat_member":{"chat":{"id":1,"type":"private"},"from":{"id":1},"new_chat_member":{"status":"member"}}})"));

  REQUIRE(Parse(ch, R"({"update_id":9,"my_chat_member":{"chat":{"id":1,"type":"private"},"from":{"id":1},)"
                    R"("new_chat_member":{"status":"kicked"}}})",
                &r)
              .ok());
  REQUIRE(r.messages.size() == 1);
  CHECK(r.messages[0].kind == InboundKind::kStop);
  CHECK(r.messages[0].inbound.user == "1");
}

TEST_CASE("Telegram: refused updates") {
  const TelegramChannel ch = Make();
  ParseResult r;
  const std::string body = MessageUpdate(R"(,"text":"hi")");
  CHECK(Describe(Parse(ch, body, &r, kNow, "")) == "unauthenticated: missing X-Telegram-Bot-Api-Secret-Token");
  CHECK(Describe(Parse(ch, body, &r, kNow, "s3cr3t_T0ken-abd")) ==
        "unauthenticated: X-Telegram-Bot-Api-Secret-Token does not match");
  CHECK(Describe(Parse(ch, body, &r, kNow, "s3cr3t_T0ken-ab")) ==
        "unauthenticated: X-Telegram-Bot-Api-Secret-Token does not match");
  CHECK(Describe(Parse(ch, "not json", &r)) == "invalid_argument: body is not a JSON object");
  CHECK(Describe(Parse(ch, "[1]", &r)) == "invalid_argument: body is not a JSON object");
  CHECK(Describe(Parse(ch, R"({"message":{}})", &r)) == "invalid_argument: update_id is missing");
  CHECK(Describe(Parse(ch, R"({"update_id":"1"})", &r)) == "invalid_argument: update_id is missing");
  CHECK(Describe(Parse(ch, R"({"update_id":1,"message":{"chat":{"id":1,"type":"private"},"from":{"id":2}}})", &r)) ==
        "invalid_argument: message.date is missing");
  CHECK(Describe(Parse(ch, R"({"update_id":1,"message":{"chat":{"type":"private"}}})", &r)) ==
        "invalid_argument: message.chat.id is missing");
  CHECK(Describe(Parse(ch, R"({"update_id":1,"message":{"date":1,"chat":{"id":1,"type":"private"},"from":{"id":2,"is_bot":"yes"},"text":5}})", &r)) == "OK");
  CHECK(Describe(ch.Parse(Request("GET", {}, body, kNow, {{"x-telegram-bot-api-secret-token", kSecret}}), &r)) ==
        "invalid_argument: method must be POST");
  SUBCASE("a stale update outside a configured window; 0 accepts it") {
    CHECK(Describe(Parse(Make(3600), body, &r, kNow + 3601 * 1000)) ==
          "unauthenticated: message date is outside the replay window");
    CHECK(Parse(Make(3600), body, &r, kNow + 3599 * 1000).ok());
    CHECK(Parse(Make(0), body, &r, kNow + 86400 * 1000).ok());
  }
}

TEST_CASE("Telegram: rendering, byte for byte") {
  const TelegramChannel ch = Make();
  RenderResult out;
  const std::string ctx = R"({"chat":1111111})";
  SUBCASE("choices as an inline keyboard, a link as a URL button") {
    REQUIRE(ch.Render(Answer({{"你的学历？", {{"college", "大专"}, {"bachelor", "本科"}}, std::nullopt},
                              {"报告已生成", {}, dialog::Link{"https://e.org/r/t", "查看报告"}}}),
                      ctx, {kNow, true}, &out)
                .ok());
    REQUIRE(out.outbound.size() == 2);
    CHECK(out.outbound[0].method == "POST");
    CHECK(out.outbound[0].auth == Auth::kUrlPathToken);
    CHECK(out.outbound[0].url == "http://127.0.0.1:9/bot{token}/sendMessage");
    CHECK(out.outbound[0].body ==
          R"({"chat_id":1111111,"text":"你的学历？","reply_markup":{"inline_keyboard":)"
          R"([[{"text":"大专","callback_data":"college"}],[{"text":"本科","callback_data":"bachelor"}]]}})");
    CHECK(out.outbound[1].body ==
          R"({"chat_id":1111111,"text":"报告已生成","reply_markup":{"inline_keyboard":[[{"text":"查看报告","url":"https://e.org/r/t"}]]}})");
  }
  SUBCASE("a choice id too long for callback_data: numbered lines instead") {
    const std::string long_id(65, 'x');
    REQUIRE(ch.Render(Answer({{"Q", {{long_id, "A"}, {"b", "B"}}, std::nullopt}}), ctx, {kNow, true}, &out).ok());
    CHECK(out.outbound[0].body == R"({"chat_id":1111111,"text":"Q\n1. A\n2. B"})");
  }
  SUBCASE("a long text in pieces of at most 4096 UTF-16 units, the keyboard on the last") {
    std::string text;
    for (int i = 0; i < 700; ++i) text += "Emoji 😀 ok. ";  // 13 units each: 9100 units
    REQUIRE(ch.Render(Answer({{text, {{"1", "Next"}}, std::nullopt}}), ctx, {kNow, true}, &out).ok());
    REQUIRE(out.outbound.size() == 3);
    for (size_t i = 0; i < 3; ++i) {
      const auto body = nlohmann::json::parse(out.outbound[i].body);
      const std::string piece = body["text"];
      CHECK(TextLength(piece, LengthUnit::kUtf16Units) <= 4096);
      CHECK(piece.ends_with(i == 2 ? "ok. " : "ok."));  // the text itself ends with a space
      CHECK(body.contains("reply_markup") == (i == 2));
    }
  }
  SUBCASE("malformed context") {
    CHECK(ch.Render(Answer({}), R"({"chat":"x"})", {kNow, true}, &out).code() == Status::Code::kInvalidArgument);
  }
}

TEST_CASE("Telegram: API answers and configuration") {
  const TelegramChannel ch = Make();
  OutboundRequest send;
  send.url = "http://127.0.0.1:9/bot{token}/sendMessage";
  OutboundRequest answer_cb;
  answer_cb.url = "http://127.0.0.1:9/bot{token}/answerCallbackQuery";
  using Kind = ApiOutcome::Kind;
  CHECK(ch.Classify(send, testing::Json(200, R"({"ok":true,"result":{}})")).kind == Kind::kOk);
  const ApiOutcome limited = ch.Classify(
      send, testing::Json(429, R"({"ok":false,"error_code":429,"description":"Too Many Requests: retry after 7","parameters":{"retry_after":7}})"));
  CHECK(limited.kind == Kind::kRetry);
  CHECK(limited.retry_after_ms == 7000);
  CHECK(ch.Classify(send, testing::Json(403, R"({"ok":false,"error_code":403,"description":"Forbidden: bot was blocked by the user"})")).error ==
        "HTTP 403: Forbidden: bot was blocked by the user");
  CHECK(ch.Classify(send, testing::Json(403, R"({"ok":false})")).kind == Kind::kPermanent);
  CHECK(ch.Classify(send, testing::Json(401, R"({"ok":false,"description":"Unauthorized"})")).kind == Kind::kInvalidToken);
  CHECK(ch.Classify(send, testing::Json(502, "<html>")).kind == Kind::kRetry);
  CHECK(ch.Classify(answer_cb, testing::Json(400, R"({"ok":false,"description":"Bad Request: query is too old"})")).kind ==
        Kind::kOk);
  CHECK(ch.token_key() == "telegram:123456");
  CHECK(!ch.TokenRequest());

  // A refused bot token cannot be refreshed: the Sender reports it as permanent.
  TokenCache cache([] { return int64_t{0}; });
  testing::FakeHttpClient http([](const OutboundRequest&) { return testing::Json(401, R"({"ok":false})"); });
  Sender sender(ch, &http, &cache);
  send.auth = Auth::kUrlPathToken;
  CHECK(sender.Deliver(send).kind == Kind::kPermanent);
  CHECK(http.sent.size() == 1);

  auto parse = [](const nlohmann::json& j) {
    TelegramConfig c;
    return Describe(ParseTelegramConfig(j, "channels.telegram.careers_bot", &c));
  };
  CHECK(parse({{"bot_token", "1:a"}, {"secret_token", "x"}}) == "OK");
  CHECK(parse({{"bot_token", "abc"}, {"secret_token", "x"}}) ==
        "invalid_argument: channels.telegram.careers_bot.bot_token: must be \"<digits>:<token>\" as @BotFather gives it");
  CHECK(parse({{"bot_token", "1:a"}, {"secret_token", "has space"}}) ==
        "invalid_argument: channels.telegram.careers_bot.secret_token: must be 1 to 256 characters of [A-Za-z0-9_-]");
  CHECK(parse({{"bot_token", "1:a"}}) ==
        "invalid_argument: channels.telegram.careers_bot.secret_token: is required (or secret_token_env or secret_token_file)");
}

}  // namespace
}  // namespace careerbot::adapters
