// What only the SQLite store shows of migration 4 (staff, tokens, training, audit
// log): a version 3 database migrated with its clients, the schema's CHECKs as a
// second line behind the C++ checks, and staff that outlive the process.
#include <doctest/doctest.h>
#include <sqlite3.h>

#include <string>

#include "storage/sqlite_database.h"
#include "storage/sqlite_store.h"
#include "storage/store.h"
#include "tests/support/database_probe.h"
#include "tests/support/sqlite_files.h"
#include "tests/support/temp_dir.h"

namespace careerbot::storage {
namespace {

using testing::CreateAtVersion;
using testing::MustOpen;
using testing::QueryInt;
using testing::QueryText;
using testing::TempDir;
using testing::TryExec;

TEST_CASE("sqlite store: a version 3 database gains staff, training and the audit log") {
  TempDir dir;
  const std::string path = dir.File("careerbot.db");
  CreateAtVersion(path, 3);
  REQUIRE(QueryInt(path, "PRAGMA user_version") == 3);
  REQUIRE(TryExec(path,
                  "INSERT INTO clients (id, kind, created_at) VALUES (7, 'individual', 1000);"
                  "INSERT INTO channel_identities VALUES ('wechat', 'main', 'o1', 7, 1000);") ==
          SQLITE_OK);
  {
    auto store = MustOpen(path);
    CHECK(QueryInt(path, "PRAGMA user_version") == SqliteSchemaVersion());
    CHECK(QueryText(path, "PRAGMA integrity_check") == "ok");
    std::vector<ClientSummary> clients;
    REQUIRE(store->ListClients({0, 10}, &clients).ok());
    REQUIRE(clients.size() == 1);
    CHECK(clients[0].client_id == 7);
    CHECK(clients[0].channel == "wechat");
    CHECK(clients[0].session_state == "");
    StaffRecord staff{0, "王老师", "professional", "consultant", "硕士", 0, false, ""};
    int64_t id = 0;
    REQUIRE(store->AddStaff(staff, std::string(64, 'a'), 5000, &id).ok());
    REQUIRE(store->AppendAudit({0, id, "case.read", "case", 7, "10.0.0.1", 6000, ""}, nullptr).ok());
  }
  // Reopened: the staff member and their token are still there.
  auto store = MustOpen(path);
  std::optional<StaffRecord> found;
  REQUIRE(store->FindStaffByTokenHash(std::string(64, 'a'), &found).ok());
  REQUIRE(found);
  CHECK(found->name == "王老师");
  CHECK(found->token_hash == std::string(64, 'a'));

  // The schema refuses what the C++ checks refuse, should another writer try.
  CHECK(TryExec(path,
                "INSERT INTO staff (name, role, title, education, created_at) "
                "VALUES ('x', 'auxiliary', 'consultant', 'e', 1)") == SQLITE_CONSTRAINT_CHECK);
  CHECK(TryExec(path,
                "INSERT INTO staff_training (staff_id, date, topic, kind, hours, created_at) "
                "VALUES (1, '2026-1-1', 't', 'knowledge', 1, 1)") == SQLITE_CONSTRAINT_CHECK);
  CHECK(TryExec(path,
                "INSERT INTO staff_training (staff_id, date, topic, kind, hours, created_at) "
                "VALUES (1, '2026-01-01', 't', 'knowledge', 0, 1)") == SQLITE_CONSTRAINT_CHECK);
  CHECK(TryExec(path,
                "INSERT INTO staff_tokens (staff_id, hash, created_at) VALUES (1, 'short', 1)") ==
        SQLITE_CONSTRAINT_CHECK);
  CHECK(TryExec(path,
                "INSERT INTO audit_log (staff_id, action, object, remote_addr, at) "
                "VALUES (9, 'x', 'y', 'cli', 1)") == SQLITE_CONSTRAINT_FOREIGNKEY);
  // The audit log holds no personal data of the client, only ids and names of records.
  CHECK(QueryText(path,
                  "SELECT action || ' ' || object || ' ' || client_id || ' ' || remote_addr FROM "
                  "audit_log") == "case.read case 7 10.0.0.1");
}

}  // namespace
}  // namespace careerbot::storage
