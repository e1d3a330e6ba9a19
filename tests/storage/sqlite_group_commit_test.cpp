// Group commit in the SQLite store (storage/group_commit.h): turns of many
// threads share transactions, yet each lands exactly once, a failing turn fails
// alone, and the reads of a turn see every turn committed before it.
#include <doctest/doctest.h>
#include <sqlite3.h>

#include <algorithm>
#include <atomic>
#include <filesystem>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "storage/sqlite_store.h"
#include "storage/store.h"
#include "tests/support/database_probe.h"
#include "tests/support/sqlite_files.h"
#include "tests/support/temp_dir.h"

namespace careerbot::storage {
namespace {

using testing::MustOpen;
using testing::QueryInt;
using testing::TempDir;

TurnWrite Turn(const std::string& user, const std::string& message_id, int64_t at_ms) {
  TurnWrite t;
  t.key = {"api", "", user};
  t.received_at_ms = at_ms;
  t.message_id = message_id;
  t.inbound_text = "in ";
  t.inbound_text->append(message_id);
  t.outbound_texts = {"reply 1", "reply 2"};
  t.answer_json = R"({"replies":[],"id":")" + message_id + R"("})";
  t.snapshot = {std::string("state ").append(message_id), "{}"};
  return t;
}

// prefix + n, built without `"literal" + std::string`, which GCC 12 at -O2
// reports as a false -Warray-bounds (GCC bug 105651).
std::string Named(const char* prefix, int n) {
  std::string out = prefix;
  out += std::to_string(n);
  return out;
}

// Starts `n` threads running body(i) at the same moment, and joins them.
template <typename Body>
void RunTogether(int n, Body body) {
  std::atomic<int> ready{0};
  std::vector<std::thread> threads;
  for (int i = 0; i < n; ++i) {
    threads.emplace_back([&, i] {
      ready.fetch_add(1);
      while (ready.load() < n) std::this_thread::yield();
      body(i);
    });
  }
  for (auto& t : threads) t.join();
}

TEST_CASE("group commit: every turn of 32 threads lands exactly once, each sent twice at once") {
  TempDir dir;
  const std::string path = dir.File("careerbot.db");
  auto store = MustOpen(path);
  // Threads 2k and 2k+1 send the same turns (a redelivery racing the original);
  // the pairs take turns on 4 shared clients and 12 clients of their own.
  constexpr int kThreads = 32;
  constexpr int kTurns = 30;
  std::vector<int> ok(kThreads, 0), duplicate(kThreads, 0), other(kThreads, 0);
  std::vector<std::vector<int64_t>> ids(kThreads);
  RunTogether(kThreads, [&](int i) {
    const int pair = i / 2;
    for (int n = 0; n < kTurns; ++n) {
      const std::string user = pair < 4 ? Named("shared", n % 4) : Named("own", pair);
      TurnWrite t = Turn(user, Named("p", pair) + Named("-", n), 1000 + n);
      t.answers = {{"riasec", pair, Named("q", n), n % 5 + 1, 1000 + n}};
      int64_t id = -1;
      Status s = store->CommitTurn(t, &id);
      if (s.ok()) {
        ++ok[i];
      } else if (s.code() == Status::Code::kAlreadyExists) {
        ++duplicate[i];
      } else {
        ++other[i];
        FAIL_CHECK(s.ToString());
      }
      ids[i].push_back(id);
    }
  });
  for (int pair = 0; pair < kThreads / 2; ++pair) {
    CAPTURE(pair);
    CHECK(other[2 * pair] + other[2 * pair + 1] == 0);
    // Of each turn sent twice, one was committed and the other refused.
    CHECK(ok[2 * pair] + ok[2 * pair + 1] == kTurns);
    CHECK(duplicate[2 * pair] + duplicate[2 * pair + 1] == kTurns);
    // Both answers name the same client (a refused turn of a known client gets its id).
    CHECK(ids[2 * pair] == ids[2 * pair + 1]);
  }
  const int64_t unique_turns = kThreads / 2 * kTurns;
  CHECK(QueryInt(path, "SELECT count(*) FROM messages WHERE direction = 'in'") == unique_turns);
  CHECK(QueryInt(path, "SELECT count(*) FROM messages WHERE direction = 'out'") == 2 * unique_turns);
  CHECK(QueryInt(path, "SELECT count(DISTINCT client_id || ' ' || message_id) FROM messages "
                       "WHERE direction = 'in'") == unique_turns);
  CHECK(QueryInt(path, "SELECT count(*) FROM assessment_answers") == unique_turns);
  CHECK(QueryInt(path, "SELECT count(*) FROM clients") == 4 + 12);
  CHECK(QueryInt(path, "SELECT count(*) FROM sessions") == 4 + 12);
  // Every stored answer can be found again, from any thread's point of view.
  std::optional<std::string> answer;
  REQUIRE(store->FindAnswer({"api", "", "own9"}, "p9-29", &answer).ok());
  CHECK(answer == R"({"replies":[],"id":"p9-29"})");
}

TEST_CASE("group commit: a failing turn fails alone while others commit beside it") {
  TempDir dir;
  const std::string path = dir.File("careerbot.db");
  auto store = MustOpen(path);
  // Fault injection: feedback with the comment "fail" is refused by the database.
  {
    sqlite3* db = nullptr;
    REQUIRE(sqlite3_open(path.c_str(), &db) == SQLITE_OK);
    REQUIRE(sqlite3_exec(db,
                         "CREATE TRIGGER fail_feedback BEFORE INSERT ON feedback WHEN NEW.comment = 'fail' "
                         "BEGIN SELECT RAISE(ABORT, 'injected failure'); END",
                         nullptr, nullptr, nullptr) == SQLITE_OK);
    sqlite3_close(db);
  }
  constexpr int kThreads = 16;
  constexpr int kTurns = 20;
  std::vector<int> failed_as_injected(kThreads, 0), wrong(kThreads, 0);
  RunTogether(kThreads, [&](int i) {
    for (int n = 0; n < kTurns; ++n) {
      TurnWrite t = Turn(Named("user", i), Named("m", n), 1000 + n);
      // Every fifth turn of the odd threads fails late, after its other writes.
      const bool fail = i % 2 == 1 && n % 5 == 4;
      t.feedback = {{4, std::nullopt, fail ? "fail" : "fine", 1000 + n}};
      Status s = store->CommitTurn(t, nullptr);
      if (fail && !s.ok() && s.message().find("injected failure") != std::string::npos) {
        ++failed_as_injected[i];
      } else if (fail || !s.ok()) {
        ++wrong[i];
      }
    }
  });
  int failures = 0;
  for (int i = 0; i < kThreads; ++i) {
    CHECK(wrong[i] == 0);
    failures += failed_as_injected[i];
  }
  CHECK(failures == kThreads / 2 * kTurns / 5);
  const int64_t kept = kThreads * kTurns - failures;
  CHECK(QueryInt(path, "SELECT count(*) FROM messages WHERE direction = 'in'") == kept);
  CHECK(QueryInt(path, "SELECT count(*) FROM feedback") == kept);
  CHECK(QueryInt(path, "SELECT count(*) FROM feedback WHERE comment = 'fail'") == 0);
  CHECK(QueryInt(path, "SELECT count(*) FROM messages WHERE message_id = 'm4'") == 3 * kThreads / 2);
}

TEST_CASE("group commit: a turn's reads see every turn committed before it") {
  TempDir dir;
  const std::string path = dir.File("careerbot.db");
  auto store = MustOpen(path);
  // Each thread plays one client: it must always load the snapshot it wrote last,
  // although the reads run on other connections than the commits.
  constexpr int kThreads = 8;
  constexpr int kTurns = 40;
  std::vector<int> stale(kThreads, 0);
  RunTogether(kThreads, [&](int i) {
    const std::string user = Named("reader", i);
    for (int n = 0; n < kTurns; ++n) {
      REQUIRE(store->CommitTurn(Turn(user, Named("m", n), 1000 + n), nullptr).ok());
      std::optional<StoredSession> session;
      REQUIRE(store->LoadSession({"api", "", user}, &session).ok());
      std::optional<std::string> answer;
      REQUIRE(store->FindAnswer({"api", "", user}, Named("m", n), &answer).ok());
      if (!session || session->snapshot.state != Named("state m", n) || !answer) ++stale[i];
    }
  });
  for (int i = 0; i < kThreads; ++i) CHECK(stale[i] == 0);
}

TEST_CASE("group commit: checkpoints keep up off the commit path and the log stays bounded") {
  TempDir dir;
  const std::string path = dir.File("careerbot.db");
  auto store = MustOpen(path);
  const auto initial_size = std::filesystem::file_size(path);
  // About 12 pages of log per turn (three 4 KB replies, their journal rows and
  // the answer): some 19,000 pages in all, past kInlineFrames twice over.
  constexpr int kThreads = 16;
  constexpr int kTurns = 100;
  const std::string bulky(4000, 'x');
  std::uintmax_t largest_log = 0;
  std::mutex largest_mu;
  RunTogether(kThreads, [&](int i) {
    for (int n = 0; n < kTurns; ++n) {
      TurnWrite t = Turn(Named("bulky", i), Named("m", n), 1000 + n);
      t.outbound_texts = {bulky, bulky, bulky};
      REQUIRE(store->CommitTurn(t, nullptr).ok());
      std::error_code ec;
      const auto log = std::filesystem::file_size(path + "-wal", ec);
      std::lock_guard lock(largest_mu);
      if (!ec) largest_log = std::max(largest_log, log);
    }
  });
  // The database file received the pages while the store was open ...
  CHECK(std::filesystem::file_size(path) > initial_size + 10'000'000);
  // ... and the log restarted instead of growing with every turn (8000 frames of
  // 4 KB, plus the group that crossed the line).
  CHECK(largest_log < 48'000'000);
  store.reset();
  CHECK(QueryInt(path, "SELECT count(*) FROM messages WHERE direction = 'out'") == 3 * kThreads * kTurns);
  CHECK(testing::QueryText(path, "PRAGMA integrity_check") == "ok");
}

}  // namespace
}  // namespace careerbot::storage
