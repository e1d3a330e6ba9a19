// The service machine's transitions, driven through the DialogEngine with the
// shipped knowledge, one restored machine per turn exactly as the server runs it.
#include <doctest/doctest.h>

#include <variant>

#include "tests/support/dialog_harness.h"
#include "tests/support/transcript.h"

namespace careerbot::dialog {
namespace {

using testing::DialogHarness;
using testing::Transcript;

const char kNotice[] =
    "开始之前，请阅读隐私告知（版本 2026-11-27.1）：\n"
    "• 我们会保存：你告诉我们的个人信息（称呼、年龄、学历、服务目标）、你的测评答案和结果、你的评价，以及从你同意起的对话记录。\n"
    "• 用途：仅用于为你提供职业生涯规划服务，由测试机构的职业规划咨询师查看，不会提供给第三方。\n"
    "• 在你同意之前，你发送的内容都不会被保存。\n"
    "• 你可以随时要求查看或删除你的信息。\n"
    "你同意吗？ [agree decline]";
const char kNamePrompt[] = "我该怎么称呼你？";
const char kAgePrompt[] = "小明，你今年多大？";
const char kAgeReprompt[] = "请用数字告诉我你的年龄（14 到 80 岁），例如：28、二十八 或 28岁。";
const char kFirstItem[] = "第 1/48 题：在发货前检验零部件的质量 [1 2 3 4 5]";

template <class T>
std::vector<T> EventsOf(const std::vector<DomainEvent>& events) {
  std::vector<T> out;
  for (const auto& e : events) {
    if (const T* t = std::get_if<T>(&e)) out.push_back(*t);
  }
  return out;
}

// Answers all 48 items by scale: R 5, I 4, A 3, S 2, E 1, C 1.
void AnswerSheet(DialogHarness& h) {
  const std::map<char, std::string> by_scale = {{'R', "5"}, {'I', "4"}, {'A', "3"},
                                                {'S', "2"}, {'E', "1"}, {'C', "1"}};
  for (const auto& item : testing::ShippedKnowledge().FindInstrument("iip_riasec_48")->items) {
    h.Send(by_scale.at(item.id[0]));
  }
}

TEST_CASE("dialog: a first contact is welcomed and shown the privacy notice") {
  DialogHarness h;
  const TurnResult& r = h.Send("你好");
  CHECK(r.state == "consent.notice");
  CHECK(Transcript(r.answer) ==
        std::string("你好！这里是测试机构的职业生涯规划助手。我会陪你完成一次职业生涯规划服务："
                    "了解你的情况，做一份职业兴趣测评，告诉你结果，最后请你评价这次服务。 | ") +
            kNotice);
  CHECK_FALSE(r.consented);
  CHECK(r.events.empty());
}

TEST_CASE("dialog: consent is explicit; declining ends politely and keeps nothing") {
  DialogHarness h;
  h.Send("你好");

  SUBCASE("agreeing in words, by number or by tapping") {
    for (const char* yes : {"同意", "好的！", "1", "I agree"}) {
      DialogHarness agree;
      agree.Send("hi");
      const TurnResult& r = agree.Send(yes);
      CHECK_MESSAGE(r.state == "intake.field", yes);
      CHECK(r.consented);
      CHECK(Transcript(r.answer) == std::string("谢谢你的信任。我们先简单认识一下。 | ") + kNamePrompt);
      auto consents = EventsOf<ConsentGiven>(agree.events());
      REQUIRE(consents.size() == 1);
      CHECK(consents[0].document == "privacy_notice");
      CHECK(consents[0].version == "2026-11-27.1");
      CHECK(consents[0].accepted);
    }
    CHECK(h.Tap("agree").state == "intake.field");
  }
  SUBCASE("declining") {
    const TurnResult& r = h.Send("不同意");
    CHECK(r.state == "consent.declined");
    CHECK_FALSE(r.consented);
    CHECK(Transcript(r.answer) ==
          "好的，尊重你的决定。我们没有保存你的任何个人信息。如果改变主意，随时发送“重新开始”。");
    auto consents = EventsOf<ConsentGiven>(h.events());
    REQUIRE(consents.size() == 1);
    CHECK_FALSE(consents[0].accepted);

    CHECK(Transcript(h.Send("我叫张三").answer) ==
          "你没有同意隐私告知，所以我暂时无法为你提供服务。发送“重新开始”可以重新阅读并同意。");
    CHECK(h.state() == "consent.declined");
    CHECK(EventsOf<ProfileFieldSet>(h.events()).empty());

    SUBCASE("restart shows the notice again") {
      CHECK(Transcript(h.Send("重新开始").answer) == std::string("好的，我们从头开始。 | ") + kNotice);
      CHECK(h.state() == "consent.notice");
    }
    SUBCASE("saying yes later shows the notice again") {
      CHECK(Transcript(h.Send("同意").answer) == kNotice);
    }
  }
  SUBCASE("an unclear answer asks again") {
    const TurnResult& r = h.Send("也许吧");
    CHECK(r.state == "consent.notice");
    CHECK(Transcript(r.answer) ==
          std::string("请回复“同意”或“不同意”（也可以回复 1 或 2）。 | ") + kNotice);
    CHECK(h.events().empty());
  }
}

TEST_CASE("dialog: the intake validates each answer and says what it expects") {
  DialogHarness h;
  h.Consent();

  SUBCASE("a name of more than 32 characters is asked again") {
    CHECK(Transcript(h.Send(std::string(33, 'a')).answer) == "请告诉我你希望的称呼，1 到 32 个字。");
    CHECK(h.state() == "intake.field");
  }
  SUBCASE("ages in every form clients write them") {
    h.Send("  小明 ");
    for (const char* age : {"28", "２８", "二十八", "28岁", "28 岁"}) {
      DialogHarness each;
      each.Consent();
      each.Send("小明");
      CHECK_MESSAGE(Transcript(each.Send(age).answer) ==
                        "你的最高学历是？ [junior_high_or_below senior_high junior_college "
                        "bachelor master doctorate]",
                    age);
      auto fields = EventsOf<ProfileFieldSet>(each.events());
      REQUIRE(fields.size() == 2);
      CHECK(fields[0].field == "name");
      CHECK(fields[0].value == "小明");
      CHECK(fields[1].field == "age");
      CHECK(fields[1].value == "28");
    }
    for (const char* bad : {"abc", "三百", "13", "81", "28.5", "-28"}) {
      CHECK_MESSAGE(Transcript(h.Send(bad).answer) == kAgeReprompt, bad);
      CHECK(h.state() == "intake.field");
    }
  }
  SUBCASE("a choice by number, by its words or by tapping") {
    h.Send("小明");
    h.Send("28");
    SUBCASE("number") { h.Send("4"); }
    SUBCASE("words") { h.Send("本科"); }
    SUBCASE("tap") { h.Tap("bachelor"); }
    auto fields = EventsOf<ProfileFieldSet>(h.events());
    REQUIRE(fields.size() == 3);
    CHECK(fields[2].value == "bachelor");
    CHECK(Transcript(h.last().answer) ==
          "你希望这次服务帮你达成什么目标？ [choose_direction job_seeking career_change promotion "
          "entrepreneurship further_study other]");
  }
  SUBCASE("a choice that is not offered is asked again with the options") {
    h.Send("小明");
    h.Send("28");
    CHECK(Transcript(h.Send("9").answer) ==
          "请从下面的选项中选择你的最高学历（点选，或输入序号）。 [junior_high_or_below "
          "senior_high junior_college bachelor master doctorate]");
  }
}

TEST_CASE("dialog: the assessment asks one item per message with progress") {
  DialogHarness h;
  h.CompleteIntake();
  const TurnResult& first = h.last();
  CHECK(first.state == "assessment.item");
  REQUIRE(first.answer.progress);
  CHECK(first.answer.progress->done == 0);
  CHECK(first.answer.progress->total == 48);
  CHECK(Transcript(first.answer) ==
        std::string("谢谢你，小明！接下来是一份职业兴趣测评。 | 《职业兴趣量表（IIP RIASEC 48 题）》共 48 题。"
                    "下面每项活动，你有多喜欢去做？不用考虑自己是否擅长、收入高低或需要什么学历。\n"
                    "每题选择 1–5，可以点选按钮，也可以输入数字或选项文字。 | ") +
            kFirstItem);

  SUBCASE("answers by number, Chinese numeral, label or tap") {
    CHECK(Transcript(h.Send("5").answer) == "第 2/48 题：研究人体的结构 [1 2 3 4 5]");
    h.Send("四");
    h.Send("无所谓");
    h.Tap("2");
    CHECK(h.last().answer.progress->done == 4);
    auto answers = EventsOf<AnswerRecorded>(h.events());
    REQUIRE(answers.size() == 4);
    CHECK(answers[0].item == "R1");
    CHECK(answers[0].value == 5);
    CHECK(answers[1].item == "I1");
    CHECK(answers[1].value == 4);
    CHECK(answers[2].value == 3);
    CHECK(answers[3].item == "S1");
    CHECK(answers[3].value == 2);
    CHECK(answers[3].attempt == 1);
  }
  SUBCASE("an answer off the scale asks the same item again") {
    CHECK(Transcript(h.Send("6").answer) ==
          std::string("请选择 1 到 5 之间的一个数字，或点选下面的选项。 | ") + kFirstItem);
    CHECK(h.last().answer.progress->done == 0);
    CHECK(EventsOf<AnswerRecorded>(h.events()).empty());
  }
  SUBCASE("help explains and asks the same item again") {
    CHECK(Transcript(h.Send("帮助").answer) ==
          std::string("随时可用的指令：\n• 帮助：显示本说明\n• 重新开始：从头开始（已同意的隐私告知仍然有效）\n"
                      "回答问题时，可以点选按钮，也可以直接输入选项的序号或文字。 | ") +
              kFirstItem);
  }
  SUBCASE("restart goes back to the intake, keeping the consent") {
    h.Send("5");
    CHECK(Transcript(h.Send("重新开始").answer) == std::string("好的，我们从头开始。 | ") + kNamePrompt);
    CHECK(h.state() == "intake.field");
    CHECK(h.last().consented);
  }
  SUBCASE("a client who comes back is reminded where they were") {
    h.Send("5");
    CHECK(Transcript(h.Resume().answer) ==
          "欢迎回来！我们从上次停下的地方继续。 | 第 2/48 题：研究人体的结构 [1 2 3 4 5]");
  }
}

TEST_CASE("dialog: the whole service to its close, with the result scored") {
  DialogHarness h;
  h.CompleteIntake();
  AnswerSheet(h);
  const TurnResult& result = h.last();
  CHECK(result.state == "feedback.rating");
  CHECK(Transcript(result.answer) ==
        "《职业兴趣量表（IIP RIASEC 48 题）》结果（每个类型 8–40 分，分数越高表示越喜欢这类活动）：\n"
        "• 现实型（R）：40/40\n• 研究型（I）：32/40\n• 艺术型（A）：24/40\n• 社会型（S）：16/40\n"
        "• 企业型（E）：8/40\n• 常规型（C）：8/40\n你的霍兰德代码：RIA（得分最高的三个类型）。 | "
        "这是自动计算的结果。职业规划咨询师会审阅并完成你的正式报告。 | "
        "最后，请为这次服务打分：1 分（很不满意）到 5 分（非常满意）。 [1 2 3 4 5]");
  auto completed = EventsOf<AssessmentCompleted>(h.events());
  REQUIRE(completed.size() == 1);
  CHECK(completed[0].instrument == "iip_riasec_48");
  CHECK(completed[0].attempt == 1);
  const auto json = nlohmann::json::parse(completed[0].result_json);
  CHECK(json.at("holland_code") == "RIA");
  CHECK(json.at("scales").at(0).at("raw") == 40);
  CHECK(json.at("scales").at(5).at("raw") == 8);
  CHECK(EventsOf<AnswerRecorded>(h.events()).size() == 48);

  CHECK(Transcript(h.Send("五").answer) ==
        "谢谢！还有什么想对我们说的吗？直接输入即可；没有的话请回复“跳过”。");
  SUBCASE("with a comment") {
    CHECK(Transcript(h.Send("很有帮助").answer) ==
          "感谢你，小明！本次服务到此结束。咨询师完成报告后会通知你。祝你职业发展顺利！");
    auto feedback = EventsOf<FeedbackGiven>(h.events());
    REQUIRE(feedback.size() == 1);
    CHECK(feedback[0].rating == 5);
    CHECK(feedback[0].comment == std::optional<std::string>("很有帮助"));
    CHECK(h.state() == "closed");
    CHECK(Transcript(h.Send("还在吗").answer) == "本次服务已经结束。如需再做一次，请发送“重新开始”。");
  }
  SUBCASE("skipping the comment") {
    h.Send("跳过");
    auto feedback = EventsOf<FeedbackGiven>(h.events());
    REQUIRE(feedback.size() == 1);
    CHECK_FALSE(feedback[0].comment.has_value());
  }
  SUBCASE("a comment over 1000 characters is asked again") {
    CHECK(Transcript(h.Send(std::string(1001, 'x')).answer) ==
          "留言最多 1000 个字，请精简一些，或回复“跳过”。");
    CHECK(h.state() == "feedback.comment");
  }
}

TEST_CASE("dialog: the conversation in English") {
  DialogHarness h("en");
  CHECK(h.Send("hello").answer.replies.at(0).text ==
        "Hello! This is the career-planning assistant of 测试机构. I will take you through a "
        "career-planning service: getting to know you, an interest assessment, your results, and "
        "finally your rating of the service.");
  h.Send("yes");
  CHECK(Transcript(h.last().answer) ==
        "Thank you for your trust. Let us get to know each other first. | What should I call you?");
  h.Send("Ming");
  CHECK(Transcript(h.Send("28 years old").answer) ==
        "What is your highest level of education? [junior_high_or_below senior_high "
        "junior_college bachelor master doctorate]");
  h.Send("Bachelor's degree");
  h.Send("1");
  CHECK(h.last().answer.replies.back().text == "Item 1/48: Test the quality of parts before shipment");
  CHECK(h.Send("enjoy").answer.replies.back().text == "Item 2/48: Study the structure of the human body");
}

TEST_CASE("dialog: a snapshot that no longer fits the flow starts the step again") {
  DialogHarness h;
  h.CompleteIntake();
  // The same state with a context whose answers do not fit the instrument (as after
  // an instrument changed between versions).
  std::string ctx = h.context_json();
  const auto pos = ctx.find("\"answers\":[");
  REQUIRE(pos != std::string::npos);
  ctx.replace(pos, std::string("\"answers\":[").size(), "\"answers\":[1,");
  dialog::Inbound in;
  in.channel = "test";
  in.user = "u1";
  in.text = "5";
  TurnResult r;
  std::unique_ptr<DialogEngine> engine;
  REQUIRE(DialogEngine::Create(testing::ShippedKnowledge(), {"测试机构"}, &engine).ok());
  REQUIRE(engine->Process("assessment.item", ctx, in, &r).ok());
  CHECK(r.state == "intake.field");
  CHECK(Transcript(r.answer) ==
        std::string("服务流程已更新，我们从当前阶段的开头继续。 | ") + kNamePrompt);
}

TEST_CASE("dialog: a malformed snapshot is an error, not a guess") {
  std::unique_ptr<DialogEngine> engine;
  REQUIRE(DialogEngine::Create(testing::ShippedKnowledge(), {"测试机构"}, &engine).ok());
  dialog::Inbound in;
  in.text = "hi";
  TurnResult r;
  Status s = engine->Process("intake.field", "{not json", in, &r);
  CHECK(s.code() == Status::Code::kInvalidArgument);
}

}  // namespace
}  // namespace careerbot::dialog

