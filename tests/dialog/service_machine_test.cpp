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
    "开始之前，请阅读隐私告知（版本 2026-11-27.3）：\n"
    "• 我们会保存：你在需求调查中告诉我们的信息（如称呼、年龄、学历、工作情况、兴趣、价值观、目标，以及家庭和工作环境）、你的测评答案和结果、你的评价和投诉，以及从你同意起的对话记录。\n"
    "• 用途：仅用于为你提供职业生涯规划服务，由测试机构的职业规划咨询师查看，不会提供给第三方。\n"
    "• 在你同意之前，你发送的内容都不会被保存。\n"
    "• 如果你还没有接受服务协议，并且连续 30 天没有发来消息，你的个人信息会被自动删除。\n"
    "• 你可以随时发送“我的信息”查看、发送“导出我的信息”下载一份副本、发送“删除我的信息”删除你的信息。\n"
    "你同意吗？ [agree decline]";
const char kNamePrompt[] = "我该怎么称呼你？";
const char kAgePrompt[] = "小明，你今年多大？";
const char kAgeReprompt[] = "请用数字告诉我你的年龄（14 到 80 岁），例如：28、二十八 或 28岁。";
const char kFirstItem[] = "第 1/48 题：在发货前检验零部件的质量 [1 2 3 4 5]";

const char kHelp[] =
    "随时可用的指令：\n• 帮助：显示本说明\n• 重新开始：从头开始（已同意的隐私告知仍然有效）\n"
    "• 暂停：保存进度，稍后继续\n• 上一题：在测评中修改上一题的答案\n• 协议：再读一遍服务协议\n"
    "• 人工：联系职业规划咨询师\n• 投诉：提交投诉；查询投诉 编号：查看进度\n• 评价：为服务打分\n"
    "• 我的信息：查看我们保存的信息；导出我的信息：下载一份副本；删除我的信息：删除它们\n• English / 中文：切换语言\n"
    "回答问题时，可以点选按钮，也可以直接输入选项的序号或文字。";
const char kEducation[] =
    "你的最高学历是？ [junior_high_or_below senior_high junior_college bachelor master doctorate]";

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
        std::string("你好！这里是测试机构的职业生涯规划助手。我会陪你完成一次职业生涯规划服务：了解你的情况和需求，"
                    "签署服务协议，制定方案并完成测评，告诉你结果，最后请你评价这次服务。 | ") +
            kNotice);
  CHECK_FALSE(r.consented);
  CHECK(r.events.empty());
}

TEST_CASE("dialog: the privacy notice names the configured retention, and leaves it out when it is off") {
  const std::string line = "• 如果你还没有接受服务协议，并且连续 30 天没有发来消息，你的个人信息会被自动删除。\n";
  const std::string notice = kNotice;
  DialogHarness week("zh", [](EngineOptions* o) { o->unfinished_retention_days = 7; });
  std::string expected = notice;
  expected.replace(expected.find("30 天"), std::string("30 天").size(), "7 天");
  CHECK(week.Send("你好").answer.replies.at(1).text + " [agree decline]" == expected);
  DialogHarness off("zh", [](EngineOptions* o) { o->unfinished_retention_days = 0; });
  expected = notice;
  expected.erase(expected.find(line), line.size());
  CHECK(off.Send("你好").answer.replies.at(1).text + " [agree decline]" == expected);
}

TEST_CASE("dialog: export my data gives the link as text at any point, then the same question") {
  DialogHarness h;
  h.Send("你好");
  const TurnResult& before = h.Send("导出我的信息");
  CHECK(Transcript(before.answer) ==
        std::string("在你同意隐私告知之前，我们不会保存你的个人信息，所以现在没有可以导出的内容。 | ") + kNotice);
  h.Send("同意");
  const TurnResult& r = h.Send("export my data");
  CHECK(r.state == "intake.field");
  REQUIRE(r.answer.replies.size() == 2);
  REQUIRE(r.answer.replies[0].link);
  CHECK(r.answer.replies[0].link->url == "https://careers.test/x/" + std::string(43, 'A'));
  CHECK(r.answer.replies[0].link->title == "下载我的信息（JSON）");
  CHECK(r.answer.replies[0].link->secret);
  CHECK(r.answer.replies[0].text.find("链接 24 小时内有效") != std::string::npos);
  CHECK(r.answer.replies[1].text == kNamePrompt);
  CHECK(r.events.empty());
}

