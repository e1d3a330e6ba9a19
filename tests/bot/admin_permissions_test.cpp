// The permission matrix of docs/admin-api.md, against the real server: every
// route of the admin API × no token, a wrong token and each role, with the exact
// status each must answer.
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "tests/bot/admin_testing.h"
#include "tests/bot/api_client.h"

namespace careerbot::testing {
namespace {

struct RouteCase {
  const char* method;
  std::string path;
  const char* body;
  // Expected statuses: no token, unknown token, auxiliary, professional, admin.
  int none, unknown, auxiliary, professional, admin;
};

TEST_CASE("admin permissions: every route x no token, a wrong token and every role") {
  TempDir dir;
  ServerProcess server(dir.path());
  // Staff ids 1, 2, 3 in this order.
  const StaffToken professional = AddStaff(dir.path(), "王老师", "professional", "consultant");
  const StaffToken auxiliary = AddStaff(dir.path(), "李助理", "auxiliary", "assessor");
  const StaffToken admin = AddStaff(dir.path(), "Admin", "admin", "admin");
  REQUIRE(professional.id == 1);
  ApiConversation client(server.port(), "client-1");
  REQUIRE(client.Send("你好").status == 200);  // client 1
  for (const char* text : {"投诉", "个人信息与隐私", "隐私告知写得不够清楚", "跳过"}) {
    REQUIRE(client.Send(text).status == 200);
  }
  const std::string ticket =
      AdminGet(server.port(), "/admin/api/v1/complaints", auxiliary.token).json.at("complaints").at(0).at("ticket");
  const std::string complaint = "/admin/api/v1/complaints/" + ticket;

  const char* staff_body =
      R"({"name":"新同事","role":"auxiliary","title":"operations","education":"本科"})";
  const char* training_body =
      R"({"date":"2026-11-01","topic":"测评伦理","kind":"knowledge","hours":2})";
  const std::vector<RouteCase> routes = {
      {"GET", "/admin/api/v1/openapi.yaml", "", 200, 200, 200, 200, 200},
      {"GET", "/admin/api/v1/me", "", 401, 401, 200, 200, 200},
      {"GET", "/admin/api/v1/staff", "", 401, 401, 200, 200, 200},
      {"POST", "/admin/api/v1/staff", staff_body, 401, 401, 403, 403, 201},
      {"POST", "/admin/api/v1/staff/1/training", training_body, 401, 401, 403, 403, 201},
      // Staff 1 is the professional: their own training; others' need training.read.
      {"GET", "/admin/api/v1/staff/1/training", "", 401, 401, 403, 200, 200},
      {"GET", "/admin/api/v1/staff/2/training", "", 401, 401, 200, 403, 200},
      {"GET", "/admin/api/v1/staff/99/training", "", 401, 401, 403, 403, 404},
      {"GET", "/admin/api/v1/training/report", "", 401, 401, 403, 403, 200},
      {"GET", "/admin/api/v1/cases", "", 401, 401, 200, 200, 403},
      {"GET", "/admin/api/v1/cases/1", "", 401, 401, 200, 200, 403},
      {"GET", "/admin/api/v1/cases/99", "", 401, 401, 404, 404, 403},
      {"GET", "/admin/api/v1/handoffs?status=open", "", 401, 401, 200, 200, 403},
      {"GET", "/admin/api/v1/complaints", "", 401, 401, 200, 200, 403},
      {"GET", "/admin/api/v1/complaints?status=received&assignee=1", "", 401, 401, 200, 200, 403},
      {"GET", "/admin/api/v1/complaints/overdue", "", 401, 401, 200, 200, 403},
      {"GET", complaint, "", 401, 401, 200, 200, 403},
      {"GET", "/admin/api/v1/complaints/C-00000000", "", 401, 401, 404, 404, 403},
      // Only professional staff get through, so the complaint moves on once.
      {"POST", complaint + "/status", R"({"status":"acknowledged"})", 401, 401, 403, 200, 403},
      {"POST", complaint + "/assignee", R"({"staff_id":1})", 401, 401, 403, 200, 403},
      {"POST", complaint + "/answers", R"({"text":"已收到"})", 401, 401, 403, 201, 403},
      {"POST", "/admin/api/v1/complaints/C-00000000/status", R"({"status":"closed"})", 401, 401, 403, 404, 403},
      {"GET", "/admin/api/v1/feedback/stats", "", 401, 401, 403, 200, 200},
      {"GET", "/admin/api/v1/feedback/stats?by=counsellor", "", 401, 401, 403, 200, 200},
      // The clients' own words need cases.read as well.
      {"GET", "/admin/api/v1/feedback/stats?comments=true", "", 401, 401, 403, 200, 403},
      {"POST", "/admin/api/v1/cases/1/assignee", R"({"staff_id":1})", 401, 401, 403, 200, 403},
      {"POST", "/admin/api/v1/cases/99/assignee", R"({"staff_id":1})", 401, 401, 403, 404, 403},
      {"GET", "/admin/api/v1/cases/1/assignments", "", 401, 401, 200, 200, 403},
      {"GET", "/admin/api/v1/cases/99/assignments", "", 401, 401, 404, 404, 403},
      {"GET", "/admin/api/v1/audit", "", 401, 401, 403, 403, 200},
      // Counsellors' actions: hand-off 99 and case 99 do not exist, so a caller who
      // may act learns that, and one who may not learns nothing.
      {"POST", "/admin/api/v1/handoffs/99/take", "", 401, 401, 403, 404, 403},
      {"POST", "/admin/api/v1/handoffs/99/messages", R"({"text":"你好"})", 401, 401, 403, 404, 403},
      {"GET", "/admin/api/v1/handoffs/99/messages", "", 401, 401, 403, 404, 403},
      {"POST", "/admin/api/v1/handoffs/99/end", "", 401, 401, 403, 404, 403},
      {"POST", "/admin/api/v1/cases/99/plan", R"({"assessments":["caas_24"]})", 401, 401, 403, 404, 403},
      {"POST", "/admin/api/v1/cases/99/close", "", 401, 401, 403, 404, 403},
      {"POST", "/admin/api/v1/cases/1/plan", R"({"assessments":["caas_24"]})", 401, 401, 403, 200, 403},
      {"POST", "/admin/api/v1/cases/1/close", "", 401, 401, 403, 200, 403},
      {"POST", "/admin/api/v1/clients/99/erase", "", 401, 401, 403, 404, 403},
      {"POST", "/admin/api/v1/cases/1/notes", R"({"text":"已电话联系"})", 401, 401, 201, 201, 403},
      {"POST", "/admin/api/v1/cases/99/notes", R"({"text":"x"})", 401, 401, 404, 404, 403},
      // Reports, in workflow order: drafted (again, by each role that may), read,
      // edited, finalized by a professional, then version 1 read and re-linked.
      {"GET", "/admin/api/v1/cases/1/reports", "", 401, 401, 200, 200, 403},
      {"GET", "/admin/api/v1/cases/99/reports", "", 401, 401, 404, 404, 403},
      {"POST", "/admin/api/v1/cases/1/reports", R"({"replace":true})", 401, 401, 201, 201, 403},
      {"POST", "/admin/api/v1/cases/99/reports", "", 401, 401, 404, 404, 403},
      {"GET", "/admin/api/v1/cases/1/reports/draft", "", 401, 401, 200, 200, 403},
      {"GET", "/admin/api/v1/cases/1/reports/draft/html", "", 401, 401, 200, 200, 403},
      {"PUT", "/admin/api/v1/cases/1/reports/draft/sections/training", R"({"markdown":"- x"})", 401, 401, 200,
       200, 403},
      {"POST", "/admin/api/v1/cases/99/reports/draft/finalize", "", 401, 401, 403, 404, 403},
      {"POST", "/admin/api/v1/cases/1/reports/draft/finalize", "", 401, 401, 403, 201, 403},
      {"GET", "/admin/api/v1/cases/1/reports/1", "", 401, 401, 200, 200, 403},
      {"GET", "/admin/api/v1/cases/1/reports/1/html", "", 401, 401, 200, 200, 403},
      {"GET", "/admin/api/v1/cases/1/reports/7", "", 401, 401, 404, 404, 403},
      {"POST", "/admin/api/v1/cases/1/reports/1/link", "", 401, 401, 403, 201, 403},
      {"POST", "/admin/api/v1/cases/1/reports/7/link", "", 401, 401, 403, 404, 403},
  };
  const std::string wrong(43, 'A');
  for (const RouteCase& r : routes) {
    CAPTURE(std::string(r.method) + " " + r.path);
    const std::vector<std::pair<std::string, int>> callers = {{"", r.none},
                                                              {wrong, r.unknown},
                                                              {auxiliary.token, r.auxiliary},
                                                              {professional.token, r.professional},
                                                              {admin.token, r.admin}};
    for (const auto& [token, expected] : callers) {
      AdminReply reply = AdminRequest(server.port(), r.method, r.path, token, r.body);
      CHECK_MESSAGE(reply.status == expected, reply.body);
      if (reply.status >= 400) {
        const std::string code = expected == 401   ? "unauthenticated"
                                 : expected == 403 ? "permission_denied"
                                                   : "not_found";
        CHECK(reply.json.at("error").at("code") == code);
      }
    }
  }
  // A 401 says which scheme it wants.
  httplib::Client c("127.0.0.1", server.port());
  auto res = c.Get("/admin/api/v1/me");
  REQUIRE(res);
  CHECK(res->get_header_value("WWW-Authenticate") == "Bearer");
  CHECK(AdminGet(server.port(), "/admin/api/v1/nothing-here", admin.token).status == 404);
}

}  // namespace
}  // namespace careerbot::testing
