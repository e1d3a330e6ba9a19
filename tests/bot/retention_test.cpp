// Unfinished services past their retention (bot/retention.h), in process over
// the in-memory store with the clock the test sets: who is erased, who is kept,
// and what the erased client hears next.
#include <doctest/doctest.h>

#include <memory>
#include <string>
#include <vector>

#include "bot/conversation_service.h"
#include "bot/retention.h"
#include "dialog/dialog_engine.h"
#include "storage/memory_store.h"
#include "storage/store.h"
#include "tests/bot/api_client.h"
#include "tests/support/knowledge_fixture.h"
#include "tests/support/transcript.h"

namespace careerbot::testing {
namespace {

constexpr int64_t kDay = 24LL * 3600 * 1000;
constexpr int64_t kStart = 1'790'000'000'000;

struct Service {
  std::unique_ptr<storage::Store> store = storage::NewMemoryStore();
  std::unique_ptr<dialog::DialogEngine> engine;
  std::unique_ptr<bot::ConversationService> conversations;
  Service() {
    REQUIRE(dialog::DialogEngine::Create(ShippedKnowledge(), {}, &engine).ok());
    conversations = std::make_unique<bot::ConversationService>(*store, *engine);
  }
  dialog::TurnAnswer Say(const std::string& user, const std::string& text, int64_t at_ms) {
    dialog::Inbound in;
    in.channel = "api";
    in.user = user;
    in.text = text;
    in.received_at_ms = at_ms;
    dialog::TurnAnswer answer;
    const Status s = conversations->HandleTurn(in, &answer);
    REQUIRE_MESSAGE(s.ok(), s.ToString());
    return answer;
  }
  size_t ProfileSize(const std::string& user) {
    std::optional<int64_t> id;
    REQUIRE(store->FindClientId({"api", "", user}, &id).ok());
    std::vector<storage::ProfileFieldRecord> profile;
    REQUIRE(store->ListProfile(*id, &profile).ok());
    return profile.size();
  }
};

TEST_CASE("retention: an unfinished service silent past its days is erased; a case and a newer one are kept") {
  Service svc;
  // Left during the needs survey, after giving a name and an age.
  for (const char* text : {"你好", "同意", "小明", "跳过", "二十八"}) svc.Say("left", text, kStart);
  // Accepted the agreement: a case, kept by the archive rules.
  for (const auto& text : ApiConversation::IntakeMessages()) svc.Say("case", text, kStart);
  // Never agreed to the privacy notice: nothing kept, nothing to erase.
  svc.Say("stranger", "你好", kStart);
  // Left too, but more recently.
  for (const char* text : {"你好", "同意", "小红"}) svc.Say("recent", text, kStart + 20 * kDay);
  REQUIRE(svc.ProfileSize("left") == 2);

  bot::RetentionReport report;
  REQUIRE(bot::PurgeUnfinished(*svc.conversations, *svc.store, kStart + 29 * kDay, 30, &report).ok());
  CHECK(report.examined == 4);
  CHECK(report.purged == 0);

  REQUIRE(bot::PurgeUnfinished(*svc.conversations, *svc.store, kStart + 31 * kDay, 30, &report).ok());
  CHECK(report.purged == 1);
  CHECK(svc.ProfileSize("left") == 0);
  CHECK(svc.ProfileSize("case") > 0);
  CHECK(svc.ProfileSize("recent") == 1);
  // Erased once: the next sweep finds nothing more to do.
  REQUIRE(bot::PurgeUnfinished(*svc.conversations, *svc.store, kStart + 62 * kDay, 30, &report).ok());
  CHECK(report.purged == 1);  // "recent", now past its days too
  CHECK(svc.ProfileSize("recent") == 0);
  REQUIRE(bot::PurgeUnfinished(*svc.conversations, *svc.store, kStart + 200 * kDay, 30, &report).ok());
  CHECK(report.purged == 0);

  // The client hears why with their next message, then starts again at the notice.
  const dialog::TurnAnswer next = svc.Say("left", "你好", kStart + 70 * kDay);
  REQUIRE(!next.replies.empty());
  CHECK(next.replies[0].text ==
        "你有 30 天没有继续，服务也还没有开始（服务协议未签署），所以按照“用完即删”的原则，之前保存的你的信息已经删除。如需继续，请重新开始。");
  CHECK(next.state == "consent.notice");
}

TEST_CASE("retention: 0 days keeps everything") {
  Service svc;
  for (const char* text : {"你好", "同意", "小明"}) svc.Say("left", text, kStart);
  bot::RetentionReport report;
  REQUIRE(bot::PurgeUnfinished(*svc.conversations, *svc.store, kStart + 3650 * kDay, 0, &report).ok());
  CHECK(report.purged == 0);
  CHECK(svc.ProfileSize("left") == 1);
}

}  // namespace
}  // namespace careerbot::testing
