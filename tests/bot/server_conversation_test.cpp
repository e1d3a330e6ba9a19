// The real server on a free port with a temporary database, driven over HTTP the
// way a caller of the JSON channel drives it.
#include <doctest/doctest.h>

#include "tests/bot/api_client.h"
#include "tests/support/database_probe.h"
#include "tests/support/server_process.h"
#include "tests/support/temp_dir.h"

namespace careerbot::testing {
namespace {

TEST_CASE("server: /healthz answers ok when the store answers") {
  TempDir dir;
  ServerProcess server(dir.path());
  auto res = server.Client().Get("/healthz");
  REQUIRE(res);
  CHECK(res->status == 200);
  CHECK(res->body == R"({"status":"ok"})");
  CHECK(res->get_header_value("Content-Type") == "application/json");
}

TEST_CASE("server: a whole conversation over the JSON channel, recorded in the database") {
  TempDir dir;
  ServerProcess server(dir.path());
  const std::string db = dir.File("careerbot.db");
  ApiConversation chat(server.port(), "client-1");

  ApiReply first = chat.Send("你好，我叫王小明");
  CHECK(first.status == 200);
  CHECK(first.state() == "consent.notice");
  CHECK(first.json.at("replies").size() == 2);
  CHECK(first.json.at("replies").at(1).at("choices") ==
        nlohmann::json::parse(R"([{"id":"agree","label":"同意"},{"id":"decline","label":"不同意"}])"));
  CHECK_FALSE(first.json.contains("progress"));
  // Nothing the client wrote before agreeing is kept.
  CHECK_FALSE(FilesContain(db, "王小明"));
  CHECK(QueryInt(db, "SELECT count(*) FROM messages WHERE direction = 'in' AND text IS NOT NULL") == 0);

  CHECK(chat.Send("同意").texts() == "谢谢你的信任。我们先简单认识一下。 | 我该怎么称呼你？");
  ApiReply item1;
  for (size_t i = 2; i < ApiConversation::IntakeMessages().size(); ++i) {
    item1 = chat.Send(ApiConversation::IntakeMessages()[i]);
    REQUIRE(item1.status == 200);
  }
  CHECK(item1.state() == "assessment.item");
  CHECK(item1.json.at("progress") == nlohmann::json::parse(R"({"done":0,"total":48})"));
  CHECK(item1.json.at("replies").back().at("text") == "第 1/48 题：在发货前检验零部件的质量");
  CHECK(item1.json.at("replies").back().at("choices").size() == 5);

  // R 5, I 4, A 3, S 2, E 1, C 1: the items come in the order R I A S E C.
  const char* by_position[] = {"5", "4", "3", "2", "1", "1"};
  ApiReply last;
  for (int i = 0; i < 48; ++i) {
    last = chat.Send(by_position[i % 6]);
    REQUIRE(last.status == 200);
    if (i < 47) {
      CHECK(last.json.at("progress").at("done") == i + 1);
    }
  }
  CHECK(last.state() == "feedback.rating");
  CHECK(last.json.at("replies").at(0).at("text") ==
        "《职业兴趣量表（IIP RIASEC 48 题）》结果：\n"
        "• 现实型（R）：40 分（8–40） · 较高\n• 研究型（I）：32 分（8–40） · 较高\n• 艺术型（A）：24 分（8–40） · 中等\n"
        "• 社会型（S）：16 分（8–40） · 较低\n• 企业型（E）：8 分（8–40） · 较低\n• 常规型（C）：8 分（8–40） · 较低\n"
        "你的霍兰德代码：RIA（得分最高的三个类型）。\n这份测评还没有常模，所以只显示原始分和你自己的排序。\n"
        "你得分最高的是现实型：你喜欢动手做事、操作工具或设备，重视实际可见的成果。\n"
        "注意：你每题作答时间的中位数约为 0 秒，短于通常阅读所需的 1.5 秒，这份结果的可靠性可能不足，咨询师会和你一起核实。");
  chat.Send("5");
  chat.Send("达成了");
  ApiReply closing = chat.Send("很有帮助，谢谢");
  CHECK(closing.state() == "closed");
  CHECK(closing.texts() == "感谢你，小明！本次服务到此结束。咨询师完成报告后会通知你。祝你职业发展顺利！");

  CHECK(QueryInt(db, "SELECT count(*) FROM clients") == 1);
  CHECK(QueryInt(db, "SELECT count(*) FROM consents WHERE accepted = 1 AND document = 'privacy_notice' "
                     "AND version = '2026-11-27.3' AND channel = 'api'") == 1);
  CHECK(QueryInt(db, "SELECT count(*) FROM consents WHERE accepted = 1 AND document = 'service_agreement' "
                     "AND version = '2026-11-27.1'") == 1);
  CHECK(nlohmann::json::parse(QueryDecrypted(db, "needs_surveys.survey", "SELECT survey FROM needs_surveys"))
            .at("target_city") == "上海");
  CHECK(QueryText(db, "SELECT group_concat(status || ':' || source, ' ') FROM service_plans") ==
        "proposed:bot confirmed:client");
  CHECK(QueryDecrypted(db, "client_profile.value", "SELECT value FROM client_profile WHERE field = 'name'") == "小明");
  CHECK(QueryDecrypted(db, "client_profile.value", "SELECT value FROM client_profile WHERE field = 'age'") == "28");
  CHECK(QueryDecrypted(db, "client_profile.value", "SELECT value FROM client_profile WHERE field = 'education'") == "bachelor");
  CHECK(QueryDecrypted(db, "client_profile.value", "SELECT value FROM client_profile WHERE field = 'goal'") == "job_seeking");
  CHECK(QueryDecrypted(db, "client_profile.value", "SELECT value FROM client_profile WHERE field = 'values'") == "growth,income,achievement");
  CHECK(QueryInt(db, "SELECT count(*) FROM client_profile WHERE field = 'gender'") == 0);  // skipped
  CHECK(QueryInt(db, "SELECT count(*) FROM assessment_answers WHERE instrument = 'iip_riasec_48'") == 48);
  CHECK(QueryInt(db, "SELECT sum(value) FROM assessment_answers") == 8 * (5 + 4 + 3 + 2 + 1 + 1));
  CHECK(nlohmann::json::parse(QueryDecrypted(db, "assessment_results.result_json",
                                             "SELECT result_json FROM assessment_results"))
            .at("holland_code") == "RIA");
  CHECK(QueryInt(db, "SELECT rating FROM feedback") == 5);
  CHECK(QueryText(db, "SELECT goals_met FROM feedback") == "yes");
  CHECK(QueryDecrypted(db, "feedback.comment", "SELECT comment FROM feedback") == "很有帮助，谢谢");
  // One inbound row per message sent (20 to item 1, 48 items, 3 for feedback), the
  // first one without its text.
  CHECK(QueryInt(db, "SELECT count(*) FROM messages WHERE direction = 'in'") == 71);
  CHECK(QueryInt(db, "SELECT count(*) FROM messages WHERE direction = 'in' AND text IS NULL") == 1);
  CHECK(QueryText(db, "SELECT state FROM sessions") == "closed");
}

TEST_CASE("server: the same (user, id) twice is answered the same and processed once") {
  TempDir dir;
  ServerProcess server(dir.path());
  const std::string db = dir.File("careerbot.db");
  ApiConversation chat(server.port(), "client-dup");
  chat.ThroughIntake();
  ApiReply once = chat.SendWithId("5", "answer-1");
  ApiReply again = chat.SendWithId("5", "answer-1");
  CHECK(once.status == 200);
  CHECK(again.status == 200);
  CHECK(again.body == once.body);
  CHECK(once.json.at("progress").at("done") == 1);
  CHECK(QueryInt(db, "SELECT count(*) FROM messages WHERE direction = 'in' AND message_id = 'answer-1'") == 1);
  CHECK(QueryInt(db, "SELECT count(*) FROM assessment_answers") == 1);
  // The next message continues from item 2, not item 3.
  CHECK(chat.Send("4").json.at("progress").at("done") == 2);
}

TEST_CASE("server: killed in the middle of the questionnaire, it continues at the same item") {
  TempDir dir;
  {
    ServerProcess server(dir.path());
    ApiConversation chat(server.port(), "client-kill");
    chat.ThroughIntake();
    for (int i = 0; i < 5; ++i) REQUIRE(chat.SendWithId("3", "item-" + std::to_string(i)).status == 200);
    server.Kill();
  }
  ServerProcess restarted(dir.path());
  ApiConversation chat(restarted.port(), "client-kill");
  ApiReply next = chat.SendWithId("4", "item-5");
  CHECK(next.status == 200);
  CHECK(next.json.at("replies").back().at("text") == "第 7/48 题：砌砖或铺瓷砖");
  CHECK(next.json.at("progress") == nlohmann::json::parse(R"({"done":6,"total":48})"));
  CHECK(QueryInt(dir.File("careerbot.db"), "SELECT count(*) FROM assessment_answers") == 6);
}

}  // namespace
}  // namespace careerbot::testing
