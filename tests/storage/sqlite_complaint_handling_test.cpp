// What only the SQLite store shows of the complaint-handling migration: a
// database of the version before it keeps its complaints (nobody assigned, no
// history), and the schema's CHECKs and foreign keys stand behind the C++ checks.
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

TEST_CASE("sqlite store: complaints filed before complaint handling are kept, unassigned") {
  TempDir dir;
  const std::string path = dir.File("careerbot.db");
  // The version before migration 10 (not the latest but one: later migrations
  // come after it).
  CreateAtVersion(path, 9);
  REQUIRE(TryExec(path,
                  "INSERT INTO clients (id, kind, created_at) VALUES (7, 'individual', 1000);"
                  "INSERT INTO complaints (client_id, ticket, category, description, status, filed_at, "
                  "updated_at) VALUES (7, 'C-0000000A', 'service', 'slow', 'received', 1000, 1000);") ==
          SQLITE_OK);
  auto store = MustOpen(path);
  CHECK(QueryInt(path, "PRAGMA user_version") == SqliteSchemaVersion());
  CHECK(QueryText(path, "PRAGMA integrity_check") == "ok");
  std::optional<ComplaintHandling> found;
  REQUIRE(store->FindComplaintByTicket("C-0000000A", &found).ok());
  REQUIRE(found);
  CHECK(found->client_id == 7);
  CHECK(found->complaint.status == "received");
  CHECK_FALSE(found->assignee_staff_id);
  std::vector<ComplaintChange> history;
  REQUIRE(store->ListComplaintHistory("C-0000000A", &history).ok());
  CHECK(history.empty());

  // Behind the C++ checks: an unknown field, a missing staff member, an empty answer.
  CHECK(TryExec(path, "INSERT INTO complaint_changes (complaint_id, staff_id, field, to_value, note, at) "
                      "SELECT id, 1, 'priority', 'x', '', 1 FROM complaints") == SQLITE_CONSTRAINT_CHECK);
  CHECK(TryExec(path, "INSERT INTO case_assignments (client_id, staff_id, assigned_by, at) "
                      "VALUES (7, 42, 42, 1)") == SQLITE_CONSTRAINT_FOREIGNKEY);
  CHECK(TryExec(path, "UPDATE complaints SET assignee_staff_id = 42") == SQLITE_CONSTRAINT_FOREIGNKEY);
  CHECK(QueryText(path, "PRAGMA foreign_key_check") == "");
}

}  // namespace
}  // namespace careerbot::storage
