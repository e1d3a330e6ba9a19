// What only the SQLite store shows of migration 3 (the outbox and client status):
// a version 2 file migrated with its data, the schema's CHECKs, and queued entries
// that outlive the process; and of migration 14: the head mark, on entries queued
// before it and under every write after it.
#include <doctest/doctest.h>
#include <sqlite3.h>

#include <string>
#include <vector>

#include "storage/sqlite_database.h"
#include "storage/sqlite_store.h"
#include "storage/store.h"
#include "tests/storage/store_contract.h"
#include "tests/support/database_probe.h"
#include "tests/support/sqlite_files.h"
#include "tests/support/temp_dir.h"

namespace careerbot::storage {
namespace {

using contract::kEveryDue;
using testing::CreateAtVersion;
using testing::MustOpen;
using testing::QueryInt;
using testing::QueryText;
using testing::TempDir;
using testing::TryExec;

TurnWrite Turn(const std::string& user, const std::string& message_id, int64_t at_ms) {
  TurnWrite t;
  t.key = {"wechat", "main", user};
  t.received_at_ms = at_ms;
  t.message_id = message_id;
  t.outbound_texts = {"reply"};
  t.answer_json = R"({"replies":[],"state":"s"})";
  t.snapshot = {"consent.notice", "{}"};
  return t;
}

TEST_CASE("sqlite store: a version 2 database gains the outbox and client status") {
  TempDir dir;
  const std::string path = dir.File("careerbot.db");
  CreateAtVersion(path, 2);
  REQUIRE(QueryInt(path, "PRAGMA user_version") == 2);
  REQUIRE(TryExec(path, "INSERT INTO clients (id, kind, created_at) VALUES (7, 'individual', 1000);"
                        "INSERT INTO channel_identities VALUES ('wechat', 'main', 'o1', 7, 1000);") ==
          SQLITE_OK);

  auto store = MustOpen(path);
  CHECK(QueryInt(path, "PRAGMA user_version") == SqliteSchemaVersion());
  CHECK(QueryText(path, "PRAGMA integrity_check") == "ok");
  CHECK(QueryInt(path, "SELECT count(*) FROM clients WHERE inactive_since IS NULL") == 1);
  std::optional<int64_t> since = 1;
  REQUIRE(store->GetInactiveSince(7, &since).ok());
  CHECK(since == std::nullopt);

  TurnWrite t = Turn("o1", "m1", 2000);
  t.outbox = {{{"wechat", "main"}, R"({"url":"a"})"}, {{"wechat", "main"}, R"({"url":"b"})"}};
  int64_t id = 0;
  REQUIRE(store->CommitTurn(t, &id).ok());
  CHECK(id == 7);
  CHECK(QueryText(path, "SELECT group_concat(seq || ':' || status || ':' || message_id, ' ') FROM outbox") ==
        "1:queued:m1 2:queued:m1");
  // The (client_id, seq) key serves a client's reads, and the queues' index starts
  // with client_id too; the worker's query has its index.
  CHECK(QueryInt(path, "SELECT count(*) FROM pragma_index_list('outbox') l JOIN pragma_index_info(l.name) i "
                       "WHERE i.seqno = 0 AND i.name = 'client_id'") == 2);
  CHECK(QueryInt(path, "SELECT count(*) FROM sqlite_schema WHERE name = 'outbox_queued'") == 1);
  // The head of each (client, destination) queue is found through its own index.
  CHECK(QueryText(path, "SELECT group_concat(name, ' ') FROM pragma_index_info('outbox_destination_queue')") ==
        "client_id channel account seq");
}

TEST_CASE("sqlite store: the outbox schema repeats its rules as CHECKs") {
  TempDir dir;
  const std::string path = dir.File("careerbot.db");
  auto store = MustOpen(path);
  REQUIRE(store->CommitTurn(Turn("o1", "m1", 1000), nullptr).ok());
  const std::string client = std::to_string(QueryInt(path, "SELECT id FROM clients"));
  auto insert = [&](const std::string& seq, const std::string& status, const std::string& request) {
    return TryExec(path,
                   "INSERT INTO outbox (client_id, channel, account, seq, request, status, attempts, "
                   "next_attempt_at, created_at, updated_at) VALUES (" +
                       client + ", 'wechat', 'main', " + seq + ", '" + request + "', '" + status +
                       "', 0, 1, 1, 1)");
  };
  CHECK(insert("1", "pending", "r") == SQLITE_CONSTRAINT_CHECK);
  CHECK(insert("0", "queued", "r") == SQLITE_CONSTRAINT_CHECK);
  CHECK(insert("1", "queued", "") == SQLITE_CONSTRAINT_CHECK);
  CHECK(insert("1", "queued", "r") == SQLITE_OK);
  CHECK(insert("1", "sent", "r") == SQLITE_CONSTRAINT_UNIQUE);
}

TEST_CASE("sqlite store: queued entries and attempts outlive the process") {
  TempDir dir;
  const std::string path = dir.File("careerbot.db");
  {
    auto store = MustOpen(path);
    TurnWrite t = Turn("o1", "m1", 1000);
    t.outbox = {{{"wechat", "main"}, "a"}, {{"wechat", "main"}, "b"}};
    REQUIRE(store->CommitTurn(t, nullptr).ok());
    std::vector<OutboxEntry> heads;
    REQUIRE(store->ListOutboxHeads(kEveryDue, 10, "", &heads, nullptr).ok());
    REQUIRE(heads.size() == 1);
    REQUIRE(store->RecordOutboxAttempt({heads[0].id, OutboxStatus::kQueued, 1, 4000, "HTTP 503", 1500}).ok());
    bool found = false;
    REQUIRE(store->MarkClientInactive({"wechat", "main", "o1"}, 1600, &found).ok());
    CHECK(found);
  }
  auto store = MustOpen(path);
  std::vector<OutboxEntry> heads;
  REQUIRE(store->ListOutboxHeads(kEveryDue, 10, "", &heads, nullptr).ok());
  REQUIRE(heads.size() == 1);
  CHECK(heads[0].request_json == "a");
  CHECK(heads[0].attempts == 1);
  CHECK(heads[0].next_attempt_at_ms == 4000);
  CHECK(heads[0].last_error == "HTTP 503");
  std::optional<int64_t> since;
  REQUIRE(store->GetInactiveSince(heads[0].client_id, &since).ok());
  CHECK(since == 1600);
}

// Migration 14: a queue's head is marked, so the worker reads only due heads.
std::string ListedHeads(Store& store) {
  std::vector<OutboxEntry> heads;
  REQUIRE(store.ListOutboxHeads(kEveryDue, 10, "", &heads, nullptr).ok());
  std::string out;
  for (const OutboxEntry& e : heads) out += (out.empty() ? "" : " ") + e.request_json;
  return out;
}

TEST_CASE("sqlite store: migration 14 marks the heads of the queues already waiting") {
  TempDir dir;
  const std::string path = dir.File("careerbot.db");
  CreateAtVersion(path, 13);
  auto row = [](const std::string& seq, const std::string& channel, const std::string& status,
                const std::string& request) {
    return "INSERT INTO outbox (client_id, channel, account, seq, request, status, attempts, next_attempt_at, "
           "created_at, updated_at) VALUES (7, '" + channel + "', 'main', " + seq + ", '" + request + "', '" +
           status + "', 0, 1000, 1000, 1000);";
  };
  REQUIRE(TryExec(path, "INSERT INTO clients (id, kind, created_at) VALUES (7, 'individual', 1000);" +
                            row("1", "wechat", "sent", "r1") + row("2", "wechat", "queued", "r2") +
                            row("3", "wechat", "queued", "r3") + row("4", "admin_webhook", "queued", "e4") +
                            row("5", "admin_webhook", "failed", "e5")) == SQLITE_OK);

  auto store = MustOpen(path);
  CHECK(QueryInt(path, "PRAGMA user_version") == SqliteSchemaVersion());
  CHECK(QueryText(path, "SELECT group_concat(seq || ':' || head, ' ') FROM (SELECT * FROM outbox ORDER BY seq)") ==
        "1:0 2:1 3:0 4:1 5:0");
  CHECK(ListedHeads(*store) == "r2 e4");
  CHECK(QueryText(path, "SELECT group_concat(name, ' ') FROM pragma_index_info('outbox_due_heads')") ==
        "next_attempt_at");
}

TEST_CASE("sqlite store: the head mark follows every write of the outbox, by hand too") {
  TempDir dir;
  const std::string path = dir.File("careerbot.db");
  auto store = MustOpen(path);
  TurnWrite t = Turn("o1", "m1", 1000);
  t.outbox = {{{"wechat", "main"}, "a"}, {{"wechat", "main"}, "b"}, {{"wechat", "main"}, "c"}};
  REQUIRE(store->CommitTurn(t, nullptr).ok());
  auto marks = [&] {
    return QueryText(path, "SELECT group_concat(request || ':' || head, ' ') FROM (SELECT * FROM outbox ORDER BY seq)");
  };
  CHECK(marks() == "a:1 b:0 c:0");
  std::vector<OutboxEntry> heads;
  REQUIRE(store->ListOutboxHeads(kEveryDue, 10, "", &heads, nullptr).ok());
  REQUIRE(store->RecordOutboxAttempt({heads[0].id, OutboxStatus::kQueued, 1, 4000, "HTTP 503", 1500}).ok());
  CHECK(marks() == "a:1 b:0 c:0");  // a retry keeps its place
  REQUIRE(store->RecordOutboxAttempt({heads[0].id, OutboxStatus::kFailed, 2, 0, "HTTP 503", 4000}).ok());
  CHECK(marks() == "a:0 b:1 c:0");
  CHECK(ListedHeads(*store) == "b");

  // An operator sets the failed entry back to queued: it goes before b again.
  REQUIRE(TryExec(path, "UPDATE outbox SET status = 'queued' WHERE request = 'a'") == SQLITE_OK);
  CHECK(marks() == "a:1 b:0 c:0");
  CHECK(ListedHeads(*store) == "a");
  // And gives up on b by hand: a stays the head, c waits behind it.
  REQUIRE(TryExec(path, "UPDATE outbox SET status = 'failed' WHERE request = 'b'") == SQLITE_OK);
  CHECK(marks() == "a:1 b:0 c:0");
  REQUIRE(TryExec(path, "UPDATE outbox SET status = 'sent' WHERE request = 'a'") == SQLITE_OK);
  CHECK(marks() == "a:0 b:0 c:1");
  CHECK(ListedHeads(*store) == "c");
}

}  // namespace
}  // namespace careerbot::storage
