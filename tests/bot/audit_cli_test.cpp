// `careerbot verify-audit` against the real binary: OK over a log written by the
// server and the command line, then the first broken entry after a raw edit.
#include <doctest/doctest.h>
#include <sqlite3.h>

#include "tests/bot/admin_testing.h"
#include "tests/bot/api_client.h"
#include "tests/support/database_probe.h"

namespace careerbot::testing {
namespace {

TEST_CASE("audit cli: verify-audit passes, then finds a tampered entry") {
  TempDir dir, scratch;
  {
    ServerProcess server(dir.path());
    ApiConversation chat(server.port(), "client-audit");
    REQUIRE(chat.Send("你好").status == 200);
    const StaffToken pro = AddStaff(dir.path(), "王老师", "professional", "consultant");
    for (int i = 0; i < 3; ++i) REQUIRE(AdminGet(server.port(), "/admin/api/v1/cases/1", pro.token).status == 200);
    REQUIRE(AdminGet(server.port(), "/admin/api/v1/cases", pro.token).status == 200);
  }
  CHECK(QueryInt(dir.File("careerbot.db"), "SELECT count(*) FROM audit_log") == 5);
  CommandResult ok = RunCommand({"verify-audit", "--data-dir", dir.path()}, "", scratch.path());
  CHECK(ok.exit_code == 0);
  CHECK(ok.out.rfind("audit log OK: 5 entries, head ", 0) == 0);
  CHECK(ok.out.size() == std::string("audit log OK: 5 entries, head \n").size() + 64);

  // Someone with the file hides that staff 1 read case 1 a second time.
  sqlite3* db = nullptr;
  REQUIRE(sqlite3_open(dir.File("careerbot.db").c_str(), &db) == SQLITE_OK);
  REQUIRE(sqlite3_exec(db, "UPDATE audit_log SET action = 'cases.list', object = 'cases' WHERE id = 3",
                       nullptr, nullptr, nullptr) == SQLITE_OK);
  sqlite3_close(db);
  CommandResult broken = RunCommand({"verify-audit", "--data-dir", dir.path()}, "", scratch.path());
  CHECK(broken.exit_code == 1);
  CHECK(broken.out ==
        "audit log BROKEN at entry 4: its prev_hash is not the hash of entry 3 (that entry was changed, "
        "or entries between them were removed or inserted)\n");
  CHECK(RunCommand({"verify-audit", "extra"}, "", scratch.path()).exit_code == 2);
}

}  // namespace
}  // namespace careerbot::testing