TEST_CASE("dialog: consent is explicit, declining ends politely and keeps nothing") {
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
      CHECK(consents[0].version == "2026-11-27.3");
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
    }
    SUBCASE("saying yes later shows the notice again") {
      CHECK(Transcript(h.Send("同意").answer) == kNotice);
    }
  }
  SUBCASE("an unclear answer asks again") {
    CHECK(Transcript(h.Send("也许吧").answer) ==
          std::string("请回复“同意”或“不同意”（也可以回复 1 或 2）。 | ") + kNotice);
    CHECK(h.events().empty());
  }
}

TEST_CASE("dialog: the needs survey validates each answer and says what it expects") {
  DialogHarness h;
  h.Consent();

  SUBCASE("a name of more than 32 characters is asked again") {
    CHECK(Transcript(h.Send(std::string(33, 'a')).answer) == "请告诉我你希望的称呼，1 到 32 个字。");
    CHECK(h.state() == "intake.field");
  }
  SUBCASE("an optional question can be skipped, and says so with a button") {
    CHECK(Transcript(h.Send("小明").answer) ==
          "你的性别是？（可以选择“不便透露”，或回复“跳过”） [female male other undisclosed skip]");
    CHECK(Transcript(h.Send("跳过").answer) == kAgePrompt);
    CHECK(EventsOf<ProfileFieldSet>(h.events()).size() == 1);  // only the name
  }
  SUBCASE("ages in every form clients write them") {
    for (const char* age : {"28", "２８", "二十八", "28岁", "28 岁"}) {
      DialogHarness each;
      each.Consent();
      each.Send("小明");
      each.Send("跳过");
      CHECK_MESSAGE(Transcript(each.Send(age).answer) == kEducation, age);
      auto fields = EventsOf<ProfileFieldSet>(each.events());
      REQUIRE(fields.size() == 2);
      CHECK(fields[1].field == "age");
      CHECK(fields[1].value == "28");
    }
  }
  SUBCASE("after two failed attempts, the question offers buttons") {
    h.Send("小明");
    h.Send("跳过");
    CHECK(Transcript(h.Send("abc").answer) == kAgeReprompt);
    CHECK(Transcript(h.Send("三百").answer) ==
          std::string(kAgeReprompt) + "\n也可以直接点选下面的选项。 [14-17 18-24 25-34 35-44 45-54 55-80]");
    CHECK(Transcript(h.Send("81").answer) ==
          std::string(kAgeReprompt) + " [14-17 18-24 25-34 35-44 45-54 55-80]");
    CHECK(Transcript(h.Tap("25-34").answer) == kEducation);
    CHECK(EventsOf<ProfileFieldSet>(h.events()).back().value == "25-34");
  }
  SUBCASE("questions that do not apply are not asked") {
    for (const char* answer : {"小明", "跳过", "28", "本科", "计算机"}) h.Send(answer);
    SUBCASE("a student is not asked about work") {
      CHECK(Transcript(h.Send("在校学生").answer) == "你现在在哪个城市？");
    }
    SUBCASE("an employed client is asked about experience, job and industry") {
      CHECK(Transcript(h.Send("在职").answer) == "你一共有几年工作经验？（没有请回复 0）");
      CHECK(Transcript(h.Send("两年").answer) == "你现在做什么工作（职位或岗位）？");
      CHECK(EventsOf<ProfileFieldSet>(h.events()).back().value == "2");
    }
  }
  SUBCASE("several picks, and a ranking of exactly three") {
    for (const char* answer : {"小明", "跳过", "28", "本科", "计算机", "在校学生"}) h.Send(answer);
    CHECK(Transcript(h.Send("北京").answer).rfind("接下来聊聊你的兴趣爱好。 | 你平时有哪些兴趣爱好？", 0) == 0);
    h.Send("阅读、运动健身");
    CHECK(EventsOf<ProfileFieldSet>(h.events()).back().value == "reading,sports");
    h.Send("跳过");
    CHECK(Transcript(h.Send("5 1").answer).rfind("请输入恰好 3 个不同的序号", 0) == 0);
    h.Send("5，1，3");
    CHECK(EventsOf<ProfileFieldSet>(h.events()).back().value == "growth,income,achievement");
    CHECK(h.state() == "intake.field");
  }
}

