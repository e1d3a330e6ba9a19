// The website widget's parts without a server: visitor tokens, the rate limiter,
// the widget's JSON, and the history read back from a store.
#include <doctest/doctest.h>

#include <nlohmann/json.hpp>

#include "adapters/json_api.h"
#include "adapters/widget_api.h"
#include "adapters/widget_assets.h"
#include "adapters/widget_visitor.h"
#include "bot/config.h"
#include "bot/rate_limiter.h"
#include "bot/widget_history.h"
#include "dialog/session_context.h"
#include "storage/memory_store.h"
#include "storage/store.h"

namespace careerbot {
namespace {

using nlohmann::json;

adapters::VisitorSigner Signer(const std::string& key) {
  adapters::VisitorSigner signer;
  REQUIRE(adapters::VisitorSigner::Create(key, &signer).ok());
  return signer;
}

TEST_CASE("widget visitor: a token verifies with its key only, and any change breaks it") {
  const adapters::VisitorSigner signer = Signer("0123456789abcdef-secret");
  std::string token;
  REQUIRE(signer.Issue(&token).ok());
  CHECK(token.size() == 3 + 22 + 1 + 43);
  CHECK(token.rfind("v1.", 0) == 0);
  std::string id;
  REQUIRE(signer.Verify(token, &id).ok());
  CHECK(token == signer.TokenFor(id));

  std::string second;
  REQUIRE(signer.Issue(&second).ok());
  CHECK(second != token);

  std::string ignored;
  CHECK(Signer("another key of 16+ bytes").Verify(token, &ignored).code() == Status::Code::kUnauthenticated);
  for (size_t i = 0; i < token.size(); ++i) {
    std::string altered = token;
    altered[i] = altered[i] == 'A' ? 'B' : 'A';
    CHECK_MESSAGE(signer.Verify(altered, &ignored).code() == Status::Code::kUnauthenticated, "byte ", i);
  }
  CHECK(signer.Verify("", &ignored).code() == Status::Code::kUnauthenticated);
  CHECK(signer.Verify(token + "x", &ignored).code() == Status::Code::kUnauthenticated);
  CHECK(signer.Verify("v2" + token.substr(2), &ignored).code() == Status::Code::kUnauthenticated);
  // Another visitor's id with this visitor's signature.
  CHECK(signer.Verify(second.substr(0, 26) + token.substr(26), &ignored).code() ==
        Status::Code::kUnauthenticated);
  // A short key is refused.
  adapters::VisitorSigner weak;
  CHECK(adapters::VisitorSigner::Create("short", &weak).code() == Status::Code::kInvalidArgument);
}

TEST_CASE("widget rate limiter: a burst, then one request per refill interval, per key") {
  bot::RateLimiter limiter(/*per_minute=*/60, /*burst=*/3);
  int64_t t = 1'000'000;
  int retry = 0;
  CHECK(limiter.Allow("a", t));
  CHECK(limiter.Allow("a", t));
  CHECK(limiter.Allow("a", t));
  CHECK_FALSE(limiter.Allow("a", t, &retry));
  CHECK(retry == 1);
  CHECK(limiter.Allow("b", t));  // another key has its own bucket
  CHECK_FALSE(limiter.Allow("a", t + 500));
  CHECK(limiter.Allow("a", t + 1000));
  CHECK_FALSE(limiter.Allow("a", t + 1000));
  // A long pause refills to the burst, not beyond.
  t += 3'600'000;
  for (int i = 0; i < 3; ++i) CHECK(limiter.Allow("a", t));
  CHECK_FALSE(limiter.Allow("a", t));
}

TEST_CASE("widget rate limiter: memory stays bounded by dropping refilled buckets") {
  bot::RateLimiter limiter(/*per_minute=*/60, /*burst=*/2, /*max_keys=*/10);
  for (int i = 0; i < 10; ++i) CHECK(limiter.Allow("k" + std::to_string(i), 0));
  // Ten seconds later every bucket is full again: they make room for new keys.
  for (int i = 10; i < 100; ++i) CHECK(limiter.Allow("k" + std::to_string(i), 10'000 + i * 10'000));
  // The newest bucket was kept: its burst of two is spent now.
  CHECK(limiter.Allow("k99", 1'000'000));
  CHECK_FALSE(limiter.Allow("k99", 1'000'000));
}

TEST_CASE("widget message: parsed into an Inbound of the widget channel, or refused naming the field") {
  dialog::Inbound in;
  bool open = false;
  REQUIRE(adapters::ParseWidgetMessage(R"({"id": "m1", "text": "你好", "lang": "en"})", "visitor-1", 42, &in, &open).ok());
  CHECK(in.channel == "widget");
  CHECK(in.user == "visitor-1");
  CHECK(in.message_id == "m1");
  CHECK(in.text == "你好");
  CHECK(in.lang == std::optional<std::string>("en"));
  CHECK(in.received_at_ms == 42);
  CHECK_FALSE(open);

  REQUIRE(adapters::ParseWidgetMessage(R"({"id": "m2", "choice": "agree"})", "v", 0, &in, &open).ok());
  CHECK(in.choice == std::optional<std::string>("agree"));
  CHECK(in.text.empty());
  REQUIRE(adapters::ParseWidgetMessage(R"({"id": "m3", "open": true})", "v", 0, &in, &open).ok());
  CHECK(open);
  CHECK(in.text.empty());
  CHECK(in.signal == dialog::Inbound::Signal::kNone);  // the route decides, knowing whether a session exists

  const std::pair<const char*, const char*> refused[] = {
      {"not json", "JSON"},
      {R"(["id"])", "object"},
      {R"({"text": "hi"})", "\"id\""},
      {R"({"id": "", "text": "hi"})", "\"id\""},
      {R"({"id": 7, "text": "hi"})", "\"id\""},
      {R"({"id": "m"})", "exactly one"},
      {R"({"id": "m", "text": "hi", "choice": "1"})", "exactly one"},
      {R"({"id": "m", "text": ""})", "\"text\""},
      {R"({"id": "m", "open": "yes"})", "\"open\""},
      {R"({"id": "m", "text": "hi", "lang": "fr"})", "\"lang\""},
  };
  for (const auto& [body, field] : refused) {
    dialog::Inbound untouched;
    untouched.user = "unchanged";
    const Status s = adapters::ParseWidgetMessage(body, "v", 0, &untouched, &open);
    CHECK_MESSAGE(s.code() == Status::Code::kInvalidArgument, body);
    CHECK_MESSAGE(s.message().find(field) != std::string::npos, body, " → ", s.message());
    CHECK(untouched.user == "unchanged");
  }
  const std::string long_text = json{{"id", "m"}, {"text", std::string(4097, 'x')}}.dump();
  CHECK(adapters::ParseWidgetMessage(long_text, "v", 0, &in, &open).code() == Status::Code::kInvalidArgument);
}

TEST_CASE("widget answer and history: the JSON channel's answer plus the language") {
  dialog::TurnAnswer answer;
  answer.replies.push_back({"第 1/48 题", {{"1", "不喜欢"}, {"2", "有点不喜欢"}}, std::nullopt});
  answer.state = "assessment.item";
  answer.progress = dialog::Progress{0, 48};
  CHECK(adapters::RenderWidgetAnswer(answer, "zh") ==
        R"({"replies":[{"text":"第 1/48 题","choices":[{"id":"1","label":"不喜欢"},{"id":"2","label":"有点不喜欢"}]}],)"
        R"("state":"assessment.item","progress":{"done":0,"total":48},"lang":"zh"})");

  adapters::WidgetHistory history;
  history.messages.push_back({true, {"同意", {}, std::nullopt}});
  history.messages.push_back({false, {"报告", {}, dialog::Link{"https://x.example/r/1", "你的报告"}}});
  history.last = answer;
  history.lang = "en";
  const json j = json::parse(adapters::RenderWidgetHistory(history));
  CHECK(j.at("messages").size() == 2);
  CHECK(j.at("messages")[0] == json{{"from", "visitor"}, {"text", "同意"}});
  CHECK(j.at("messages")[1].at("link").at("url") == "https://x.example/r/1");
  CHECK(j.at("last").at("progress").at("total") == 48);
  CHECK(j.at("lang") == "en");
  CHECK(j.at("truncated") == false);
  CHECK(json::parse(adapters::RenderWidgetHistory({})).at("last").is_null());
  CHECK_FALSE(j.contains("next_poll_ms"));

  // While a counsellor is asked for or writes, both tell the widget to poll.
  CHECK(json::parse(adapters::RenderWidgetAnswer(answer, "zh", 3000)).at("next_poll_ms") == 3000);
  history.next_poll_ms = 1500;
  CHECK(json::parse(adapters::RenderWidgetHistory(history)).at("next_poll_ms") == 1500);
}

TEST_CASE("widget poll interval: configured in milliseconds, from 1 s to 1 min") {
  bot::Config config;
  CHECK(config.widget.poll_interval_ms == 3000);
  REQUIRE(bot::ParseConfigJson(R"({"widget": {"poll_interval_ms": 1000}})", "w.json", &config).ok());
  CHECK(config.widget.poll_interval_ms == 1000);
  for (const char* bad : {R"({"widget": {"poll_interval_ms": 999}})", R"({"widget": {"poll_interval_ms": 60001}})",
                          R"({"widget": {"poll_interval_ms": "3s"}})"}) {
    Status s = bot::ParseConfigJson(bad, "w.json", &config);
    CHECK(s.message() == "w.json: widget.poll_interval_ms: must be an integer from 1000 to 60000");
  }
  CHECK(config.widget.poll_interval_ms == 1000);
}

TEST_CASE("widget assets: embedded at build time, with their content types") {
  const adapters::WidgetAsset* js = adapters::FindWidgetAsset("careerbot.js");
  REQUIRE(js != nullptr);
  CHECK(js->content_type == "text/javascript; charset=utf-8");
  CHECK(js->body.find("careerbotWidget") != std::string_view::npos);
  CHECK(js->etag.size() == 34);
  REQUIRE(adapters::FindWidgetAsset("careerbot.css") != nullptr);
  CHECK(adapters::FindWidgetAsset("careerbot.css")->content_type == "text/css; charset=utf-8");
  REQUIRE(adapters::FindWidgetAsset("index.html") != nullptr);
  CHECK(adapters::FindWidgetAsset("index.html")->content_type == "text/html; charset=utf-8");
  CHECK(adapters::FindWidgetAsset("nothing.js") == nullptr);
  CHECK(adapters::FindWidgetAsset("../CMakeLists.txt") == nullptr);
}

// A turn as the conversation service would commit it.
void Commit(storage::Store& store, const storage::ClientKey& key, const std::string& id,
            std::optional<std::string> inbound, const dialog::TurnAnswer& answer) {
  storage::TurnWrite turn;
  turn.key = key;
  turn.message_id = id;
  turn.received_at_ms = 1;
  turn.inbound_text = std::move(inbound);
  for (const auto& r : answer.replies) turn.outbound_texts.push_back(r.text);
  turn.answer_json = adapters::RenderApiAnswer(answer);
  dialog::SessionContext ctx;
  ctx.lang = knowledge::Lang::kEn;
  turn.snapshot = {answer.state, dialog::SerializeSessionContext(ctx)};
  REQUIRE(store.CommitTurn(turn, nullptr).ok());
}

TEST_CASE("widget history: turns from the journal, buttons by their labels, the last answer") {
  auto store = storage::NewMemoryStore();
  const storage::ClientKey key{"widget", "", "visitor-1"};
  adapters::WidgetHistory history;
  REQUIRE(bot::LoadWidgetHistory(*store, key, 100, &history).ok());
  CHECK(history.messages.empty());
  CHECK_FALSE(history.last);

  dialog::TurnAnswer notice{{{"notice", {{"agree", "I agree"}, {"decline", "No"}}, std::nullopt}}, "consent.notice", {}};
  dialog::TurnAnswer name{{{"thanks", {}, std::nullopt}, {"your name?", {}, std::nullopt}}, "intake.field", {}};
  dialog::TurnAnswer item{{{"item 1", {{"1", "dislike"}}, std::nullopt}}, "assessment.item", dialog::Progress{0, 48}};
  Commit(*store, key, "m1", std::nullopt, notice);  // opened the chat: nothing kept before consent
  Commit(*store, key, "m2", "[choice] agree", name);
  Commit(*store, key, "m3", "Ming", item);

  REQUIRE(bot::LoadWidgetHistory(*store, key, 100, &history).ok());
  std::vector<std::string> lines;
  for (const auto& m : history.messages) lines.push_back((m.from_visitor ? "> " : "< ") + m.reply.text);
  CHECK(lines == std::vector<std::string>{"< notice", "> I agree", "< thanks", "< your name?", "> Ming", "< item 1"});
  CHECK(history.messages[0].reply.choices.size() == 2);
  REQUIRE(history.last);
  CHECK(history.last->state == "assessment.item");
  CHECK(history.last->progress->total == 48);
  CHECK(history.lang == "en");
  CHECK_FALSE(history.truncated);

  // Only the last turns; the pressed button of the first one shown still has its label.
  REQUIRE(bot::LoadWidgetHistory(*store, key, 2, &history).ok());
  CHECK(history.truncated);
  CHECK(history.messages.front().reply.text == "I agree");
  CHECK(history.messages.size() == 5);

  // Another visitor sees nothing of it.
  REQUIRE(bot::LoadWidgetHistory(*store, {"widget", "", "visitor-2"}, 100, &history).ok());
  CHECK(history.messages.empty());
}

TEST_CASE("widget history: a counsellor's words once, where they were said, never as the visitor's") {
  auto store = storage::NewMemoryStore();
  const storage::ClientKey key{"widget", "", "visitor-1"};
  dialog::TurnAnswer asked{{{"a counsellor will come", {}, std::nullopt}}, "intake.field", {}};
  Commit(*store, key, "m1", "human", asked);
  // The counsellor's turn: the journal keeps what they typed (naming them) and what
  // the visitor was told; the widget held it.
  storage::TurnWrite staff;
  staff.key = key;
  staff.received_at_ms = 2;
  staff.staff_id = 7;
  staff.inbound_text = "hello";
  staff.outbound_texts = {"[counsellor] hello"};
  staff.snapshot = {"handoff.counselling", "{}"};
  REQUIRE(store->CommitTurn(staff, nullptr).ok());
  // The visitor wrote before fetching it: their answer began with it, but only the
  // turn's own replies were journaled with the turn.
  storage::TurnWrite next;
  next.key = key;
  next.message_id = "m2";
  next.received_at_ms = 3;
  next.inbound_text = "hi";
  next.answer_json = adapters::RenderApiAnswer(
      dialog::TurnAnswer{{{"[counsellor] hello", {}, std::nullopt}}, "handoff.counselling", {}});
  next.snapshot = {"handoff.counselling", "{}"};
  REQUIRE(store->CommitTurn(next, nullptr).ok());

  adapters::WidgetHistory history;
  REQUIRE(bot::LoadWidgetHistory(*store, key, 100, &history).ok());
  std::vector<std::string> lines;
  for (const auto& m : history.messages) lines.push_back((m.from_visitor ? "> " : "< ") + m.reply.text);
  CHECK(lines == std::vector<std::string>{"> human", "< a counsellor will come", "< [counsellor] hello", "> hi"});
}

}  // namespace
}  // namespace careerbot
