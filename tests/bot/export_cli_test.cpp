// The client's copy of their data against the real binary: `careerbot export`
// and GET /admin/api/v1/clients/{id}/export, both audit-logged.
#include <doctest/doctest.h>
#include <sys/stat.h>

#include <fstream>

#include "tests/bot/admin_testing.h"
#include "tests/bot/api_client.h"
#include "tests/support/database_probe.h"

namespace careerbot::testing {
namespace {

TEST_CASE("export cli and api: everything about one client in one document") {
  TempDir dir, scratch;
  ServerProcess server(dir.path());
  ApiConversation chat(server.port(), "client-export");
  chat.ThroughIntake();
  for (int i = 0; i < 3; ++i) REQUIRE(chat.Send("3").status == 200);

  const std::string file = scratch.File("client-1.json");
  CommandResult made =
      RunCommand({"export", "--client", "1", "--out", file, "--data-dir", dir.path()}, "", scratch.path());
  REQUIRE_MESSAGE(made.exit_code == 0, made.err);
  CHECK(made.out == "exported client 1 to " + file + "\n");
  struct stat st {};
  REQUIRE(stat(file.c_str(), &st) == 0);
  CHECK((st.st_mode & 0777) == 0600);
  std::ifstream in(file);
  const nlohmann::json doc = nlohmann::json::parse(in);
  CHECK(doc.at("export") == "careerbot.client");
  CHECK(doc.at("version") == 1);
  CHECK(doc.at("client_id") == 1);
  CHECK(doc.at("channel") == "api");
  CHECK(doc.at("profile").size() >= 3);
  CHECK(doc.at("consents").size() == 2);
  CHECK(doc.at("consents")[1].at("document") == "service_agreement");
  CHECK(doc.at("needs_surveys").size() == 1);
  CHECK(doc.at("plans").size() >= 1);
  CHECK(doc.at("answers").size() == 3);
  CHECK(doc.at("answers")[0].at("value") == 3);
  CHECK(doc.at("messages").size() >= 2 * (ApiConversation::IntakeMessages().size() + 3));
  for (const char* key : {"results", "feedback", "complaints", "handoffs"}) CHECK(doc.at(key).is_array());
  CHECK(doc.at("archive").at("number").get<std::string>().rfind("GR-", 0) == 0);
  CHECK_FALSE(doc.contains("answers_count"));

  CommandResult to_stdout = RunCommand({"export", "--client", "1", "--data-dir", dir.path()}, "", scratch.path());
  REQUIRE(to_stdout.exit_code == 0);
  CHECK(nlohmann::json::parse(to_stdout.out).at("answers").size() == 3);
  CHECK(RunCommand({"export", "--client", "99", "--data-dir", dir.path()}, "", scratch.path()).exit_code == 1);
  CHECK(RunCommand({"export", "--data-dir", dir.path()}, "", scratch.path()).exit_code == 2);
  CHECK(RunCommand({"export", "--client", "x1"}, "", scratch.path()).exit_code == 2);

  const StaffToken professional = AddStaff(dir.path(), "王老师", "professional", "consultant");
  const StaffToken auxiliary = AddStaff(dir.path(), "李助理", "auxiliary", "assessor");
  const StaffToken admin = AddStaff(dir.path(), "Admin", "admin", "admin");
  AdminReply api = AdminGet(server.port(), "/admin/api/v1/clients/1/export", professional.token);
  REQUIRE(api.status == 200);
  CHECK(api.json.at("answers") == doc.at("answers"));
  CHECK(api.json.at("archive") == doc.at("archive"));
  CHECK(AdminGet(server.port(), "/admin/api/v1/clients/1/export", auxiliary.token).status == 403);
  CHECK(AdminGet(server.port(), "/admin/api/v1/clients/1/export", admin.token).status == 403);
  CHECK(AdminGet(server.port(), "/admin/api/v1/clients/99/export", professional.token).status == 404);
  CHECK(QueryText(dir.File("careerbot.db"),
                  "SELECT group_concat(object || ' ' || ifnull(staff_id, '-') || ' ' || client_id, '; ') "
                  "FROM audit_log WHERE action = 'client.export'") ==
        "client:1 - 1; client:1 - 1; client:1 1 1");
}

}  // namespace
}  // namespace careerbot::testing
