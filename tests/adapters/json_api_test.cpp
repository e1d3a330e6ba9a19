#include "adapters/json_api.h"
#include "base/json_text.h"

#include <doctest/doctest.h>

#include <string>

namespace careerbot::adapters {
namespace {

constexpr int64_t kNow = 1700000000123;

// The message of a rejected request; "" when it was accepted. Also checks that a
// rejection leaves the output untouched.
std::string Rejection(std::string_view body) {
  dialog::Inbound in;
  in.user = "untouched";
  const Status s = ParseApiMessage(body, kNow, &in);
  if (s.ok()) return "";
  CHECK(s.code() == Status::Code::kInvalidArgument);
  CHECK(in.user == "untouched");
  CHECK(in.channel.empty());
  return s.message();
}

dialog::Reply MakeReply(std::string text, std::vector<dialog::Choice> choices = {},
                        std::optional<dialog::Link> link = std::nullopt) {
  return dialog::Reply{std::move(text), std::move(choices), std::move(link)};
}

std::string Repeat(std::string_view s, int n) {
  std::string out;
  for (int i = 0; i < n; ++i) out += s;
  return out;
}

TEST_CASE("JsonApi: a full request, field by field") {
  dialog::Inbound in;
  const Status s = ParseApiMessage(
      R"({"user":"wx_42","id":"m-1","text":"我想转行 🚀","choice":"3","lang":"zh",)"
      R"("extra":{"ignored":[1,2]}})",
      kNow, &in);
  REQUIRE(s.ok());
  CHECK(in.channel == "api");
  CHECK(in.account == "");
  CHECK(in.user == "wx_42");
  CHECK(in.message_id == "m-1");
  CHECK(in.text == "我想转行 🚀");
  REQUIRE(in.choice);
  CHECK(*in.choice == "3");
  REQUIRE(in.lang);
  CHECK(*in.lang == "zh");
  CHECK(in.received_at_ms == kNow);
}

TEST_CASE("JsonApi: the smallest requests") {
  dialog::Inbound in;
  SUBCASE("text only") {
    REQUIRE(ParseApiMessage(R"({"user":"u","text":"hi"})", kNow, &in).ok());
    CHECK(in.message_id == "");
    CHECK(in.text == "hi");
    CHECK(!in.choice);
    CHECK(!in.lang);
  }
  SUBCASE("choice only") {
    REQUIRE(ParseApiMessage(R"({"user":"u","choice":"2"})", kNow, &in).ok());
    CHECK(in.text == "");
    CHECK(*in.choice == "2");
  }
  SUBCASE("choice with empty text") {
    REQUIRE(ParseApiMessage(R"({"user":"u","text":"","choice":"2","lang":"en"})", kNow, &in).ok());
    CHECK(*in.lang == "en");
  }
  SUBCASE("limits counted in characters, not bytes") {
    // 128 Chinese characters are 384 bytes, 4096 emoji are 16384 bytes: both fit.
    const std::string body = R"({"user":")" + Repeat("张", 128) + R"(","id":")" + Repeat("é", 128) +
                             R"(","text":")" + Repeat("😀", 4096) + R"("})";
    REQUIRE(ParseApiMessage(body, kNow, &in).ok());
    CHECK(in.user.size() == 384);
    CHECK(in.text.size() == 16384);
  }
  SUBCASE("escaped characters and NUL in text") {
    REQUIRE(ParseApiMessage(R"({"user":"u","text":"a\u0000b \ud83d\ude00 \"q\""})", kNow, &in).ok());
    CHECK(in.text == std::string("a\0b \xF0\x9F\x98\x80 \"q\"", 12));
  }
}

