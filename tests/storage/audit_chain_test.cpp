// The tamper-evident audit log (storage/audit_chain.h): both stores chain each
// entry to the one before; migration 6 chains the entries of an older file; an
// edit or a deletion made with raw SQL breaks the chain at the entry after it.
#include "storage/audit_chain.h"

#include <doctest/doctest.h>
#include <sqlite3.h>

#include <string>
#include <vector>

#include "storage/sqlite_database.h"
#include "storage/store.h"
#include "tests/storage/store_contract.h"

namespace careerbot::storage {
namespace {

using namespace contract;

AuditEntry Entry(const std::string& action, std::optional<int64_t> client_id, int64_t at_ms) {
  AuditEntry e;
  e.action = action;
  e.object = "case";
  e.client_id = client_id;
  e.remote_addr = "cli";
  e.at_ms = at_ms;
  return e;
}

std::optional<int64_t> BrokenAt(Store& store) {
  std::vector<AuditEntry> all;
  REQUIRE(store.ListAudit(0, 1000, &all).ok());
  AuditChainVerifier chain;
  for (const auto& e : all) chain.Add(e);
  return chain.broken_at();
}

void RawExec(const std::string& path, const std::string& sql) {
  sqlite3* db = nullptr;
  REQUIRE(sqlite3_open(path.c_str(), &db) == SQLITE_OK);
  char* error = nullptr;
  const int rc = sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &error);
  const std::string message = error ? error : "";
  sqlite3_free(error);
  sqlite3_close(db);
  REQUIRE_MESSAGE(rc == SQLITE_OK, message);
}

TEST_CASE("audit chain: the hash covers every field and the link") {
  AuditEntry e = Entry("case.read", 7, 1000);
  e.id = 1;
  e.prev_hash = kAuditChainStart;
  const std::string h = AuditEntryHash(e);
  CHECK(h.size() == 64);
  CHECK(h.find_first_not_of("0123456789abcdef") == std::string::npos);
  AuditEntry changed = e;
  changed.object = "cases";
  CHECK(AuditEntryHash(changed) != h);
  changed = e;
  changed.client_id.reset();
  CHECK(AuditEntryHash(changed) != h);
  changed = e;
  changed.prev_hash[0] = '1';
  CHECK(AuditEntryHash(changed) != h);
  // Length prefixes: moving a character from one field to the next changes it.
  changed = e;
  changed.action = "case.rea";
  changed.object = "dcase";
  CHECK(AuditEntryHash(changed) != h);
}

TEST_CASE_TEMPLATE("store contract: audit entries are chained as they are appended", F, CONTRACT_STORES) {
  F f;
  Store& store = *f.store;
  for (int i = 1; i <= 5; ++i) REQUIRE(store.AppendAudit(Entry("case.read", i, 1000 + i), nullptr).ok());
  std::vector<AuditEntry> all;
  REQUIRE(store.ListAudit(0, 100, &all).ok());
  REQUIRE(all.size() == 5);
  CHECK(all[0].prev_hash == kAuditChainStart);
  for (size_t i = 1; i < all.size(); ++i) CHECK(all[i].prev_hash == AuditEntryHash(all[i - 1]));
  AuditChainVerifier chain;
  for (const auto& e : all) CHECK(chain.Add(e));
  CHECK(chain.entries() == 5);
  CHECK(chain.head_hash() == AuditEntryHash(all[4]));

  // A changed entry breaks the chain at the next one.
  std::vector<AuditEntry> tampered = all;
  tampered[2].client_id = 99;
  AuditChainVerifier check;
  for (const auto& e : tampered) check.Add(e);
  CHECK(check.broken_at() == all[3].id);
  CHECK(check.last_good_id() == all[2].id);
}

TEST_CASE("sqlite audit chain: raw edits and deletions are found, migration 6 chains old entries") {
  testing::TempDir dir;
  const std::string path = dir.File("careerbot.db");
  {
    SqliteHandle v5;
    REQUIRE(OpenSqliteDatabaseAtVersion({path, 5000}, 5, &v5).ok());
    REQUIRE(sqlite3_exec(v5.get(),
                         "INSERT INTO audit_log (action, object, client_id, remote_addr, at) VALUES "
                         "('case.read', 'case', 1, 'cli', 1), ('cases.list', 'cases', NULL, '::1', 2), "
                         "('case.read', 'case', 2, 'cli', 3)",
                         nullptr, nullptr, nullptr) == SQLITE_OK);
  }
  std::unique_ptr<Store> store;
  REQUIRE(OpenSqliteStore({path, 5000}, &store).ok());
  REQUIRE(store->AppendAudit(Entry("case.read", 3, 4), nullptr).ok());
  CHECK_FALSE(BrokenAt(*store).has_value());
  std::vector<AuditEntry> all;
  REQUIRE(store->ListAudit(0, 100, &all).ok());
  REQUIRE(all.size() == 4);
  CHECK(all[3].prev_hash == AuditEntryHash(all[2]));

  SUBCASE("an edited entry") {
    RawExec(path, "UPDATE audit_log SET client_id = 9 WHERE id = 2");
    CHECK(BrokenAt(*store) == 3);
  }
  SUBCASE("a deleted entry") {
    RawExec(path, "DELETE FROM audit_log WHERE id = 2");
    CHECK(BrokenAt(*store) == 3);
  }
  SUBCASE("an edited first entry") {
    RawExec(path, "UPDATE audit_log SET at = 5 WHERE id = 1");
    CHECK(BrokenAt(*store) == 2);
  }
}

}  // namespace
}  // namespace careerbot::storage