TEST_CASE("dialog: the survey ends with market information, the agreement and the plan") {
  DialogHarness h;
  h.CompleteSurvey();
  const TurnResult& r = h.last();
  CHECK(r.state == "agreement.offer");
  REQUIRE(r.answer.replies.size() == 5);
  CHECK(r.answer.replies[0].text.rfind("关于上海和你关注的行业，这里有一些参考信息：\n• 上海对非上海生源应届高校毕业生", 0) == 0);
  CHECK(r.answer.replies[0].text.find("• 数字经济相关岗位") != std::string::npos);
  CHECK(r.answer.replies[1].text == "谢谢你，小明！需求调查完成了。");
  CHECK(r.answer.replies[2].text == "开始测评之前，请阅读我们的服务协议：");
  CHECK(r.answer.replies[3].text.rfind("职业生涯规划服务协议（测试机构，登记号 —）\n\n一、服务内容", 0) == 0);
  CHECK(Transcript({{r.answer.replies[4]}, "", std::nullopt}) ==
        "你同意这份服务协议（版本 2026-11-27.1）吗？ [accept decline]");
  auto surveys = EventsOf<NeedsSurveyCompleted>(h.events());
  REQUIRE(surveys.size() == 1);
  const auto survey = nlohmann::json::parse(surveys[0].survey_json);
  CHECK(survey.at("target_city") == "上海");
  CHECK(survey.at("values") == "growth,income,achievement");
  CHECK(survey.at("gender") == "");

  SUBCASE("no assessment without the agreement") {
    CHECK(h.Send("不同意").state == "agreement.declined");
    CHECK(Transcript(h.Send("1").answer) ==
          "你还没有签署服务协议。回复“同意”签署，发送“协议”再读一遍，或发送“人工”联系咨询师。");
    CHECK(h.state() == "agreement.declined");
    CHECK(h.Send("同意").state == "plan.proposal");
  }
  SUBCASE("accepting records the version and proposes the plan") {
    CHECK(Transcript(h.Send("同意").answer) ==
          "谢谢！服务协议已签署（版本 2026-11-27.1）。 | 根据你的需求，我建议的服务方案包括以下测评：\n"
          "1. 职业兴趣量表（IIP RIASEC 48 题）：了解你喜欢哪类工作活动（霍兰德六种兴趣类型），是选择职业方向的基础。\n"
          "2. 生涯适应力量表（CAAS 24 题）：了解你应对职业转变的准备程度（关注、控制、好奇、自信），帮助规划求职或转换的下一步。\n"
          "3. 能力倾向自评（9 项，自我评估，非能力测验）：请你自己评估九个方面的能力倾向（这是自评，不是能力测验），与兴趣结合来看哪些方向更适合你。 | "
          "可以按这个方案开始吗？也可以调整要做的测评。咨询师之后还会审阅你的方案。 [confirm change]");
    auto consents = EventsOf<ConsentGiven>(h.events());
    REQUIRE(consents.size() == 2);
    CHECK(consents[1].document == "service_agreement");
    CHECK(consents[1].version == "2026-11-27.1");
    auto plans = EventsOf<PlanProposed>(h.events());
    REQUIRE(plans.size() == 1);
    CHECK(plans[0].status == "proposed");
    CHECK(plans[0].assessments ==
          std::vector<std::string>{"iip_riasec_48", "caas_24", "aptitude_self_estimate_9"});
    const TurnResult& confirmed = h.Send("1");
    CHECK(confirmed.state == "assessment.item");
    CHECK(EventsOf<PlanProposed>(h.events()).back().status == "confirmed");
    CHECK(EventsOf<PlanProposed>(h.events()).back().version == 2);
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
  CHECK(first.answer.replies.back().text == "第 1/48 题：在发货前检验零部件的质量");

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
    CHECK(answers[1].value == 4);
    CHECK(answers[2].value == 3);
    CHECK(answers[3].item == "S1");
    CHECK(answers[3].value == 2);
  }
  SUBCASE("an answer off the scale asks the same item again") {
    CHECK(Transcript(h.Send("6").answer) ==
          std::string("请选择 1 到 5 之间的一个数字，或点选下面的选项。 | ") + kFirstItem);
    CHECK(EventsOf<AnswerRecorded>(h.events()).empty());
  }
  SUBCASE("back changes the previous answer, then goes on where it was") {
    h.Send("5");
    h.Send("4");
    CHECK(Transcript(h.Send("上一题").answer) ==
          "好的，回到上一题，你可以重新作答。 | 第 2/48 题：研究人体的结构 [1 2 3 4 5]");
    CHECK(Transcript(h.Send("1").answer) == "第 3/48 题：指挥合唱团 [1 2 3 4 5]");
    auto answers = EventsOf<AnswerRecorded>(h.events());
    REQUIRE(answers.size() == 3);
    CHECK(answers[2].item == "I1");
    CHECK(answers[2].value == 1);
    CHECK(h.last().answer.progress->done == 2);
  }
  SUBCASE("pause, and coming back days later, resumes at the same item") {
    h.Send("5");
    CHECK(Transcript(h.Send("暂停").answer) == "好的，已暂停。你的进度都保存了，随时回来发送任意消息即可继续。");
    CHECK(h.state() == "session.paused");
    h.Wait(3LL * 24 * 3600 * 1000);
    CHECK(Transcript(h.Send("我回来了").answer) ==
          "欢迎回来！我们从上次停下的地方继续。 | 第 2/48 题：研究人体的结构 [1 2 3 4 5]");
    CHECK(h.state() == "assessment.item");
  }
  SUBCASE("a client back after the inactivity period is asked to continue or restart") {
    h.Send("5");
    h.Wait(25LL * 3600 * 1000);
    CHECK(Transcript(h.Send("5").answer) ==
          "欢迎回来！你上次停在：测评第 2/48 题。要继续，还是重新开始？ [continue restart]");
    CHECK(EventsOf<AnswerRecorded>(h.events()).size() == 1);  // the message answered nothing
    SUBCASE("continue") {
      CHECK(Transcript(h.Send("继续").answer) == "第 2/48 题：研究人体的结构 [1 2 3 4 5]");
    }
    SUBCASE("restart") {
      CHECK(Transcript(h.Tap("restart").answer) == std::string("好的，我们从头开始。 | ") + kNamePrompt);
    }
  }
  SUBCASE("an image or a sticker is answered politely, and the item asked again") {
    CHECK(Transcript(h.SendUnreadable().answer) ==
          std::string("抱歉，我目前只能读懂文字消息，请用文字回复。 | ") + kFirstItem);
    CHECK(EventsOf<AnswerRecorded>(h.events()).empty());
  }
  SUBCASE("a client who opens the chat again is reminded where they were") {
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
        "《职业兴趣量表（IIP RIASEC 48 题）》结果：\n"
        "• 现实型（R）：40 分（8–40） · 较高\n• 研究型（I）：32 分（8–40） · 较高\n• 艺术型（A）：24 分（8–40） · 中等\n"
        "• 社会型（S）：16 分（8–40） · 较低\n• 企业型（E）：8 分（8–40） · 较低\n• 常规型（C）：8 分（8–40） · 较低\n"
        "你的霍兰德代码：RIA（得分最高的三个类型）。\n这份测评还没有常模，所以只显示原始分和你自己的排序。\n"
        "你得分最高的是现实型：你喜欢动手做事、操作工具或设备，重视实际可见的成果。\n"
        "注意：你每题作答时间的中位数约为 0 秒，短于通常阅读所需的 1.5 秒，这份结果的可靠性可能不足，咨询师会和你一起核实。 | "
        "所有测评都完成了。咨询师会根据这些结果为你撰写正式的职业生涯规划报告，完成后会通知你。 | "
        "最后，请为这次服务打分：1 分（很不满意）到 5 分（非常满意）。 [1 2 3 4 5]");
  auto completed = EventsOf<AssessmentCompleted>(h.events());
  REQUIRE(completed.size() == 1);
  CHECK(nlohmann::json::parse(completed[0].result_json).at("holland_code") == "RIA");

  CHECK(Transcript(h.Send("五").answer) == "这次服务帮你达成目标了吗？ [yes partly no]");
  CHECK(Transcript(h.Send("部分达成").answer) ==
        "谢谢！还有什么想对我们说的吗？直接输入即可；没有的话请回复“跳过”。");
  SUBCASE("with a comment") {
    CHECK(Transcript(h.Send("很有帮助").answer) ==
          "感谢你，小明！本次服务到此结束。咨询师完成报告后会通知你。祝你职业发展顺利！");
    auto feedback = EventsOf<FeedbackGiven>(h.events());
    REQUIRE(feedback.size() == 1);
    CHECK(feedback[0].rating == 5);
    CHECK(feedback[0].goals_met == std::optional<std::string>("partly"));
    CHECK(feedback[0].comment == std::optional<std::string>("很有帮助"));
    CHECK(h.state() == "closed");
    SUBCASE("and feedback can be given again later") {
      CHECK(Transcript(h.Send("评价").answer) ==
            "好的，请为我们的服务评价。 | 最后，请为这次服务打分：1 分（很不满意）到 5 分（非常满意）。 [1 2 3 4 5]");
      h.Send("4");
      h.Send("达成了");
      h.Send("跳过");
      CHECK(EventsOf<FeedbackGiven>(h.events()).size() == 2);
      CHECK(h.state() == "closed");
    }
  }
  SUBCASE("a comment over 1000 characters is asked again") {
    CHECK(Transcript(h.Send(std::string(1001, 'x')).answer) == "留言最多 1000 个字，请精简一些，或回复“跳过”。");
    CHECK(h.state() == "feedback.comment");
  }
}

