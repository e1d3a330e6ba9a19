// Case archives against the real binary: a number when the client accepts the
// service agreement, `careerbot archive list`, and GET /admin/api/v1/archives/{n}
// for professional staff only, audit-logged.
#include <doctest/doctest.h>

#include <chrono>

#include "storage/archive_number.h"
#include "tests/bot/admin_testing.h"
#include "tests/bot/api_client.h"
#include "tests/support/database_probe.h"

namespace careerbot::testing {
namespace {

std::string ThisYear() {
  const int64_t now = std::chrono::duration_cast<std::chrono::milliseconds>(
                          std::chrono::system_clock::now().time_since_epoch())
                          .count();
  return std::to_string(storage::ArchiveYear(now));
}

TEST_CASE("archive cli and api: numbered at the agreement, listed, read by professionals") {
  TempDir dir, scratch;
  ServerProcess server(dir.path());
  const std::string year = ThisYear();
  const std::string first = "GR-" + year + "-000001", second = "GR-" + year + "-000002";
  ApiConversation a(server.port(), "client-a");
  // Before the agreement there is no archive.
  for (size_t i = 0; i < 17; ++i) REQUIRE(a.Send(ApiConversation::IntakeMessages()[i]).status == 200);
  CHECK(QueryInt(dir.File("careerbot.db"), "SELECT count(*) FROM archives") == 0);
  for (size_t i = 17; i < ApiConversation::IntakeMessages().size(); ++i) {
    REQUIRE(a.Send(ApiConversation::IntakeMessages()[i]).status == 200);
  }
  ApiConversation b(server.port(), "client-b");
  b.ThroughIntake();

  CommandResult list = RunCommand({"archive", "list", "--data-dir", dir.path()}, "", scratch.path());
  REQUIRE_MESSAGE(list.exit_code == 0, list.err);
  CHECK(list.out.rfind("number\tclient_id\topened_at_ms\tdocuments\n" + first + "\t1\t", 0) == 0);
  CHECK(list.out.find("\n" + second + "\t2\t") != std::string::npos);

  CommandResult one = RunCommand({"archive", "list", first, "--data-dir", dir.path()}, "", scratch.path());
  REQUIRE_MESSAGE(one.exit_code == 0, one.err);
  const nlohmann::json doc = nlohmann::json::parse(one.out);
  CHECK(doc.at("number") == first);
  CHECK(doc.at("client_id") == 1);
  CHECK(doc.at("category") == "GR");
  REQUIRE(doc.at("documents").size() >= 2);
  CHECK(doc.at("documents")[0].at("kind") == "agreement");
  CHECK(doc.at("documents")[1].at("kind") == "plan");
  CHECK(RunCommand({"archive", "list", "GR-1999-000001", "--data-dir", dir.path()}, "", scratch.path())
            .exit_code == 1);
  CHECK(RunCommand({"archive", "show"}, "", scratch.path()).exit_code == 2);

  const StaffToken professional = AddStaff(dir.path(), "王老师", "professional", "consultant");
  const StaffToken auxiliary = AddStaff(dir.path(), "李助理", "auxiliary", "assessor");
  const StaffToken admin = AddStaff(dir.path(), "Admin", "admin", "admin");
  const std::string path = "/admin/api/v1/archives/" + second;
  AdminReply read = AdminGet(server.port(), path, professional.token);
  REQUIRE(read.status == 200);
  CHECK(read.json.at("number") == second);
  CHECK(read.json.at("client_id") == 2);
  CHECK(AdminGet(server.port(), path, auxiliary.token).status == 403);
  CHECK(AdminGet(server.port(), path, admin.token).status == 403);
  CHECK(AdminGet(server.port(), path, "").status == 401);
  CHECK(AdminGet(server.port(), "/admin/api/v1/archives/GR-1999-000001", professional.token).status == 404);
  CHECK(QueryText(dir.File("careerbot.db"),
                  "SELECT group_concat(action || ' ' || object || ' ' || ifnull(staff_id, '-') || ' ' || "
                  "ifnull(client_id, '-'), '; ') FROM audit_log WHERE action LIKE 'archive%'") ==
        "archives.list archives - -; archive.read archive:" + first + " - 1; archive.read archive:" + second +
            " 1 2");
}

}  // namespace
}  // namespace careerbot::testing
