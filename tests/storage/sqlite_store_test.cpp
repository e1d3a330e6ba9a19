// What only the SQLite store has: a file that outlives the process, its schema
// version and pragmas, refusal of files it must not touch, transactions under
// contention and failure. The file is inspected with sqlite3 directly, as an
// operator (or a backup script) would see it.
#include "storage/sqlite_store.h"

#include <doctest/doctest.h>
#include <sqlite3.h>

#include <fstream>
#include <string>
#include <thread>
#include <vector>

#include "storage/sqlite_database.h"
#include "storage/store.h"
#include "tests/support/database_probe.h"
#include "tests/support/sqlite_files.h"
#include "tests/support/temp_dir.h"

namespace careerbot::storage {
namespace {

using testing::CreateAtVersion;
using testing::MustOpen;
using testing::TempDir;

// A raw connection for inspecting and tampering with the file.
class RawDb {
 public:
  explicit RawDb(const std::string& path) {
    REQUIRE(sqlite3_open_v2(path.c_str(), &db_, SQLITE_OPEN_READWRITE, nullptr) == SQLITE_OK);
  }
  ~RawDb() { sqlite3_close(db_); }
  RawDb(const RawDb&) = delete;
  RawDb& operator=(const RawDb&) = delete;

  void Exec(const std::string& sql) {
    char* err = nullptr;
    int rc = sqlite3_exec(db_, sql.c_str(), nullptr, nullptr, &err);
    std::string msg = err != nullptr ? err : "";
    sqlite3_free(err);
    REQUIRE_MESSAGE(rc == SQLITE_OK, sql << ": " << msg);
  }
  // The extended SQLite result code of running `sql`, for statements expected to fail.
  int TryExec(const std::string& sql) {
    return sqlite3_exec(db_, sql.c_str(), nullptr, nullptr, nullptr) == SQLITE_OK
               ? SQLITE_OK
               : sqlite3_extended_errcode(db_);
  }
  // The first column of the first row, as text.
  std::string Text(const std::string& sql) {
    sqlite3_stmt* stmt = nullptr;
    REQUIRE(sqlite3_prepare_v2(db_, sql.c_str(), -1, &stmt, nullptr) == SQLITE_OK);
    std::string out;
    if (sqlite3_step(stmt) == SQLITE_ROW) {
      const unsigned char* p = sqlite3_column_text(stmt, 0);
      out = p != nullptr ? reinterpret_cast<const char*>(p) : "NULL";
    }
    sqlite3_finalize(stmt);
    return out;
  }

