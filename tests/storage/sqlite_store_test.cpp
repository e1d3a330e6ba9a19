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

#include "storage/store.h"
#include "tests/support/temp_dir.h"

namespace careerbot::storage {
namespace {

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

std::unique_ptr<Store> MustOpen(const std::string& path, int busy_timeout_ms = 5000) {
  std::unique_ptr<Store> store;
  Status s = OpenSqliteStore({path, busy_timeout_ms}, &store);
  REQUIRE_MESSAGE(s.ok(), s.ToString());
  return store;
}

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
    t.feedback = {{5, "good", 1000}};
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
        "assessment_answers", "assessment_results", "feedback"}) {
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
  t.feedback = {{5, "secret comment", 1000}};
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

}  // namespace
}  // namespace careerbot::storage