TEST_CASE("dialog: a complaint at any point gets a ticket and returns the client where they were") {
  DialogHarness h;
  h.CompleteIntake();
  h.Send("5");
  CHECK(Transcript(h.Send("投诉").answer) ==
        "很抱歉给你带来不好的体验。我会记录你的投诉并交给负责人处理；为处理投诉，我们会保存你填写的内容和联系方式。 | "
        "你的投诉主要涉及哪方面？ [service counsellor assessment privacy other]");
  h.Send("3");
  CHECK(Transcript(h.Send("太短").answer) == "请用 5 到 1000 个字描述发生了什么。");
  h.Send("测评题目翻译得不太通顺，有几题看不懂");
  const TurnResult& filed = h.Send("跳过");
  auto complaints = EventsOf<ComplaintFiled>(h.events());
  REQUIRE(complaints.size() == 1);
  CHECK(complaints[0].category == "assessment");
  CHECK(complaints[0].description == "测评题目翻译得不太通顺，有几题看不懂");
  CHECK_FALSE(complaints[0].contact.has_value());
  const std::string ticket = complaints[0].ticket;
  CHECK(ticket.size() == 10);
  CHECK(ticket.rfind("C-", 0) == 0);
  CHECK(Transcript(filed.answer) ==
        "你的投诉已受理，编号 " + ticket + "。负责人会在 2 个工作日内回复你。发送“查询投诉 " + ticket +
            "”可以查看进度。 | 第 2/48 题：研究人体的结构 [1 2 3 4 5]");
  CHECK(filed.state == "assessment.item");
  CHECK(h.last().answer.replies.back().text.find("第 2/48 题") == 0);
  CHECK(Transcript(h.Send("查询投诉 " + ticket).answer).rfind("投诉 " + ticket + "（2023-11-15）：已受理 | 第 2/48 题", 0) == 0);
  CHECK(Transcript(h.Send("查询投诉 C-00000000").answer)
            .rfind("没有找到编号为 C-00000000 的投诉。", 0) == 0);
}

