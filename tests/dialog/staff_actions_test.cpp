// What staff do in a client's conversation (dialog/staff_actions.h), through the
// DialogEngine as the server runs it: a counsellor joining, writing, leaving; an
// approved plan driving the assessments; a closed case asking for feedback; held
// replies given first in the client's next answer.
#include <doctest/doctest.h>

#include <variant>

#include "tests/support/dialog_harness.h"
#include "tests/support/transcript.h"

namespace careerbot::dialog {
namespace {

using testing::DialogHarness;
using testing::Transcript;

const char kFirstItem[] = "第 1/48 题：在发货前检验零部件的质量 [1 2 3 4 5]";
const char kJoined[] = "咨询师王老师已加入对话。接下来你写的内容会直接发给咨询师，机器人暂不回复。";
const char kRatingPrompt[] = "最后，请为这次服务打分：1 分（很不满意）到 5 分（非常满意）。 [1 2 3 4 5]";

TEST_CASE("dialog: a counsellor joins, the bot stays quiet, and the client returns where they were") {
  DialogHarness h;
  h.CompleteIntake();
  REQUIRE(h.state() == "assessment.item");
  REQUIRE(h.Staff(CounsellorJoined{"王老师"}).ok());
  CHECK(Transcript(h.last().answer) == kJoined);
  CHECK(h.state() == "handoff.counselling");

  // Commands, answers and distress words alike are the client's words to the counsellor.
  for (const char* text : {"我想聊聊转行的事", "帮助", "3", "重新开始"}) {
    h.Send(text);
    CHECK(h.last().answer.replies.empty());
    CHECK(h.state() == "handoff.counselling");
  }
  REQUIRE(h.Staff(CounsellorMessage{"王老师", "你好，我看了你的情况。"}).ok());
  CHECK(Transcript(h.last().answer) == "【咨询师王老师】你好，我看了你的情况。");
  CHECK(h.state() == "handoff.counselling");

  REQUIRE(h.Staff(CounsellorLeft{}).ok());
  CHECK(Transcript(h.last().answer) ==
        std::string("咨询师已结束本次交流。我们从刚才的地方继续。 | ") + kFirstItem);
  CHECK(h.state() == "assessment.item");
  h.Send("4");
  CHECK(h.last().answer.progress->done == 1);
}

TEST_CASE("dialog: a counsellor's message or leaving needs a counsellor in the conversation") {
  DialogHarness h;
  h.Consent();
  const std::string state = h.state(), context = h.context_json();
  Status s = h.Staff(CounsellorMessage{"王老师", "你好"});
  CHECK(s.code() == Status::Code::kFailedPrecondition);
  CHECK(s.message() == "the client is not talking with a counsellor");
  CHECK(h.Staff(CounsellorLeft{}).code() == Status::Code::kFailedPrecondition);
  CHECK(h.state() == state);
  CHECK(h.context_json() == context);
  REQUIRE(h.Staff(CounsellorJoined{"王老师"}).ok());
  CHECK(h.Staff(CaseClosed{}).code() == Status::Code::kFailedPrecondition);
}

TEST_CASE("dialog: held replies come first in the client's next answer, once") {
  DialogHarness h;
  h.CompleteIntake();
  REQUIRE(h.Staff(CounsellorJoined{"王老师"}, /*hold=*/true).ok());
  CHECK(Transcript(h.last().answer) == kJoined);
  REQUIRE(h.Staff(CounsellorMessage{"王老师", "在吗？"}, /*hold=*/true).ok());
  h.Send("在的");
  CHECK(Transcript(h.last().answer) == std::string(kJoined) + " | 【咨询师王老师】在吗？");
  CHECK(h.last().held_delivered == 2);
  h.Send("我想问问");
  CHECK(h.last().answer.replies.empty());
  CHECK(h.last().held_delivered == 0);
}

TEST_CASE("dialog: held replies fetched without a message are taken once, and the next answer is without them") {
  DialogHarness h;
  h.CompleteIntake();
  REQUIRE(h.Staff(CounsellorJoined{"王老师"}, /*hold=*/true).ok());
  REQUIRE(h.Staff(CounsellorMessage{"王老师", "在吗？"}, /*hold=*/true).ok());
  const dialog::TurnResult& fetched = h.TakeHeld();
  CHECK(Transcript(fetched.answer) == std::string(kJoined) + " | 【咨询师王老师】在吗？");
  CHECK(fetched.held_delivered == 2);
  CHECK(fetched.events.empty());
  CHECK(fetched.answer.state == "handoff.counselling");
  CHECK(h.state() == "handoff.counselling");
  // Nothing left: a second fetch and the client's next message get none of it.
  CHECK(h.TakeHeld().answer.replies.empty());
  CHECK(h.last().held_delivered == 0);
  h.Send("在的");
  CHECK(h.last().answer.replies.empty());
  CHECK(h.last().held_delivered == 0);

  // Nothing held: the fetch changes nothing, wherever the client is.
  REQUIRE(h.Staff(CounsellorLeft{}, /*hold=*/true).ok());
  CHECK(Transcript(h.TakeHeld().answer) == std::string("咨询师已结束本次交流。我们从刚才的地方继续。 | ") + kFirstItem);
  const std::string context = h.context_json();
  CHECK(h.TakeHeld().answer.replies.empty());
  CHECK(h.state() == "assessment.item");
  CHECK(h.context_json() == context);
}

TEST_CASE("dialog: a conversation never started has nothing to fetch and is not started by a fetch") {
  DialogHarness h;
  const dialog::TurnResult& fetched = h.TakeHeld();
  CHECK(fetched.answer.replies.empty());
  CHECK(fetched.state.empty());
  CHECK(fetched.context_json.empty());
}

TEST_CASE("dialog: an approved plan replaces the proposal and starts when the client confirms") {
  DialogHarness h;
  h.CompleteSurvey();
  h.Send("同意");  // the agreement: the bot proposes its plan
  REQUIRE(h.state() == "plan.proposal");
  REQUIRE(h.Staff(PlanApproved{3, {"caas_24", "iip_riasec_48"}}).ok());
  const std::string told = Transcript(h.last().answer);
  CHECK(told.rfind("你的职业规划咨询师确认了你的服务方案，测评如下：\n1. 生涯适应力量表（CAAS 24 题）\n"
                   "2. 职业兴趣量表（IIP RIASEC 48 题） | 根据你的需求，我建议的服务方案包括以下测评：\n1. 生涯适应力量表（CAAS 24 题）：",
                   0) == 0);
  CHECK(h.state() == "plan.proposal");
  h.Send("确认");
  CHECK(h.state() == "assessment.item");
  CHECK(h.last().answer.progress->total == 24);
  // The client's confirmation is the plan version after the counsellor's.
  int last_version = 0;
  for (const auto& e : h.events()) {
    if (const auto* p = std::get_if<PlanProposed>(&e)) last_version = p->version;
  }
  CHECK(last_version == 4);
}

TEST_CASE("dialog: an approved plan during the assessments keeps the one under way") {
  DialogHarness h;
  h.CompleteIntake();  // the interest assessment alone, at its first item
  h.Send("5");
  REQUIRE(h.Staff(PlanApproved{2, {"aptitude_self_estimate_9", "iip_riasec_48"}}).ok());
  CHECK(h.state() == "assessment.item");
  CHECK(Transcript(h.last().answer) ==
        "你的职业规划咨询师确认了你的服务方案，测评如下：\n1. 能力倾向自评（9 项，自我评估，非能力测验）\n"
        "2. 职业兴趣量表（IIP RIASEC 48 题）");
  for (int i = 1; i < 48; ++i) h.Send("3");
  // The interest assessment is done: the approved one not yet taken follows.
  CHECK(h.state() == "assessment.item");
  CHECK(h.last().answer.progress->total == 9);
  CHECK(h.last().answer.progress->done == 0);
}

TEST_CASE("dialog: closing the case asks for feedback, then the service is closed") {
  DialogHarness h;
  h.CompleteIntake();
  REQUIRE(h.Staff(CaseClosed{}).ok());
  CHECK(Transcript(h.last().answer) ==
        std::string("你的职业生涯规划服务已完成，服务协议约定的事项均已履行。感谢你的信任！最后想请你对本次服务做个评价。 | ") +
            kRatingPrompt);
  CHECK(h.state() == "feedback.rating");
  h.Send("5");
  h.Send("是");
  h.Send("没有了");
  CHECK(h.state() == "closed");
}

TEST_CASE("dialog: a notice is said with its parameters and link, where the client is") {
  DialogHarness h;
  h.CompleteIntake();
  REQUIRE(h.Staff(Notice{"report.ready", {{"version", "2"}}, "https://example.org/r/abc", "report.link_title"}).ok());
  CHECK(Transcript(h.last().answer) == "你的职业生涯规划报告（第 2 版）已经由咨询师审定，请点开链接阅读，也可以打印保存。");
  REQUIRE(h.last().answer.replies.size() == 1);
  CHECK(h.last().answer.replies[0].link->url == "https://example.org/r/abc");
  CHECK(h.last().answer.replies[0].link->title == "职业生涯规划报告");
  CHECK(h.state() == "assessment.item");
}

}  // namespace
}  // namespace careerbot::dialog