TEST_CASE("JsonApi: rejections name the field") {
  CHECK(Rejection(R"("hello")") == "body must be a JSON object");
  CHECK(Rejection(R"([{"user":"u","text":"hi"}])") == "body must be a JSON object");
  CHECK(Rejection("null") == "body must be a JSON object");
  CHECK(Rejection(R"({"text":"hi"})") == R"(field "user" is required)");
  CHECK(Rejection(R"({"user":"","text":"hi"})") == R"(field "user" must be 1 to 128 characters)");
  CHECK(Rejection(R"({"user":")" + Repeat("a", 129) + R"(","text":"hi"})") ==
        R"(field "user" must be 1 to 128 characters)");
  CHECK(Rejection(R"({"user":")" + Repeat("张", 129) + R"(","text":"hi"})") ==
        R"(field "user" must be 1 to 128 characters)");
  CHECK(Rejection(R"({"user":42,"text":"hi"})") == R"(field "user" must be a string)");
  CHECK(Rejection(R"({"user":null,"text":"hi"})") == R"(field "user" must be a string)");
  CHECK(Rejection(R"({"user":"a\u0000b","text":"hi"})") ==
        R"(field "user" must not contain NUL characters)");
  CHECK(Rejection(R"({"user":"u","id":"","text":"hi"})") ==
        R"(field "id" must be 1 to 128 characters)");
  CHECK(Rejection(R"({"user":"u","id":")" + Repeat("9", 129) + R"(","text":"hi"})") ==
        R"(field "id" must be 1 to 128 characters)");
  CHECK(Rejection(R"({"user":"u","id":7,"text":"hi"})") == R"(field "id" must be a string)");
  CHECK(Rejection(R"({"user":"u","id":"\u0000","text":"hi"})") ==
        R"(field "id" must not contain NUL characters)");
  CHECK(Rejection(R"({"user":"u","text":")" + Repeat("a", 4097) + R"("})") ==
        R"(field "text" must be at most 4096 characters)");
  CHECK(Rejection(R"({"user":"u"})") ==
        R"(field "text" is required (it may be empty only with "choice"))");
  CHECK(Rejection(R"({"user":"u","text":""})") ==
        R"(field "text" is required (it may be empty only with "choice"))");
  CHECK(Rejection(R"({"user":"u","text":["hi"]})") == R"(field "text" must be a string)");
  CHECK(Rejection(R"({"user":"u","choice":""})") == R"(field "choice" must be 1 to 128 characters)");
  CHECK(Rejection(R"({"user":"u","choice":1})") == R"(field "choice" must be a string)");
  CHECK(Rejection(R"({"user":"u","text":"hi","lang":"fr"})") ==
        R"(field "lang" must be "zh" or "en")");
  CHECK(Rejection(R"({"user":"u","text":"hi","lang":"zh-CN"})") ==
        R"(field "lang" must be "zh" or "en")");
  CHECK(Rejection(R"({"user":"u","text":"hi","lang":true})") == R"(field "lang" must be a string)");
}

TEST_CASE("JsonApi: broken bodies are located") {
  CHECK(Rejection("{\"user\":\"u\",\"text\":\"\xC3\x28\"}") == R"(field "text" must be valid UTF-8)");
  CHECK(Rejection("{\"user\":\"u\",\"text\":\"\xC0\xAF\"}") == R"(field "text" must be valid UTF-8)");
  CHECK(Rejection("{\"user\":\"\xED\xA0\x80\",\"text\":\"hi\"}") ==  // a surrogate
        R"(field "user" must be valid UTF-8)");
  CHECK(Rejection("{\"user\":\"u\",\"te\xFFxt\":\"hi\"}") == "body must be valid UTF-8");
  CHECK(Rejection(R"({"user":"u","text":"\ud800"})") ==  // a lone surrogate escape
        R"(body is not valid JSON (at byte 27, in field "text"))");
  CHECK(Rejection(R"({"user":"u","text":"hel)") ==
        R"(body is not valid JSON (at byte 23, in field "text"))");
  CHECK(Rejection(R"({"user":"u","meta":{"a":[1,2,)") ==
        "body is not valid JSON (at byte 29)");  // keys outside the contract are not echoed
  CHECK(Rejection("{\"user\":\"u\",\"meta\":\"\xC3\x28\"}") == "body must be valid UTF-8");
  CHECK(Rejection(R"({"user":"u",)") == "body is not valid JSON (at byte 12)");
  CHECK(Rejection("") == "body is not valid JSON (at byte 0)");
  CHECK(Rejection(R"({"user":"u","text":"hi"} x)") == "body is not valid JSON (at byte 26)");
}

// nlohmann/json reads a NUL byte as the end of its input: without this check the
// body below parsed as its first object, the tail ignored unseen (found by
// tests/bot/bad_input_test.cpp).
TEST_CASE("JSON channel: a body with a raw NUL byte is refused, wherever the NUL is") {
  using namespace std::string_literals;
  const std::string message = "body must not contain NUL bytes (write \\u0000 inside a string)";
  CHECK(Rejection(R"({"user":"u","text":"hi"})"s + '\0') == message);
  CHECK(Rejection(R"({"user":"u","text":"hi"})"s + '\0' + R"({"user":"other"})") == message);
  CHECK(Rejection("\0"s) == message);
  CHECK(Rejection(R"({"user":"u","text":"a)"s + '\0' + R"(b"})") == message);
  // Written as an escape, NUL is text like any other.
  CHECK(Rejection(R"({"user":"u","text":"a\u0000b"})") == "");
}

TEST_CASE("ParseJsonText: a NUL byte anywhere makes the text no JSON") {
  using namespace std::string_literals;
  CHECK(ParseJsonText(R"({"a":1})").at("a") == 1);
  CHECK(ParseJsonText(R"({"a":1})"s + '\0' + "tail").is_discarded());
  CHECK(ParseJsonText<nlohmann::ordered_json>("[1]\0"s).is_discarded());
  CHECK(ParseJsonText("{").is_discarded());
}