 private:
  sqlite3* db_ = nullptr;
};

TurnWrite Turn(const std::string& user, const std::string& message_id, int64_t at_ms) {
  TurnWrite t;
  t.key = {"api", "", user};
  t.received_at_ms = at_ms;
  t.message_id = message_id;
  t.inbound_text = "secret text of " + user;
  t.outbound_texts = {"reply"};
  t.answer_json = R"({"replies":[]})";
  t.snapshot = {"intake.name", R"({"n":1})"};
  return t;
}

void WriteFile(const std::string& path, const std::string& bytes) {
  std::ofstream(path, std::ios::binary) << bytes;
}

TEST_CASE("sqlite store: data survives closing and reopening") {
  TempDir dir;
  const std::string path = dir.File("careerbot.db");
  int64_t id = 0;
  {
    auto store = MustOpen(path);
    TurnWrite t = Turn("u1", "m1", 1000);
    t.answers = {{"riasec", 1, "q1", 4, 1000}};
    t.profile_fields = {{"name", "Li"}};
    t.consents = {{"privacy_notice", "v1", true, "api", 1000}};
    t.feedback = {{5, "yes", "good", 1000}};
    t.results = {{"riasec", "1.0", 1, "{}", 1000}};
    REQUIRE(store->CommitTurn(t, &id).ok());
  }
  auto store = MustOpen(path);
  std::optional<StoredSession> session;
  REQUIRE(store->LoadSession({"api", "", "u1"}, &session).ok());
  REQUIRE(session);
  CHECK(session->client_id == id);
  CHECK(session->snapshot.state == "intake.name");
  CHECK(session->snapshot.context_json == R"({"n":1})");
  std::optional<std::string> answer;
  REQUIRE(store->FindAnswer({"api", "", "u1"}, "m1", &answer).ok());
  CHECK(answer == R"({"replies":[]})");
  std::vector<JournalEntry> journal;
  REQUIRE(store->ListJournal(id, &journal).ok());
  CHECK(journal.size() == 2);
  std::vector<AnswerRecord> answers;
  REQUIRE(store->ListAnswers(id, &answers).ok());
  REQUIRE(answers.size() == 1);
  CHECK(answers[0].value == 4);
  std::vector<ProfileFieldRecord> profile;
  REQUIRE(store->ListProfile(id, &profile).ok());
  CHECK(profile.size() == 1);
  std::vector<ConsentRecord> consents;
  REQUIRE(store->ListConsents(id, &consents).ok());
  CHECK(consents.size() == 1);
  std::vector<FeedbackRecord> feedback;
  REQUIRE(store->ListFeedback(id, &feedback).ok());
  CHECK(feedback.size() == 1);
  std::vector<AssessmentResultRecord> results;
  REQUIRE(store->ListResults(id, &results).ok());
  CHECK(results.size() == 1);
  // A duplicate is still recognised after the restart.
  CHECK(store->CommitTurn(Turn("u1", "m1", 2000), nullptr).code() == Status::Code::kAlreadyExists);
}

TEST_CASE("sqlite store: the file is a WAL database at the current schema version") {
  TempDir dir;
  const std::string path = dir.File("careerbot.db");
  auto store = MustOpen(path);
  RawDb raw(path);
  CHECK(raw.Text("PRAGMA user_version") == std::to_string(SqliteSchemaVersion()));
  CHECK(SqliteSchemaVersion() >= 1);
  CHECK(raw.Text("PRAGMA journal_mode") == "wal");
  CHECK(raw.Text("PRAGMA application_id") == "1128419156");  // "CBOT"
  for (const char* table :
       {"clients", "channel_identities", "sessions", "messages", "consents", "client_profile",
        "assessment_answers", "assessment_results", "feedback", "complaints", "handoffs",
        "service_plans", "needs_surveys"}) {
    CAPTURE(table);
    CHECK(raw.Text(
              std::string("SELECT count(*) FROM sqlite_schema WHERE type = 'table' AND name = '") +
              table + "'") == "1");
  }
  CHECK(raw.Text("PRAGMA integrity_check") == "ok");
  CHECK(raw.Text("PRAGMA foreign_key_check") == "");
}

TEST_CASE("sqlite store: the journal rows are what the schema documents") {
  TempDir dir;
  const std::string path = dir.File("careerbot.db");
  auto store = MustOpen(path);
  TurnWrite t = Turn("u1", "", 1000);
  t.inbound_text = std::nullopt;
  REQUIRE(store->CommitTurn(t, nullptr).ok());
  RawDb raw(path);
  // No id is NULL, not ''; the answer sits on the inbound row; the reply points at it.
  CHECK(raw.Text("SELECT count(*) FROM messages WHERE message_id IS NULL") == "2");
  CHECK(raw.Text("SELECT text FROM messages WHERE direction = 'in'") == "NULL");
  CHECK(raw.Text("SELECT answer_json FROM messages WHERE direction = 'in'") == R"({"replies":[]})");
  CHECK(raw.Text("SELECT in_reply_to = (SELECT id FROM messages WHERE direction = 'in') "
                 "FROM messages WHERE direction = 'out'") == "1");
  CHECK(raw.Text("SELECT kind FROM clients") == "individual");
}

TEST_CASE("sqlite store: a database from a newer build is refused") {
  TempDir dir;
  const std::string path = dir.File("careerbot.db");
  MustOpen(path).reset();
  RawDb(path).Exec("PRAGMA user_version = " + std::to_string(SqliteSchemaVersion() + 1));
  std::unique_ptr<Store> store;
  Status s = OpenSqliteStore({path, 5000}, &store);
  CHECK(s.code() == Status::Code::kInvalidArgument);
  CHECK(s.message().find(path) != std::string::npos);
  CHECK(s.message().find("newer") != std::string::npos);
  CHECK(store == nullptr);
  CHECK(RawDb(path).Text("PRAGMA user_version") == std::to_string(SqliteSchemaVersion() + 1));
}

TEST_CASE("sqlite store: a file that is not a database is refused") {
  TempDir dir;
  const std::string path = dir.File("careerbot.db");
  std::string garbage;
  for (int i = 0; i < 4096; ++i) garbage += static_cast<char>((i * 131 + 7) % 256);
  WriteFile(path, garbage);
  std::unique_ptr<Store> store;
  Status s = OpenSqliteStore({path, 5000}, &store);
  CHECK(s.code() == Status::Code::kInvalidArgument);
  CHECK(s.message().find(path) != std::string::npos);
  CHECK(s.message().find("not an SQLite database") != std::string::npos);
  CHECK(store == nullptr);
}

TEST_CASE("sqlite store: another application's database is refused and left alone") {
  TempDir dir;
  const std::string path = dir.File("other.db");
  {
    sqlite3* db = nullptr;
    REQUIRE(sqlite3_open(path.c_str(), &db) == SQLITE_OK);
    sqlite3_close(db);
  }
  RawDb(path).Exec("CREATE TABLE notes (body TEXT)");
  std::unique_ptr<Store> store;
  Status s = OpenSqliteStore({path, 5000}, &store);
  CHECK(s.code() == Status::Code::kInvalidArgument);
  CHECK(s.message().find(path) != std::string::npos);
  CHECK(RawDb(path).Text("PRAGMA journal_mode") == "delete");  // not switched to WAL
}

TEST_CASE("sqlite store: a missing directory fails with the file's name") {
  TempDir dir;
  const std::string path = dir.File("no/such/dir/careerbot.db");
  std::unique_ptr<Store> store;
  Status s = OpenSqliteStore({path, 5000}, &store);
  CHECK_FALSE(s.ok());
  CHECK(s.message().find(path) != std::string::npos);
  CHECK(OpenSqliteStore({"", 5000}, &store).code() == Status::Code::kInvalidArgument);
}

TEST_CASE("sqlite store: turns from 8 threads all land") {
  TempDir dir;
  const std::string path = dir.File("careerbot.db");
  auto store = MustOpen(path);
  constexpr int kThreads = 8;
  constexpr int kTurns = 50;
  std::vector<std::thread> threads;
  std::vector<int> failures(kThreads, 0);
  for (int i = 0; i < kThreads; ++i) {
    threads.emplace_back([&, i] {
      for (int n = 0; n < kTurns; ++n) {
        // Half the threads share one client, so they contend for its rows too.
        std::string user = i % 2 == 0 ? "shared" : "user" + std::to_string(i);
        TurnWrite t = Turn(user, std::to_string(i) + "-" + std::to_string(n), 1000 + n);
        std::string item = "q";
        item += std::to_string(n);
        t.answers = {{"riasec", i, item, n % 5, 1000 + n}};
        if (!store->CommitTurn(t, nullptr).ok()) ++failures[i];
      }
    });
  }
  for (std::thread& t : threads) t.join();
  for (int i = 0; i < kThreads; ++i) CHECK(failures[i] == 0);
  RawDb raw(path);
  CHECK(raw.Text("SELECT count(*) FROM messages WHERE direction = 'in'") ==
        std::to_string(kThreads * kTurns));
  CHECK(raw.Text("SELECT count(*) FROM messages") == std::to_string(2 * kThreads * kTurns));
  CHECK(raw.Text("SELECT count(*) FROM assessment_answers") == std::to_string(kThreads * kTurns));
  CHECK(raw.Text("SELECT count(*) FROM clients") == "5");  // "shared" and four of their own
}

TEST_CASE("sqlite store: a locked database is Unavailable and the turn changes nothing") {
  TempDir dir;
  const std::string path = dir.File("careerbot.db");
  auto store = MustOpen(path, /*busy_timeout_ms=*/0);
  REQUIRE(store->CommitTurn(Turn("u1", "m1", 1000), nullptr).ok());
  RawDb other(path);
  other.Exec("BEGIN IMMEDIATE");  // another process holds the write lock

  Status s = store->CommitTurn(Turn("u1", "m2", 2000), nullptr);
  CHECK(s.code() == Status::Code::kUnavailable);
  CHECK(s.message().find("secret text") == std::string::npos);
  // In WAL mode readers are not blocked by the writer.
  std::optional<StoredSession> session;
  CHECK(store->LoadSession({"api", "", "u1"}, &session).ok());
  CHECK(store->Ping().ok());

  other.Exec("ROLLBACK");
  CHECK(other.Text("SELECT count(*) FROM messages") == "2");
  CHECK(store->CommitTurn(Turn("u1", "m2", 2000), nullptr).ok());
  CHECK(other.Text("SELECT count(*) FROM messages") == "4");
}

TEST_CASE("sqlite store: a failure late in a turn rolls back all of it") {
  TempDir dir;
  const std::string path = dir.File("careerbot.db");
  auto store = MustOpen(path);
  // Fault injection: the feedback insert, the last write of a turn, fails.
  RawDb(path).Exec(
      "CREATE TRIGGER fail_feedback BEFORE INSERT ON feedback "
      "BEGIN SELECT RAISE(ABORT, 'injected failure'); END");
  TurnWrite t = Turn("u1", "m1", 1000);
  t.answers = {{"riasec", 1, "q1", 4, 1000}};
  t.feedback = {{5, std::nullopt, "secret comment", 1000}};
  Status s = store->CommitTurn(t, nullptr);
  CHECK_FALSE(s.ok());
  CHECK(s.message().find("injected failure") != std::string::npos);
  CHECK(s.message().find("secret") == std::string::npos);
  RawDb raw(path);
  for (const char* table : {"clients", "channel_identities", "sessions", "messages",
                            "assessment_answers", "feedback"}) {
    CAPTURE(table);
    CHECK(raw.Text(std::string("SELECT count(*) FROM ") + table) == "0");
  }
  // The connection is not left inside the failed transaction.
  t.feedback.clear();
  CHECK(store->CommitTurn(t, nullptr).ok());
  CHECK(raw.Text("SELECT count(*) FROM messages") == "2");
}

TEST_CASE("sqlite store: a version 1 database is migrated at open with its data intact") {
  TempDir dir;
  const std::string path = dir.File("careerbot.db");
  // The file as a build of schema version 1 left it, with a turn written the
  // way that build wrote one.
  CreateAtVersion(path, 1);
  {
    RawDb raw(path);
    REQUIRE(raw.Text("PRAGMA user_version") == "1");
    REQUIRE(
        raw.Text("SELECT count(*) FROM pragma_table_info('feedback') WHERE name = 'goals_met'") ==
        "0");
    REQUIRE(raw.Text("SELECT count(*) FROM sqlite_schema WHERE name = 'complaints'") == "0");
    raw.Exec(R"sql(
      INSERT INTO clients (id, kind, created_at) VALUES (7, 'individual', 1000);
      INSERT INTO channel_identities VALUES ('api', '', 'u1', 7, 1000);
      INSERT INTO sessions VALUES (7, 'feedback.comment', '{"n":1}', 1000);
      INSERT INTO messages (id, client_id, direction, channel, account, message_id, text,
                            answer_json, in_reply_to, at)
        VALUES (1, 7, 'in', 'api', '', 'm1', 'hello', '{"replies":[],"state":"x"}', NULL, 1000),
               (2, 7, 'out', 'api', '', 'm1', 'hi', NULL, 1, 1000);
      INSERT INTO client_profile VALUES (7, 'name', 'Li', 1000);
      INSERT INTO feedback (client_id, rating, comment, at) VALUES (7, 4, 'good', 1000);
    )sql");
  }

  auto store = MustOpen(path);
  RawDb raw(path);
  CHECK(raw.Text("PRAGMA user_version") == std::to_string(SqliteSchemaVersion()));
  CHECK(raw.Text("PRAGMA integrity_check") == "ok");
  CHECK(raw.Text("PRAGMA foreign_key_check") == "");
  std::optional<int64_t> id;
  REQUIRE(store->FindClientId({"api", "", "u1"}, &id).ok());
  CHECK(id == 7);
  std::vector<FeedbackRecord> feedback;
  REQUIRE(store->ListFeedback(7, &feedback).ok());
  REQUIRE(feedback.size() == 1);
  CHECK(feedback[0].rating == 4);
  CHECK(feedback[0].goals_met == std::nullopt);
  CHECK(feedback[0].comment == "good");
  CHECK(feedback[0].at_ms == 1000);
  std::vector<ProfileFieldRecord> profile;
  REQUIRE(store->ListProfile(7, &profile).ok());
  REQUIRE(profile.size() == 1);
  CHECK(profile[0].value == "Li");
  std::optional<std::string> answer;
  REQUIRE(store->FindAnswer({"api", "", "u1"}, "m1", &answer).ok());
  CHECK(answer == R"({"replies":[],"state":"x"})");
  CHECK(store->CommitTurn(Turn("u1", "m1", 2000), nullptr).code() == Status::Code::kAlreadyExists);

  // The new tables take the new records.
  TurnWrite t = Turn("u1", "m2", 2000);
  t.feedback = {{5, "yes", std::nullopt, 2000}};
  t.complaints = {{"C-00000001", "other", "x", std::nullopt, "received", 2000, 2000}};
  t.handoffs = {{"client_request", false, "open", 2000}};
  t.plans = {{1, "[]", "{}", "proposed", "bot", 2000}};
  t.needs_surveys = {{"{}", 2000}};
  int64_t committed = 0;
  REQUIRE(store->CommitTurn(t, &committed).ok());
  CHECK(committed == 7);
  REQUIRE(store->ListFeedback(7, &feedback).ok());
  REQUIRE(feedback.size() == 2);
  CHECK(feedback[1].goals_met == "yes");
  for (std::string table : {"complaints", "handoffs", "service_plans", "needs_surveys"}) {
    CAPTURE(table);
    CHECK(raw.Text("SELECT count(*) FROM " + table + " WHERE client_id = 7") == "1");
  }
  // Every new table has an index that starts with client_id.
  for (std::string table : {"complaints", "handoffs", "service_plans", "needs_surveys"}) {
    CAPTURE(table);
    CHECK(raw.Text("SELECT count(*) FROM pragma_index_list('" + table +
                   "') l JOIN pragma_index_info(l.name) i WHERE i.seqno = 0 AND "
                   "i.name = 'client_id'") == "1");
  }
}

TEST_CASE("sqlite store: the schema repeats the service records' rules as CHECKs") {
  TempDir dir;
  const std::string path = dir.File("careerbot.db");
  auto store = MustOpen(path);
  REQUIRE(store->CommitTurn(Turn("u1", "m1", 1000), nullptr).ok());
  RawDb raw(path);
  const std::string client = raw.Text("SELECT id FROM clients");
  auto complaint = [&](const std::string& ticket, const std::string& category) {
    return raw.TryExec(
        "INSERT INTO complaints (client_id, ticket, category, description, status, "
        "filed_at, updated_at) VALUES (" +
        client + ", '" + ticket + "', '" + category + "', 'd', 'received', 1, 1)");
  };
  CHECK(complaint("C-12345678", "services") == SQLITE_CONSTRAINT_CHECK);
  CHECK(complaint("C-1234567", "service") == SQLITE_CONSTRAINT_CHECK);
  CHECK(complaint("C-1234567a", "service") == SQLITE_CONSTRAINT_CHECK);
  CHECK(complaint("C-123456789", "service") == SQLITE_CONSTRAINT_CHECK);
  CHECK(complaint("C-12345678", "service") == SQLITE_OK);
  CHECK(complaint("C-12345678", "other") == SQLITE_CONSTRAINT_UNIQUE);
  CHECK(raw.TryExec("INSERT INTO handoffs (client_id, reason, urgent, status, requested_at) "
                    "VALUES (" +
                    client + ", 'bored', 0, 'open', 1)") == SQLITE_CONSTRAINT_CHECK);
  CHECK(raw.TryExec("INSERT INTO handoffs (client_id, reason, urgent, status, requested_at) "
                    "VALUES (" +
                    client + ", 'distress', 2, 'open', 1)") == SQLITE_CONSTRAINT_CHECK);
  auto plan = [&](const std::string& version, const std::string& status,
                  const std::string& source) {
    return raw.TryExec(
        "INSERT INTO service_plans (client_id, version, assessments, rationale, "
        "status, source, at) VALUES (" +
        client + ", " + version + ", '[]', '{}', '" + status + "', '" + source + "', 1)");
  };
  CHECK(plan("1", "draft", "bot") == SQLITE_CONSTRAINT_CHECK);
  CHECK(plan("1", "proposed", "system") == SQLITE_CONSTRAINT_CHECK);
  CHECK(plan("0", "proposed", "bot") == SQLITE_CONSTRAINT_CHECK);
  CHECK(plan("1", "proposed", "bot") == SQLITE_OK);
  CHECK(plan("1", "confirmed", "client") == SQLITE_CONSTRAINT_UNIQUE);
  CHECK(raw.TryExec("INSERT INTO feedback (client_id, rating, goals_met, at) VALUES (" + client +
                    ", 3, 'maybe', 1)") == SQLITE_CONSTRAINT_CHECK);
  CHECK(raw.TryExec("INSERT INTO feedback (client_id, rating, goals_met, at) VALUES (" + client +
                    ", 3, NULL, 1)") == SQLITE_OK);
}

TEST_CASE("sqlite store: erased text is gone from the database file and its log") {
  TempDir dir;
  const std::string path = dir.File("careerbot.db");
  auto store = MustOpen(path);
  TurnWrite t = Turn("u1", "m1", 1000);
  t.inbound_text = "my name is Zhang Sanfeng-7f3a";
  t.outbound_texts = {"hello Zhang Sanfeng-7f3a"};
  t.answer_json = R"({"replies":[{"text":"hello Zhang Sanfeng-7f3a"}],"state":"s"})";
  t.profile_fields = {{"name", "Zhang Sanfeng-7f3a"}};
  t.feedback = {{5, "yes", "thanks from Zhang Sanfeng-7f3a", 1000}};
  // Longer than a page: its overflow pages go to the free list when it is deleted.
  t.needs_surveys = {{R"({"name":"Zhang Sanfeng-7f3a","story":")" + std::string(6000, 'x') +
                          R"(Zhang Sanfeng-7f3a"})",
                      1000}};
  t.plans = {{1, "[]", R"({"why":"Zhang Sanfeng-7f3a likes maps"})", "proposed", "bot", 1000}};
  t.results = {{"riasec", "1.0", 1, R"({"who":"Zhang Sanfeng-7f3a"})", 1000}};
  REQUIRE(store->CommitTurn(t, nullptr).ok());
  REQUIRE(testing::FilesContain(path, "Zhang Sanfeng-7f3a"));  // the probe sees it

  TurnWrite erase = Turn("u1", "m2", 2000);
  erase.erase_personal_data = true;
  erase.inbound_text = std::nullopt;
  REQUIRE(store->CommitTurn(erase, nullptr).ok());
  CHECK_FALSE(testing::FilesContain(path, "Zhang Sanfeng-7f3a"));

  // The rows as the schema documents them: texts NULL, the placeholder on
  // inbound rows only.
  RawDb raw(path);
  CHECK(raw.Text("SELECT count(*) FROM messages WHERE at = 1000 AND text IS NOT NULL") == "0");
  CHECK(raw.Text("SELECT answer_json FROM messages WHERE message_id = 'm1' AND direction = 'in'") ==
        kErasedAnswerJson);
  CHECK(raw.Text("SELECT count(*) FROM messages WHERE direction = 'out' AND answer_json IS NULL") ==
        "2");
  CHECK(raw.Text("PRAGMA integrity_check") == "ok");
}