TEST_CASE("dialog: distress is answered at once, raises an urgent hand-off, and lets the client go on") {
  for (const char* message : {"我真的不想活了", "我没想过自杀，但是活不下去了", "I want to kill myself"}) {
    CAPTURE(message);
    DialogHarness h;
    h.CompleteIntake();
    const TurnResult& r = h.Send(message);
    REQUIRE(r.answer.replies.size() == 1);
    CHECK(r.answer.replies[0].text.find("12356") != std::string::npos);
    CHECK(r.state == "assessment.item");
    auto handoffs = EventsOf<HandoffRequested>(h.events());
    REQUIRE(handoffs.size() == 1);
    CHECK(handoffs[0].reason == "distress");
    CHECK(handoffs[0].urgent);
    CHECK(EventsOf<AnswerRecorded>(h.events()).empty());
    CHECK(h.Send("3").answer.progress->done == 1);  // and the client goes on
  }
  for (const char* message : {"我不想死", "累死了", "我从没想过自杀", "I would never kill myself"}) {
    CAPTURE(message);
    DialogHarness h;
    h.CompleteIntake();
    h.Send(message);
    CHECK(EventsOf<HandoffRequested>(h.events()).empty());
  }
}

TEST_CASE("dialog: my data, deleting it, language, human, agreement") {
  DialogHarness h;
  h.CompleteIntake();
  SUBCASE("my data lists what is kept") {
    const std::string text = h.Send("我的信息").answer.replies.at(0).text;
    CHECK(text.rfind("我们保存的关于你的信息：\n• 你的资料：称呼：小明；年龄：28；学历：本科；", 0) == 0);
    CHECK(text.find("兴趣爱好：阅读、运动健身") != std::string::npos);
    CHECK(text.find("最看重的：发展空间、收入、成就感") != std::string::npos);
    CHECK(text.find("• 服务协议：已同意（版本 2026-11-27.1，2023-11-15）") != std::string::npos);
  }
  SUBCASE("deleting asks for confirmation, then starts again without consent") {
    CHECK(h.Send("删除我的信息").state == "privacy.confirm_delete");
    SUBCASE("cancel") {
      CHECK(Transcript(h.Send("取消").answer) ==
            "好的，没有删除任何信息。 | 第 1/48 题：在发货前检验零部件的质量 [1 2 3 4 5]");
      CHECK(EventsOf<DataErasureRequested>(h.events()).empty());
    }
    SUBCASE("confirm") {
      const TurnResult& r = h.Send("确定删除");
      CHECK(r.state == "consent.notice");
      CHECK_FALSE(r.consented);
      CHECK(Transcript(r.answer) == std::string("你的个人信息已删除。 | ") + kNotice);
      CHECK(EventsOf<DataErasureRequested>(h.events()).size() == 1);
      CHECK(r.context_json.find("小明") == std::string::npos);
    }
  }
  SUBCASE("English switches the language at once") {
    CHECK(Transcript(h.Send("English").answer) ==
          "All right, we will continue in English. | Item 1/48: Test the quality of parts before shipment [1 2 3 4 5]");
    CHECK(Transcript(h.Send("中文").answer) ==
          std::string("好的，接下来用中文交流。 | ") + kFirstItem);
  }
  SUBCASE("human records a hand-off and says what happens next") {
    CHECK(Transcript(h.Send("人工").answer) ==
          std::string("已为你通知职业规划咨询师，咨询师会在工作时间尽快在这里回复你。在此期间你可以继续当前的步骤。 | ") +
              kFirstItem);
    auto handoffs = EventsOf<HandoffRequested>(h.events());
    REQUIRE(handoffs.size() == 1);
    CHECK(handoffs[0].reason == "client_request");
    CHECK_FALSE(handoffs[0].urgent);
  }
  SUBCASE("the agreement can be read again at any time") {
    const TurnResult& r = h.Send("协议");
    REQUIRE(r.answer.replies.size() == 4);
    CHECK(r.answer.replies[0].text == "这是我们的服务协议（版本 2026-11-27.1）：");
    CHECK(r.answer.replies[2].text == "你已于 2023-11-15 签署了这份协议。");
    CHECK(r.answer.replies[3].text == "第 1/48 题：在发货前检验零部件的质量");
  }
}

