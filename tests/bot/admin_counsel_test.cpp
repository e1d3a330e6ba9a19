// Counsellors in a client's conversation through the admin API, against the real
// server: a hand-off both ways (the JSON channel, whose client hears the
// counsellor in their next answer, and Telegram, where the outbox delivers at
// once), an approved plan driving the assessments, and a closed case asking for
// feedback; refused actions answer 409 and change nothing.
#include <doctest/doctest.h>

#include <optional>
#include <string>
#include <vector>

#include "tests/bot/admin_testing.h"
#include "tests/bot/api_client.h"
#include "tests/support/channel_requests.h"
#include "tests/support/database_probe.h"
#include "tests/support/fake_platform.h"

namespace careerbot::testing {
namespace {

using nlohmann::json;

const char kJoined[] = "咨询师王老师已加入对话。接下来你写的内容会直接发给咨询师，机器人暂不回复。";
const char kEnded[] = "咨询师已结束本次交流。我们从刚才的地方继续。";
const char kItem1[] = "第 1/48 题：在发货前检验零部件的质量";

std::vector<std::string> Texts(const json& told) {
  std::vector<std::string> out;
  for (const auto& t : told) out.push_back(t.get<std::string>());
  return out;
}

TEST_CASE("admin counsel: a hand-off over the JSON channel, both ways, and back to the flow") {
  TempDir dir;
  ServerProcess server(dir.path());
  const StaffToken wang = AddStaff(dir.path(), "王老师", "professional", "consultant");
  const StaffToken li = AddStaff(dir.path(), "李老师", "professional", "coach");
  const StaffToken admin = AddStaff(dir.path(), "Admin", "admin", "admin");
  ApiConversation client(server.port(), "client-1");
  client.ThroughIntake();
  ApiReply asked = client.Send("人工");
  REQUIRE(asked.status == 200);
  CHECK(asked.state() == "assessment.item");

  AdminReply open = AdminGet(server.port(), "/admin/api/v1/handoffs?status=open", wang.token);
  REQUIRE(open.status == 200);
  REQUIRE(open.json.at("handoffs").size() == 1);
  CHECK(open.json["handoffs"][0]["id"] == 1);
  CHECK(open.json["handoffs"][0]["client_id"] == 1);
  CHECK(open.json["handoffs"][0]["reason"] == "client_request");

  const std::string base = "/admin/api/v1/handoffs/1";
  AdminReply early = AdminRequest(server.port(), "POST", base + "/messages", wang.token, R"({"text":"在吗"})");
  CHECK(early.status == 409);
  CHECK(early.json["error"]["code"] == "conflict");
  CHECK(early.json["error"]["message"] == "the hand-off is open, not taken");

  AdminReply taken = AdminRequest(server.port(), "POST", base + "/take", wang.token);
  REQUIRE_MESSAGE(taken.status == 200, taken.body);
  CHECK(Texts(taken.json["told"]) == std::vector<std::string>{kJoined});
  CHECK(taken.json["delivery"] == "with_next_reply");
  CHECK(taken.json["state"] == "handoff.counselling");
  CHECK(taken.json["handoff"]["status"] == "taken");
  CHECK(taken.json["handoff"]["taken_by"] == wang.id);
  CHECK(AdminRequest(server.port(), "POST", base + "/take", li.token).status == 409);

  // The client hears the counsellor joined; the bot stays quiet from now on.
  ApiReply first = client.Send("我想聊聊转行");
  CHECK(first.texts() == kJoined);
  CHECK(first.state() == "handoff.counselling");
  ApiReply quiet = client.Send("帮助");
  CHECK(quiet.json["replies"].empty());

  AdminReply read = AdminGet(server.port(), base + "/messages", wang.token);
  REQUIRE(read.status == 200);
  json from_client = json::array();
  for (const auto& m : read.json["messages"]) {
    if (m["from"] == "client") from_client.push_back(m["text"]);
  }
  CHECK(from_client == json({"人工", "我想聊聊转行", "帮助"}));
  const int64_t seen = read.json["last"];

  AdminReply not_theirs =
      AdminRequest(server.port(), "POST", base + "/messages", li.token, R"({"text":"我是李老师"})");
  CHECK(not_theirs.status == 409);
  CHECK(not_theirs.json["error"]["message"] == "the hand-off was taken by staff " + std::to_string(wang.id));
  CHECK(AdminRequest(server.port(), "POST", base + "/messages", wang.token, R"({"text":""})").status == 400);
  CHECK(AdminRequest(server.port(), "POST", base + "/messages", wang.token, R"({"txt":"x"})").status == 400);

  AdminReply wrote =
      AdminRequest(server.port(), "POST", base + "/messages", wang.token, R"({"text":"你好，我是王老师。"})");
  REQUIRE(wrote.status == 200);
  CHECK(Texts(wrote.json["told"]) == std::vector<std::string>{"【咨询师王老师】你好，我是王老师。"});
  CHECK(client.Send("好的").texts() == "【咨询师王老师】你好，我是王老师。");

  AdminReply newer = AdminGet(server.port(), base + "/messages?after=" + std::to_string(seen), wang.token);
  REQUIRE(newer.status == 200);
  json lines = json::array();
  for (const auto& m : newer.json["messages"]) lines.push_back(m["from"].get<std::string>() + ": " + m["text"].get<std::string>());
  CHECK(lines == json({"staff: 你好，我是王老师。", "bot: 【咨询师王老师】你好，我是王老师。", "client: 好的"}));

  AdminReply ended = AdminRequest(server.port(), "POST", base + "/end", wang.token);
  REQUIRE(ended.status == 200);
  CHECK(Texts(ended.json["told"]) == std::vector<std::string>{kEnded, kItem1});
  CHECK(ended.json["state"] == "assessment.item");
  CHECK(ended.json["handoff"]["status"] == "ended");
  CHECK(AdminRequest(server.port(), "POST", base + "/end", wang.token).status == 409);

  // Back in the assessment where the client was.
  ApiReply back = client.Send("4");
  CHECK(back.state() == "assessment.item");
  CHECK(back.json["progress"]["done"] == 1);
  CHECK(back.json["replies"][0]["text"] == kEnded);

  // Every action was audited with the client it concerns.
  AdminReply audit = AdminGet(server.port(), "/admin/api/v1/audit", admin.token);
  REQUIRE(audit.status == 200);
  std::vector<std::string> actions;
  for (const auto& e : audit.json["entries"]) {
    const std::string action = e["action"];
    if (action.rfind("handoff.", 0) == 0) {
      actions.push_back(action);
      CHECK(e["client_id"] == 1);
    }
  }
  CHECK(actions == std::vector<std::string>{"handoff.take", "handoff.messages.read", "handoff.write",
                                            "handoff.messages.read", "handoff.end"});
  AdminReply detail = AdminGet(server.port(), "/admin/api/v1/cases/1", wang.token);
  CHECK(detail.json["handoffs"][0]["status"] == "ended");
  CHECK(detail.json["handoffs"][0]["taken_by"] == wang.id);
}

TEST_CASE("admin counsel: an approved plan drives the assessments, closing asks for feedback") {
  TempDir dir;
  ServerProcess server(dir.path());
  const StaffToken wang = AddStaff(dir.path(), "王老师", "professional", "consultant");
  ApiConversation client(server.port(), "client-1");
  client.ThroughIntake();  // the interest assessment alone, at item 1
  const std::string plan = "/admin/api/v1/cases/1/plan";

  for (const auto& [body, message] : std::vector<std::pair<std::string, std::string>>{
           {R"({"assessments":[]})", "assessments: must be a list of 1 to 20 instrument ids"},
           {R"({"assessments":["nope"]})", "assessments[0]: not an instrument of this service"},
           {R"({"assessments":["caas_24","caas_24"]})", "assessments[1]: named twice"},
           {R"([1])", "the body must be a JSON object"}}) {
    AdminReply bad = AdminRequest(server.port(), "POST", plan, wang.token, body);
    CHECK(bad.status == 400);
    CHECK(bad.json["error"]["message"] == message);
  }
  CHECK(AdminRequest(server.port(), "POST", "/admin/api/v1/cases/9/plan", wang.token,
                     R"({"assessments":["caas_24"]})").status == 404);

  AdminReply approved = AdminRequest(server.port(), "POST", plan, wang.token,
                                     R"({"assessments":["caas_24","iip_riasec_48"],"note":"先看适应力"})");
  REQUIRE_MESSAGE(approved.status == 200, approved.body);
  CHECK(Texts(approved.json["told"]) ==
        std::vector<std::string>{"你的职业规划咨询师确认了你的服务方案，测评如下：\n1. 生涯适应力量表（CAAS 24 题）\n"
                                 "2. 职业兴趣量表（IIP RIASEC 48 题）"});
  CHECK(approved.json["plan"]["version"] == 3);
  CHECK(approved.json["plan"]["source"] == "counsellor");
  AdminReply detail = AdminGet(server.port(), "/admin/api/v1/cases/1", wang.token);
  CHECK(detail.json["plans"].back()["version"] == 3);
  CHECK(detail.json["plans"].back()["status"] == "confirmed");
  CHECK(detail.json["plans"].back()["rationale"]["counsellor_note"] == "先看适应力");

  // The interest assessment under way goes on; the approved one follows it.
  ApiReply told = client.Send("3");
  CHECK(told.json["replies"][0]["text"].get<std::string>().rfind("你的职业规划咨询师确认了你的服务方案", 0) == 0);
  ApiReply reply = told;
  for (int i = 1; i < 48; ++i) reply = client.Send("3");
  CHECK(reply.state() == "assessment.item");
  CHECK(reply.json["progress"]["total"] == 24);

  // A note for the other staff, kept with who wrote it.
  AdminReply note = AdminRequest(server.port(), "POST", "/admin/api/v1/cases/1/notes", wang.token,
                                 R"({"text":"先看适应力，再谈方向。"})");
  REQUIRE(note.status == 201);
  CHECK(note.json["staff_id"] == wang.id);
  AdminReply empty = AdminRequest(server.port(), "POST", "/admin/api/v1/cases/1/notes", wang.token, R"({"text":""})");
  CHECK(empty.status == 400);
  CHECK(empty.json["error"]["message"] == "text: must be 1 to 4000 bytes");
  detail = AdminGet(server.port(), "/admin/api/v1/cases/1", wang.token);
  REQUIRE(detail.json["notes"].size() == 1);
  CHECK(detail.json["notes"][0]["text"] == "先看适应力，再谈方向。");
  CHECK(detail.json["notes"][0]["id"] == note.json["id"]);

  AdminReply closed = AdminRequest(server.port(), "POST", "/admin/api/v1/cases/1/close", wang.token);
  REQUIRE(closed.status == 200);
  CHECK(closed.json["state"] == "feedback.rating");
  CHECK(Texts(closed.json["told"])[0] ==
        "你的职业生涯规划服务已完成，服务协议约定的事项均已履行。感谢你的信任！最后想请你对本次服务做个评价。");
  AdminReply again = AdminRequest(server.port(), "POST", "/admin/api/v1/cases/1/close", wang.token);
  CHECK(again.status == 409);
  CHECK(again.json["error"]["message"] == "the case is closed");
  CHECK(AdminRequest(server.port(), "POST", plan, wang.token, R"({"assessments":["caas_24"]})").status == 409);

  detail = AdminGet(server.port(), "/admin/api/v1/cases/1", wang.token);
  CHECK(detail.json["status"] == "closed");
  CHECK(detail.json["closure"]["closed_by"] == wang.id);
  ApiReply rating = client.Send("5");
  CHECK(rating.state() == "feedback.goals");
  detail = AdminGet(server.port(), "/admin/api/v1/cases/1", wang.token);
  REQUIRE(detail.json["feedback"].size() == 0);  // the rating is kept with the rest at the end
  client.Send("是");
  client.Send("没有了");
  detail = AdminGet(server.port(), "/admin/api/v1/cases/1", wang.token);
  REQUIRE(detail.json["feedback"].size() == 1);
  CHECK(detail.json["feedback"][0]["rating"] == 5);
}

TEST_CASE("admin counsel: a client's personal data erased at their request, told to them, audited") {
  TempDir dir;
  ServerProcess server(dir.path());
  const StaffToken wang = AddStaff(dir.path(), "王老师", "professional", "consultant");
  const StaffToken admin = AddStaff(dir.path(), "Admin", "admin", "admin");
  ApiConversation client(server.port(), "client-1");
  client.ThroughIntake();
  AdminReply erased = AdminRequest(server.port(), "POST", "/admin/api/v1/clients/1/erase", wang.token);
  REQUIRE_MESSAGE(erased.status == 200, erased.body);
  CHECK(Texts(erased.json["told"])[0] == "你的个人信息已删除。");
  CHECK(erased.json["state"] == "consent.notice");
  AdminReply detail = AdminGet(server.port(), "/admin/api/v1/cases/1", wang.token);
  CHECK(detail.json["profile"] == json::object());
  CHECK(detail.json["plans"] == json::array());
  for (const auto& m : detail.json["messages"]) {
    // Only the erasure's own rows keep a text: the action and what the client was told.
    if (!m["text"].is_null()) CHECK(m["staff_id"].is_null() == (m["direction"] == "out"));
  }
  const std::string db = dir.File("careerbot.db");
  CHECK(QueryInt(db, "SELECT count(*) FROM client_profile") == 0);
  CHECK(QueryInt(db, "SELECT count(*) FROM messages WHERE text LIKE '%小明%'") == 0);
  AdminReply audit = AdminGet(server.port(), "/admin/api/v1/audit", admin.token);
  bool logged = false;
  for (const auto& e : audit.json["entries"]) {
    logged = logged || (e["action"] == "client.erase" && e["client_id"] == 1 && e["staff_id"] == wang.id);
  }
  CHECK(logged);
  // The client hears it first in their next answer, and starts again at the notice.
  ApiReply next = client.Send("你好");
  CHECK(next.json["replies"][0]["text"] == "你的个人信息已删除。");
  CHECK(AdminRequest(server.port(), "POST", "/admin/api/v1/clients/9/erase", wang.token).status == 404);
}

TEST_CASE("admin counsel: a Telegram client hears the counsellor at once, through the outbox") {
  TempDir dir;
  FakePlatform platform;
  platform.SetHandler([](const FakePlatform::Call&, const std::vector<FakePlatform::Call>&) {
    return FakePlatform::Answer{200, R"({"ok":true,"result":{}})"};
  });
  ServerProcess server(dir.path(), {"--config", WriteChannelConfig(dir, {{"telegram", {{"main", TelegramEntry(platform.base())}}}})});
  const StaffToken wang = AddStaff(dir.path(), "王老师", "professional", "consultant");
  auto post = [&](int64_t update, const std::string& text) {
    httplib::Headers headers{{"X-Telegram-Bot-Api-Secret-Token", kTgSecret}};
    auto res = server.Client().Post("/telegram/main", headers, TgMessage(update, 42, text), "application/json");
    REQUIRE(res);
    REQUIRE(res->status == 200);
  };
  post(1, "/start");
  post(2, "同意");
  post(3, "人工");
  AdminReply open = AdminGet(server.port(), "/admin/api/v1/handoffs?status=open", wang.token);
  REQUIRE(open.json["handoffs"].size() == 1);
  const std::string base = "/admin/api/v1/handoffs/" + std::to_string(open.json["handoffs"][0]["id"].get<int64_t>());
  // The index of the first sendMessage call whose text is `text`, once it arrived.
  auto sent_index = [&](const std::string& text) -> std::optional<size_t> {
    std::optional<size_t> found;
    platform.WaitFor([&](const std::vector<FakePlatform::Call>& calls) {
      for (size_t i = 0; i < calls.size(); ++i) {
        const json body = json::parse(calls[i].body, nullptr, false);
        if (calls[i].path.ends_with("/sendMessage") && body.is_object() && body.value("text", "") == text) {
          CHECK(body["chat_id"] == 42);
          found = i;
          return true;
        }
      }
      return false;
    });
    return found;
  };

  AdminReply taken = AdminRequest(server.port(), "POST", base + "/take", wang.token);
  REQUIRE(taken.status == 200);
  CHECK(taken.json["delivery"] == "queued");
  const std::optional<size_t> joined = sent_index(kJoined);
  REQUIRE(joined);

  post(4, "你好");  // the bot stays quiet: nothing is sent for it
  AdminReply wrote = AdminRequest(server.port(), "POST", base + "/messages", wang.token, R"({"text":"你好，请讲。"})");
  REQUIRE(wrote.status == 200);
  const std::optional<size_t> message = sent_index("【咨询师王老师】你好，请讲。");
  REQUIRE(message);
  // A client's calls go out in order: nothing came between the two.
  CHECK(*message == *joined + 1);
}

}  // namespace
}  // namespace careerbot::testing
