// The admin API reads back what clients did over the JSON channel, with exact
// values, and every read is in the audit log.
#include <doctest/doctest.h>

#include <chrono>
#include <ctime>

#include "tests/bot/admin_testing.h"
#include "tests/bot/api_client.h"
#include "tests/support/database_probe.h"

namespace careerbot::testing {
namespace {

using nlohmann::json;

// Status and state of each case, in one line: "1 closed closed | 2 needs_survey consent.notice".
std::string Cases(const json& page) {
  std::string out;
  for (const auto& c : page.at("cases")) {
    out += (out.empty() ? "" : " | ") + std::to_string(c.at("client_id").get<int64_t>()) + " " +
           c.at("status").get<std::string>() + " " + c.at("state").get<std::string>() + " " +
           c.at("channel").get<std::string>();
  }
  return out;
}

std::string TodayUtc() {
  const std::time_t now = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
  std::tm tm{};
  gmtime_r(&now, &tm);
  char buf[11];
  std::strftime(buf, sizeof buf, "%Y-%m-%d", &tm);
  return buf;
}

TEST_CASE(
    "admin api: three clients' services read back as cases, hand-offs, complaints and feedback") {
  TempDir dir;
  ServerProcess server(dir.path());
  const std::string db = dir.File("careerbot.db");
  const StaffToken pro = AddStaff(dir.path(), "王老师", "professional", "consultant");
  const int port = server.port();

  // Client 1: the whole service, to its end.
  ApiConversation a(port, "client-a");
  a.ThroughIntake();
  const char* by_position[] = {"5", "4", "3", "2", "1", "1"};
  for (int i = 0; i < 48; ++i) REQUIRE(a.Send(by_position[i % 6]).status == 200);
  a.Send("5");
  a.Send("达成了");
  REQUIRE(a.Send("很有帮助，谢谢").state() == "closed");
  // Client 2: a complaint before anything else.
  ApiConversation b(port, "client-b");
  for (const char* text : {"你好", "投诉", "个人信息与隐私",
                           "隐私告知写得不够清楚，我不知道数据保存多久", "13800000000"}) {
    REQUIRE(b.Send(text).status == 200);
  }
  // Client 3: through the intake, then asks for a person.
  ApiConversation c(port, "client-c");
  c.ThroughIntake();
  REQUIRE(c.Send("人工").status == 200);

  AdminReply all = AdminGet(port, "/admin/api/v1/cases", pro.token);
  REQUIRE(all.status == 200);
  CHECK(Cases(all.json) ==
        "1 closed closed api | 2 needs_survey consent.notice api | 3 plan_approved assessment.item "
        "api");
  CHECK(all.json.at("next_cursor").is_null());

  SUBCASE("filtered and paged") {
    CHECK(Cases(AdminGet(port, "/admin/api/v1/cases?status=closed", pro.token).json) ==
          "1 closed closed api");
    CHECK(AdminGet(port, "/admin/api/v1/cases?status=in_progress", pro.token).json ==
          json::parse(R"({"cases":[],"next_cursor":null})"));
    AdminReply p1 = AdminGet(port, "/admin/api/v1/cases?limit=2", pro.token);
    CHECK(Cases(p1.json) == "1 closed closed api | 2 needs_survey consent.notice api");
    CHECK(p1.json.at("next_cursor") == "2");
    AdminReply p2 = AdminGet(port, "/admin/api/v1/cases?limit=2&cursor=2", pro.token);
    CHECK(Cases(p2.json) == "3 plan_approved assessment.item api");
    CHECK(p2.json.at("next_cursor").is_null());
    // A page that is exactly full says whether another match follows.
    AdminReply p3 = AdminGet(port, "/admin/api/v1/cases?limit=1&status=closed", pro.token);
    CHECK(p3.json.at("next_cursor").is_null());
    for (const char* bad : {"/admin/api/v1/cases?limit=0", "/admin/api/v1/cases?limit=201",
                            "/admin/api/v1/cases?cursor=x", "/admin/api/v1/cases?status=open"}) {
      AdminReply r = AdminGet(port, bad, pro.token);
      CHECK(r.status == 400);
      CHECK(r.json.at("error").at("code") == "invalid_argument");
    }
  }

  SUBCASE("one case with every record of it") {
    AdminReply one = AdminGet(port, "/admin/api/v1/cases/1", pro.token);
    REQUIRE(one.status == 200);
    const json& k = one.json;
    CHECK(k.at("status") == "closed");
    CHECK(k.at("profile").at("name") == "小明");
    REQUIRE(k.at("needs_surveys").size() == 1);
    CHECK(k.at("needs_surveys").at(0).at("survey").at("target_city") == "上海");
    std::string consents;
    for (const auto& x : k.at("consents")) {
      consents += x.at("document").get<std::string>() + "@" + x.at("version").get<std::string>() +
                  (x.at("accepted").get<bool>() ? " accepted " : " declined ") +
                  x.at("channel").get<std::string>() + ";";
    }
    CHECK(consents ==
          "privacy_notice@2026-11-27.3 accepted api;service_agreement@2026-11-27.1 accepted api;");
    REQUIRE(k.at("plans").size() >= 1);
    CHECK(k.at("plans").back().at("status") == "confirmed");
    CHECK(k.at("plans").back().at("assessments") == json::parse(R"(["iip_riasec_48"])"));
    REQUIRE(k.at("results").size() == 1);
    const json& result = k.at("results").at(0);
    CHECK(result.at("instrument") == "iip_riasec_48");
    CHECK(result.at("attempt") == 1);
    // Answered far faster than one can read: the too_fast check flags it.
    CHECK(result.at("valid") == false);
    std::string flagged;
    for (const auto& v : result.at("validity")) {
      if (v.at("flagged").get<bool>()) flagged += v.at("rule").get<std::string>() + ";";
    }
    CHECK(flagged == "too_fast;");
    CHECK(result.at("result").at("holland_code") == "RIA");
    CHECK(k.at("answers_count") == 48);
    REQUIRE(k.at("feedback").size() == 1);
    CHECK(k.at("feedback").at(0).at("rating") == 5);
    CHECK(k.at("feedback").at(0).at("goals_met") == "yes");
    CHECK(k.at("feedback").at(0).at("comment") == "很有帮助，谢谢");
    CHECK(k.at("complaints") == json::array());
    CHECK(k.at("handoffs") == json::array());
    // The journal: the first message came before consent, so its text was not kept.
    const json& messages = k.at("messages");
    CHECK(messages.at(0).at("direction") == "in");
    CHECK(messages.at(0).at("message_id") == "m1");
    CHECK(messages.at(0).at("text").is_null());
    size_t second = 1;
    while (second < messages.size() && messages.at(second).at("direction") != "in") ++second;
    REQUIRE(second < messages.size());
    CHECK(messages.at(second).at("message_id") == "m2");
    CHECK(messages.at(second).at("text") == "同意");
    CHECK(messages.back().at("direction") == "out");
    CHECK(messages.back().at("text") ==
          "感谢你，小明！本次服务到此结束。咨询师完成报告后会通知你。祝你职业发展顺利！");
    CHECK(AdminGet(port, "/admin/api/v1/cases/99", pro.token).status == 404);
    CHECK(QueryText(db,
                    "SELECT action || ' ' || object || ' ' || client_id || ' ' || staff_id || ' ' "
                    "|| remote_addr "
                    "FROM audit_log WHERE action = 'case.read' ORDER BY id") ==
          "case.read case 1 1 127.0.0.1");
  }

  SUBCASE("open hand-offs, complaints and feedback statistics") {
    AdminReply handoffs = AdminGet(port, "/admin/api/v1/handoffs?status=open", pro.token);
    REQUIRE(handoffs.status == 200);
    REQUIRE(handoffs.json.at("handoffs").size() == 1);
    json h = handoffs.json.at("handoffs").at(0);
    CHECK(h.at("requested_at_ms").get<int64_t>() > 0);
    h.erase("requested_at_ms");
    CHECK(h == json::parse(
                   R"({"id":1,"client_id":3,"reason":"client_request","urgent":false,"status":"open","taken_by":null})"));
    CHECK(AdminGet(port, "/admin/api/v1/handoffs?status=ended", pro.token).json ==
          json::parse(R"({"handoffs":[]})"));

    AdminReply complaints = AdminGet(port, "/admin/api/v1/complaints", pro.token);
    REQUIRE(complaints.json.at("complaints").size() == 1);
    json cm = complaints.json.at("complaints").at(0);
    CHECK(cm.at("ticket").get<std::string>().rfind("C-", 0) == 0);
    CHECK(cm.at("ticket").get<std::string>().size() == 10);
    cm.erase("ticket");
    CHECK(cm.at("filed_at_ms") == cm.at("updated_at_ms"));
    cm.erase("filed_at_ms");
    cm.erase("updated_at_ms");
    CHECK(cm == json::parse(
                    R"({"client_id":2,"category":"privacy","status":"received","assignee_staff_id":null})"));
    // The complaint's text is in the case, not in the list.
    CHECK(complaints.body.find("隐私告知") == std::string::npos);

    const json stats =
        json::parse(R"({"count":1,"mean":5.0,"distribution":{"1":0,"2":0,"3":0,"4":0,"5":1},
                                       "goals_met":{"yes":1,"partly":0,"no":0,"not_asked":0}})");
    json today =
        AdminGet(port, "/admin/api/v1/feedback/stats?from=" + TodayUtc() + "&to=" + TodayUtc(),
                 pro.token)
            .json;
    CHECK(today.at("from") == TodayUtc());
    today.erase("from");
    today.erase("to");
    CHECK(today == stats);
    CHECK(AdminGet(port, "/admin/api/v1/feedback/stats?from=2000-01-01&to=2000-01-31", pro.token)
              .json == json::parse(R"({"from":"2000-01-01","to":"2000-01-31","count":0,"mean":null,
                          "distribution":{"1":0,"2":0,"3":0,"4":0,"5":0},
                          "goals_met":{"yes":0,"partly":0,"no":0,"not_asked":0}})"));
    CHECK(AdminGet(port, "/admin/api/v1/feedback/stats?from=2026-13-01", pro.token).status == 400);
    CHECK(AdminGet(port, "/admin/api/v1/feedback/stats?from=2026-02-02&to=2026-02-01", pro.token)
              .status == 400);

    // Every read is in the audit log, in order, with who and from where; no client text.
    CHECK(QueryText(db,
                    "SELECT group_concat(action || ' ' || object || ' ' || ifnull(client_id, '-') "
                    "|| ' ' || "
                    "ifnull(staff_id, '-') || ' ' || remote_addr, ' | ') FROM (SELECT * FROM "
                    "audit_log ORDER BY id)") ==
          "staff.create staff:1 - - cli | cases.list cases - 1 127.0.0.1 | "
          "handoffs.list handoffs?status=open - 1 127.0.0.1 | handoffs.list handoffs?status=ended "
          "- 1 127.0.0.1 | "
          "complaints.list complaints - 1 127.0.0.1 | feedback.stats feedback - 1 127.0.0.1 | "
          "feedback.stats feedback - 1 127.0.0.1");
  }
}

TEST_CASE("admin api: staff and training through the API, by an admin") {
  TempDir dir;
  ServerProcess server(dir.path());
  const int port = server.port();
  const StaffToken admin = AddStaff(dir.path(), "Admin", "admin", "admin");
  AdminReply created = AdminRequest(
      port, "POST", "/admin/api/v1/staff", admin.token,
      R"({"name":"赵老师","role":"professional","title":"lecturer","education":"博士"})");
  REQUIRE(created.status == 201);
  const std::string token = created.json.at("token");
  CHECK(token.size() == 43);
  json staff = created.json.at("staff");
  CHECK(staff.at("created_at_ms").get<int64_t>() > 0);
  staff.erase("created_at_ms");
  CHECK(staff ==
        json::parse(
            R"({"id":2,"name":"赵老师","role":"professional","title":"lecturer","education":"博士",
                                 "has_active_token":true})"));
  CHECK(AdminGet(port, "/admin/api/v1/me", token).json.at("name") == "赵老师");

  for (const char* bad :
       {R"({"name":"X","role":"auxiliary","title":"lecturer","education":"E"})",
        R"({"name":"X","role":"professional","title":"coach"})", "not json", "[]"}) {
    AdminReply r = AdminRequest(port, "POST", "/admin/api/v1/staff", admin.token, bad);
    CHECK_MESSAGE(r.status == 400, bad);
    CHECK(r.json.at("error").at("code") == "invalid_argument");
  }
  AdminReply t1 =
      AdminRequest(port, "POST", "/admin/api/v1/staff/2/training", admin.token,
                   R"({"date":"2026-09-01","topic":"霍兰德理论","kind":"knowledge","hours":4})");
  CHECK(t1.status == 201);
  CHECK(
      t1.json ==
      json::parse(
          R"({"id":1,"staff_id":2,"date":"2026-09-01","topic":"霍兰德理论","kind":"knowledge","hours":4.0})"));
  CHECK(AdminRequest(port, "POST", "/admin/api/v1/staff/2/training", admin.token,
                     R"({"date":"2026-09-01","topic":"T","kind":"knowledge","hours":"4"})")
            .json.at("error")
            .at("message") == "hours: must be a number");
  CHECK(AdminRequest(port, "POST", "/admin/api/v1/staff/9/training", admin.token,
                     R"({"date":"2026-09-01","topic":"T","kind":"knowledge","hours":4})")
            .status == 404);
  AdminReply list = AdminGet(port, "/admin/api/v1/staff/2/training", token);
  CHECK(list.json.at("total_hours") == 4.0);
  CHECK(list.json.at("training").size() == 1);
  CHECK(AdminGet(port, "/admin/api/v1/staff", token).json.at("staff").size() == 2);
  CHECK(QueryText(dir.File("careerbot.db"),
                  "SELECT group_concat(action || ' ' || object || ' ' || ifnull(staff_id, '-') || "
                  "' ' || remote_addr, ' | ') "
                  "FROM (SELECT * FROM audit_log ORDER BY id)") ==
        "staff.create staff:1 - cli | staff.create staff:2 1 127.0.0.1 | training.create "
        "staff:2/training:1 1 127.0.0.1");

  // The same log through the API, paged.
  auto strip_times = [](json page) {
    for (auto& e : page.at("entries")) {
      CHECK(e.at("at_ms").get<int64_t>() > 0);
      e.erase("at_ms");
    }
    return page;
  };
  AdminReply first = AdminGet(port, "/admin/api/v1/audit?limit=2", admin.token);
  REQUIRE(first.status == 200);
  CHECK(strip_times(first.json) == json::parse(R"({"next_cursor":"2","entries":[
      {"id":1,"staff_id":null,"action":"staff.create","object":"staff:1","client_id":null,"remote_addr":"cli"},
      {"id":2,"staff_id":1,"action":"staff.create","object":"staff:2","client_id":null,"remote_addr":"127.0.0.1"}]})"));
  CHECK(
      strip_times(AdminGet(port, "/admin/api/v1/audit?limit=2&cursor=2", admin.token).json) ==
      json::parse(R"({"next_cursor":null,"entries":[{"id":3,"staff_id":1,"action":"training.create",
            "object":"staff:2/training:1","client_id":null,"remote_addr":"127.0.0.1"}]})"));
}