namespace careerbot::dialog {
namespace {

const char kHelp[] =
    "随时可用的指令：\n• 帮助：显示本说明\n• 重新开始：从头开始（已同意的隐私告知仍然有效）\n"
    "回答问题时，可以点选按钮，也可以直接输入选项的序号或文字。";

// Drives a fresh conversation into `state`.
void DriveTo(testing::DialogHarness& h, const std::string& state) {
  h.Send("你好");
  if (state == "consent.notice") return;
  if (state == "consent.declined") {
    h.Send("不同意");
    return;
  }
  h.Send("同意");
  if (state == "intake.field") return;
  h.Send("小明");
  h.Send("28");
  h.Send("4");
  h.Send("1");
  if (state == "assessment.item") return;
  for (int i = 0; i < 48; ++i) h.Send("3");
  if (state == "feedback.rating") return;
  h.Send("4");
  if (state == "feedback.comment") return;
  h.Send("跳过");
}

TEST_CASE("dialog: help and restart work in every state") {
  for (const std::string state : {"consent.notice", "consent.declined", "intake.field", "assessment.item",
                                  "feedback.rating", "feedback.comment", "closed"}) {
    CAPTURE(state);
    testing::DialogHarness h;
    DriveTo(h, state);
    REQUIRE(h.state() == state);
    const std::string before = h.context_json();
    const TurnResult& help = h.Send("help");
    CHECK(help.state == state);
    CHECK(help.answer.replies.size() == 2);
    CHECK(help.answer.replies.at(0).text == kHelp);
    CHECK(h.context_json() == before);  // help changes nothing

    const TurnResult& restart = h.Send("重新开始");
    CHECK(restart.answer.replies.at(0).text == "好的，我们从头开始。");
    const bool consented = state != "consent.notice" && state != "consent.declined";
    CHECK(restart.state == (consented ? "intake.field" : "consent.notice"));
  }
}

}  // namespace
}  // namespace careerbot::dialog