TEST_CASE("sqlite store: a failure after the erasure rolls the erasure back") {
  TempDir dir;
  const std::string path = dir.File("careerbot.db");
  auto store = MustOpen(path);
  TurnWrite t = Turn("u1", "m1", 1000);
  t.profile_fields = {{"name", "Li"}};
  t.feedback = {{5, "yes", "kept comment", 1000}};
  int64_t id = 0;
  REQUIRE(store->CommitTurn(t, &id).ok());
  RawDb(path).Exec(
      "CREATE TRIGGER fail_survey BEFORE INSERT ON needs_surveys "
      "BEGIN SELECT RAISE(ABORT, 'injected failure'); END");

  TurnWrite erase = Turn("u1", "m2", 2000);
  erase.erase_personal_data = true;
  erase.needs_surveys = {{"{}", 2000}};  // the last write of the turn fails
  Status s = store->CommitTurn(erase, nullptr);
  CHECK_FALSE(s.ok());
  CHECK(s.message().find("injected failure") != std::string::npos);
  RawDb raw(path);
  CHECK(raw.Text("SELECT value FROM client_profile") == "Li");
  CHECK(raw.Text("SELECT comment FROM feedback") == "kept comment");
  CHECK(raw.Text("SELECT text FROM messages WHERE direction = 'in'") == "secret text of u1");
  CHECK(raw.Text("SELECT count(*) FROM messages") == "2");
}

}  // namespace
}  // namespace careerbot::storage