TEST_CASE("dialog: the conversation in English") {
  DialogHarness h("en");
  CHECK(h.Send("hello").answer.replies.at(0).text.rfind("Hello! This is the career-planning assistant of 测试机构.", 0) == 0);
  h.Send("yes");
  CHECK(Transcript(h.last().answer) ==
        "Thank you for your trust. Let us get to know each other first. | What should I call you?");
  h.Send("Ming");
  h.Send("skip");
  CHECK(Transcript(h.Send("28 years old").answer) ==
        "What is your highest level of education? [junior_high_or_below senior_high junior_college bachelor "
        "master doctorate]");
}

TEST_CASE("dialog: a snapshot that no longer fits the flow starts the step again") {
  DialogHarness h;
  h.CompleteIntake();
  std::string ctx = h.context_json();
  const auto pos = ctx.find("\"answers\":[");
  REQUIRE(pos != std::string::npos);
  ctx.replace(pos, std::string("\"answers\":[").size(), "\"answers\":[1,");
  const auto at = ctx.find("\"answered_at_ms\":[");
  ctx.replace(at, std::string("\"answered_at_ms\":[").size(), "\"answered_at_ms\":[1,");
  dialog::Inbound in;
  in.text = "5";
  TurnResult r;
  std::unique_ptr<DialogEngine> engine;
  EngineOptions options;
  options.institution_name = "测试机构";
  REQUIRE(DialogEngine::Create(testing::ShippedKnowledge(), options, &engine).ok());
  REQUIRE(engine->Process({"assessment.item", ctx, 0, nullptr}, in, &r).ok());
  CHECK(r.state == "intake.field");
  CHECK(Transcript(r.answer) == std::string("服务流程已更新，我们从当前阶段的开头继续。 | ") + kNamePrompt);
}