TEST_CASE("JsonApi: rendering an answer, byte for byte") {
  dialog::TurnAnswer a;
  SUBCASE("text only, no progress") {
    a.replies = {MakeReply("你好！我是职业规划助手 🤖")};
    a.state = "intake.name";
    CHECK(RenderApiAnswer(a) ==
          R"({"replies":[{"text":"你好！我是职业规划助手 🤖"}],"state":"intake.name"})");
  }
  SUBCASE("choices, link and progress") {
    a.replies = {
        MakeReply("Do you agree?", {{"1", "同意"}, {"2", "不同意"}}),
        MakeReply("Your report", {}, dialog::Link{"https://example.org/r/abc", "报告 📄"}),
    };
    a.state = "assessment.item";
    a.progress = dialog::Progress{12, 60};
    CHECK(RenderApiAnswer(a) ==
          R"({"replies":[{"text":"Do you agree?","choices":[{"id":"1","label":"同意"},)"
          R"({"id":"2","label":"不同意"}]},{"text":"Your report","link":)"
          R"({"url":"https://example.org/r/abc","title":"报告 📄"}}],)"
          R"("state":"assessment.item","progress":{"done":12,"total":60}})");
  }
  SUBCASE("no replies") {
    CHECK(RenderApiAnswer(a) == R"({"replies":[],"state":""})");
  }
  SUBCASE("escapes") {
    a.replies = {MakeReply("line 1\nsaid \"hi\"\\\t\x01")};
    a.state = "s";
    CHECK(RenderApiAnswer(a) == R"({"replies":[{"text":"line 1\nsaid \"hi\"\\\t\u0001"}],"state":"s"})");
  }
  SUBCASE("bytes that are not UTF-8 become U+FFFD instead of throwing") {
    a.replies = {MakeReply("a\xC3\x28z")};
    a.state = "s";
    CHECK(RenderApiAnswer(a) == "{\"replies\":[{\"text\":\"a\xEF\xBF\xBD(z\"}],\"state\":\"s\"}");
  }
}

TEST_CASE("JsonApi: ParseApiAnswer inverts RenderApiAnswer") {
  dialog::TurnAnswer a;
  a.replies = {
      MakeReply("第 12 题：我喜欢修理机器 🔧", {{"1", "非常不同意"}, {"5", "非常同意"}}),
      MakeReply("plain"),
      MakeReply("", {}, dialog::Link{"https://example.org/r/t?x=1&y=2", ""}),
  };
  a.state = "assessment.item";
  SUBCASE("with progress") { a.progress = dialog::Progress{12, 60}; }
  SUBCASE("without progress") {}

  const std::string rendered = RenderApiAnswer(a);
  dialog::TurnAnswer b;
  REQUIRE(ParseApiAnswer(rendered, &b).ok());
  REQUIRE(b.replies.size() == 3);
  CHECK(b.replies[0].text == a.replies[0].text);
  REQUIRE(b.replies[0].choices.size() == 2);
  CHECK(b.replies[0].choices[1].id == "5");
  CHECK(b.replies[0].choices[1].label == "非常同意");
  CHECK(!b.replies[0].link);
  CHECK(b.replies[1].choices.empty());
  REQUIRE(b.replies[2].link);
  CHECK(b.replies[2].link->url == "https://example.org/r/t?x=1&y=2");
  CHECK(b.state == a.state);
  CHECK(b.progress.has_value() == a.progress.has_value());
  if (a.progress) CHECK(b.progress->total == 60);
  CHECK(RenderApiAnswer(b) == rendered);
}

TEST_CASE("JsonApi: ParseApiAnswer rejects what RenderApiAnswer cannot produce") {
  for (const char* text : {"", "[]", R"({"state":"s"})", R"({"replies":{},"state":"s"})",
                           R"({"replies":[]})", R"({"replies":[{"choices":[]}],"state":"s"})",
                           R"({"replies":[{"text":"t","choices":[{"id":"1"}]}],"state":"s"})",
                           R"({"replies":[{"text":"t","link":"x"}],"state":"s"})",
                           R"({"replies":[],"state":"s","progress":{"done":1}})",
                           R"({"replies":[],"state":"s","progress":{"done":1,"total":1e3}})",
                           R"({"replies":[],"state":"s","progress":{"done":1,"total":4294967296}})"}) {
    CAPTURE(text);
    dialog::TurnAnswer out;
    out.state = "untouched";
    CHECK(ParseApiAnswer(text, &out).code() == Status::Code::kInvalidArgument);
    CHECK(out.state == "untouched");
  }
}

TEST_CASE("JsonApi: RenderApiError") {
  CHECK(RenderApiError("invalid_argument", R"(field "user" must be a string)") ==
        R"({"error":{"code":"invalid_argument","message":"field \"user\" must be a string"}})");
  CHECK(RenderApiError("unauthenticated", "签名不匹配") ==
        R"({"error":{"code":"unauthenticated","message":"签名不匹配"}})");
}

}  // namespace
}  // namespace careerbot::adapters