TEST_CASE("admin api: the training report over a period, and its bad periods") {
  TempDir dir;
  ServerProcess server(dir.path());
  const int port = server.port();
  const StaffToken admin = AddStaff(dir.path(), "Admin", "admin", "admin");
  const StaffToken zhao = AddStaff(dir.path(), "赵老师", "professional", "lecturer");
  for (const char* body : {R"({"date":"2026-09-01","topic":"霍兰德理论","kind":"knowledge","hours":4})",
                           R"({"date":"2026-09-30","topic":"个案督导","kind":"practical","hours":1.5})",
                           R"({"date":"2026-10-01","topic":"测评伦理","kind":"knowledge","hours":2})"}) {
    REQUIRE(AdminRequest(port, "POST", "/admin/api/v1/staff/2/training", admin.token, body).status == 201);
  }
  AdminReply september = AdminGet(port, "/admin/api/v1/training/report?from=2026-09-01&to=2026-09-30", admin.token);
  REQUIRE(september.status == 200);
  CHECK(september.json == json::parse(R"({"from":"2026-09-01","to":"2026-09-30","staff":[
      {"staff_id":1,"name":"Admin","role":"admin","title":"admin","has_active_token":true,"sessions":0,
       "knowledge_hours":0.0,"practical_hours":0.0,"total_hours":0.0},
      {"staff_id":2,"name":"赵老师","role":"professional","title":"lecturer","has_active_token":true,"sessions":2,
       "knowledge_hours":4.0,"practical_hours":1.5,"total_hours":5.5}],
    "totals":{"sessions":2,"knowledge_hours":4.0,"practical_hours":1.5,"total_hours":5.5,"staff_without_training":1}})"));
  AdminReply all = AdminGet(port, "/admin/api/v1/training/report", admin.token);
  CHECK(all.json.at("from").is_null());
  CHECK(all.json.at("totals").at("total_hours") == 7.5);
  // A professional without training.read sees no one's report.
  CHECK(AdminGet(port, "/admin/api/v1/training/report", zhao.token).status == 403);
  for (const auto& [query, message] : std::vector<std::pair<std::string, std::string>>{
           {"from=2026-02-30", "from: must be a calendar date YYYY-MM-DD"},
           {"from=", "from: must be a calendar date YYYY-MM-DD"},
           {"to=yesterday", "to: must be a calendar date YYYY-MM-DD"},
           {"from=2026-10-01&to=2026-09-01", "from: must not be after to"}}) {
    CAPTURE(query);
    AdminReply bad = AdminGet(port, "/admin/api/v1/training/report?" + query, admin.token);
    CHECK(bad.status == 400);
    CHECK(bad.json.at("error").at("code") == "invalid_argument");
    CHECK(bad.json.at("error").at("message") == message);
  }
}

TEST_CASE("admin api: the OpenAPI document served is docs/admin-api.yaml") {
  TempDir dir;
  ServerProcess server(dir.path());
  auto res = server.Client().Get("/admin/api/v1/openapi.yaml");
  REQUIRE(res);
  CHECK(res->status == 200);
  CHECK(res->get_header_value("Content-Type") == "application/yaml");
  std::ifstream file(std::string(CAREERBOT_SOURCE_DIR) + "/docs/admin-api.yaml", std::ios::binary);
  std::stringstream text;
  text << file.rdbuf();
  CHECK(res->body == text.str());
}

}  // namespace
}  // namespace careerbot::testing