TEST_CASE("dialog: a malformed snapshot is an error, not a guess") {
  std::unique_ptr<DialogEngine> engine;
  EngineOptions options;
  options.institution_name = "测试机构";
  REQUIRE(DialogEngine::Create(testing::ShippedKnowledge(), options, &engine).ok());
  dialog::Inbound in;
  in.text = "hi";
  TurnResult r;
  CHECK(engine->Process({"intake.field", "{not json", 0, nullptr}, in, &r).code() == Status::Code::kInvalidArgument);
}

// Drives a fresh conversation into `state`.
void DriveTo(DialogHarness& h, const std::string& state) {
  h.Send("你好");
  if (state == "consent.notice") return;
  if (state == "consent.declined") {
    h.Send("不同意");
    return;
  }
  if (state == "intake.field") {
    h.Send("同意");
    return;
  }
  h.CompleteSurvey();
  if (state == "agreement.offer") return;
  h.Send("同意");
  if (state == "plan.proposal") return;
  h.Send("调整测评");
  h.Send("1");
  if (state == "assessment.item") return;
  for (int i = 0; i < 48; ++i) h.Send("3");
  if (state == "feedback.rating") return;
  h.Send("4");
  if (state == "feedback.goals") return;
  h.Send("1");
  if (state == "feedback.comment") return;
  h.Send("跳过");
}

TEST_CASE("dialog: help and restart work in every state") {
  for (const std::string state : {"consent.notice", "consent.declined", "intake.field", "agreement.offer",
                                  "plan.proposal", "assessment.item", "feedback.rating", "feedback.goals",
                                  "feedback.comment", "closed"}) {
    CAPTURE(state);
    DialogHarness h;
    DriveTo(h, state);
    REQUIRE(h.state() == state);
    const std::string before = h.context_json();
    const TurnResult& help = h.Send("help");
    CHECK(help.state == state);
    CHECK(help.answer.replies.at(0).text == kHelp);
    CHECK(help.answer.replies.size() >= 2);
    CHECK(h.context_json() == before);  // help changes nothing

    const TurnResult& restart = h.Send("重新开始");
    CHECK(restart.answer.replies.at(0).text == "好的，我们从头开始。");
    const bool consented = state != "consent.notice" && state != "consent.declined";
    CHECK(restart.state == (consented ? "intake.field" : "consent.notice"));
  }
}

}  // namespace
}  // namespace careerbot::dialog
