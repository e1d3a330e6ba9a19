// A complaint end to end against the real server and its SQLite database: filed
// by a client in the chat, handled by a counsellor through the admin API, and the
// client's own status query in the chat shows each new state.
#include <doctest/doctest.h>

#include "tests/bot/admin_testing.h"
#include "tests/bot/api_client.h"
#include "tests/support/database_probe.h"

namespace careerbot::testing {
namespace {

using nlohmann::json;

TEST_CASE("complaint api: filed in the chat, handled by a counsellor, its state told to the client") {
  TempDir dir;
  ServerProcess server(dir.path());
  const int port = server.port();
  const StaffToken pro = AddStaff(dir.path(), "王老师", "professional", "consultant");
  ApiConversation client(port, "client-1");
  for (const char* text : {"你好", "投诉", "2", "咨询师迟到了半小时也没有道歉", "跳过"}) {
    REQUIRE(client.Send(text).status == 200);
  }
  AdminReply list = AdminGet(port, "/admin/api/v1/complaints", pro.token);
  REQUIRE(list.json.at("complaints").size() == 1);
  const std::string ticket = list.json.at("complaints").at(0).at("ticket");
  CHECK(list.json.at("complaints").at(0).at("assignee_staff_id").is_null());
  const std::string path = "/admin/api/v1/complaints/" + ticket;
  auto status_line = [&] { return client.Send("查询投诉 " + ticket).texts(); };
  CHECK(status_line().find("：已受理") != std::string::npos);

  AdminReply moved = AdminRequest(port, "POST", path + "/status", pro.token,
                                  R"({"status":"acknowledged","note":"已联系客户"})");
  REQUIRE(moved.status == 200);
  CHECK(moved.json.at("status") == "acknowledged");
  CHECK(status_line().find("：已确认，等待处理") != std::string::npos);

  REQUIRE(AdminRequest(port, "POST", path + "/assignee", pro.token, R"({"staff_id":1})").status == 200);
  REQUIRE(AdminRequest(port, "POST", path + "/status", pro.token, R"({"status":"investigating"})").status == 200);
  CHECK(status_line().find("：调查处理中") != std::string::npos);
  REQUIRE(AdminRequest(port, "POST", path + "/answers", pro.token, R"({"text":"我们已批评教育该咨询师。"})")
              .status == 201);
  // The JSON channel cannot be written to unasked: the answer comes first in the
  // client's next reply, once.
  CHECK(status_line().rfind("关于你的投诉 " + ticket + "，负责人回复如下：\n我们已批评教育该咨询师。\n发送“查询投诉 " +
                                ticket + "”可以查看处理进度。 | ",
                            0) == 0);
  CHECK(status_line().rfind("关于你的投诉", 0) == std::string::npos);
  REQUIRE(AdminRequest(port, "POST", path + "/status", pro.token, R"({"status":"resolved"})").status == 200);
  CHECK(status_line().find("：已解决") != std::string::npos);
  AdminReply wrong = AdminRequest(port, "POST", path + "/status", pro.token, R"({"status":"rejected"})");
  CHECK(wrong.status == 409);
  CHECK(wrong.json.at("error").at("current") == "resolved");
  REQUIRE(AdminRequest(port, "POST", path + "/status", pro.token, R"({"status":"closed"})").status == 200);
  CHECK(status_line().find("：已结案") != std::string::npos);

  // Everything is kept in the database, and every change audited with the client.
  json detail = AdminGet(port, path, pro.token).json;
  CHECK(detail.at("description") == "咨询师迟到了半小时也没有道歉");
  CHECK(detail.at("assignee") == json::parse(R"({"staff_id":1,"name":"王老师"})"));
  std::string history;
  for (const json& c : detail.at("history")) {
    history += c.at("from").dump() + "->" + c.at("to").dump() + " '" + c.at("note").get<std::string>() + "'; ";
  }
  CHECK(history ==
        "\"received\"->\"acknowledged\" '已联系客户'; null->1 ''; \"acknowledged\"->\"investigating\" ''; "
        "\"investigating\"->\"resolved\" ''; \"resolved\"->\"closed\" ''; ");
  CHECK(detail.at("answers").at(0).at("text") == "我们已批评教育该咨询师。");
  const std::string db = dir.File("careerbot.db");
  CHECK(QueryText(db, "SELECT group_concat(field || ':' || ifnull(from_value, '-') || '>' || to_value, ' ') "
                      "FROM (SELECT * FROM complaint_changes ORDER BY id)") ==
        "status:received>acknowledged assignee:->1 status:acknowledged>investigating "
        "status:investigating>resolved status:resolved>closed");
  CHECK(QueryText(db, "SELECT group_concat(action, ' ') FROM (SELECT * FROM audit_log "
                      "WHERE client_id = 1 ORDER BY id)") ==
        "complaint.move complaint.assign complaint.move complaint.answer complaint.move complaint.move "
        "complaint.read");
}

}  // namespace
}  // namespace careerbot::testing
