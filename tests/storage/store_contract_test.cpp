// Contract tests: every case runs against each Store implementation, so the
// in-memory store the other rooms test with behaves exactly like the SQLite
// store that ships. A case names its implementation in the test name
// ("... <sqlite>").
#include "tests/storage/store_contract.h"

#include <doctest/doctest.h>

#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "storage/store.h"

namespace careerbot::storage {
namespace {

using namespace contract;

TEST_CASE_TEMPLATE("store contract: the first commit creates the client", F, CONTRACT_STORES) {
  F f;
  Store& store = *f.store;
  CHECK(store.Ping().ok());
  std::optional<int64_t> found = 99;
  REQUIRE(store.FindClientId(Key("u1"), &found).ok());
  CHECK(found == std::nullopt);

  const int64_t id = MustCommit(store, Turn(Key("u1"), "m1", 1000));
  CHECK(id > 0);
  REQUIRE(store.FindClientId(Key("u1"), &found).ok());
  CHECK(found == id);
  CHECK(MustCommit(store, Turn(Key("u1"), "m2", 2000)) == id);  // the same client again
  const int64_t other = MustCommit(store, Turn(Key("u2"), "m1", 3000));
  CHECK(other != id);
  CHECK(other > 0);
  CHECK(store.CommitTurn(Turn(Key("u3"), "m1", 4000), nullptr).ok());  // client_id is optional
}

TEST_CASE_TEMPLATE("store contract: LoadSession returns the last snapshot", F, CONTRACT_STORES) {
  F f;
  Store& store = *f.store;
  std::optional<StoredSession> session;
  REQUIRE(store.LoadSession(Key("u1"), &session).ok());
  CHECK(session == std::nullopt);

  const int64_t id = MustCommit(store, Turn(Key("u1"), "m1", 1000));
  REQUIRE(store.LoadSession(Key("u1"), &session).ok());
  REQUIRE(session);
  CHECK(session->client_id == id);
  CHECK(session->snapshot.state == "state-m1");
  CHECK(session->snapshot.context_json == R"({"after":"m1"})");
  CHECK(session->updated_at_ms == 1000);

  MustCommit(store, Turn(Key("u1"), "m2", 2000));
  REQUIRE(store.LoadSession(Key("u1"), &session).ok());
  REQUIRE(session);
  CHECK(session->snapshot.state == "state-m2");
  CHECK(session->snapshot.context_json == R"({"after":"m2"})");
  CHECK(session->updated_at_ms == 2000);
}

TEST_CASE_TEMPLATE("store contract: FindAnswer returns the stored answer", F, CONTRACT_STORES) {
  F f;
  Store& store = *f.store;
  std::optional<std::string> answer = "stale";
  REQUIRE(store.FindAnswer(Key("u1"), "m1", &answer).ok());
  CHECK(answer == std::nullopt);  // unknown client

  TurnWrite t = Turn(Key("u1"), "m1", 1000);
  t.answer_json = R"({"replies":[{"text":"你好","choices":[{"id":"1","label":"是"}]}]})";
  MustCommit(store, t);
  REQUIRE(store.FindAnswer(Key("u1"), "m1", &answer).ok());
  CHECK(answer == t.answer_json);
  REQUIRE(store.FindAnswer(Key("u1"), "m2", &answer).ok());
  CHECK(answer == std::nullopt);  // unknown message id
  REQUIRE(store.FindAnswer(Key("u2"), "m1", &answer).ok());
  CHECK(answer == std::nullopt);  // the same id from someone else
  REQUIRE(store.FindAnswer(Key("u1", "telegram"), "m1", &answer).ok());
  CHECK(answer == std::nullopt);  // ... or on another channel
  CHECK(store.FindAnswer(Key("u1"), "", &answer).code() == Status::Code::kInvalidArgument);
}

TEST_CASE_TEMPLATE("store contract: a duplicate message id changes nothing", F, CONTRACT_STORES) {
  F f;
  Store& store = *f.store;
  TurnWrite first = Turn(Key("u1"), "m1", 1000);
  first.answers = {{"riasec", 1, "q1", 3, 1000}};
  const int64_t id = MustCommit(store, first);
  const std::string journal_before = Journal(store, id);

  TurnWrite again = Turn(Key("u1"), "m1", 2000);
  again.snapshot = {"other", "{}"};
  again.answers = {{"riasec", 1, "q1", 5, 2000}};
  again.feedback = {{4, "yes", "ok", 2000}};
  int64_t dup_id = -1;
  Status s = store.CommitTurn(again, &dup_id);
  CHECK(s.code() == Status::Code::kAlreadyExists);
  CHECK(dup_id == id);

  CHECK(Journal(store, id) == journal_before);
  CHECK(journal_before == "in m1 'in:m1' @1000 | out m1 'out:m1' @1000");
  std::optional<StoredSession> session;
  REQUIRE(store.LoadSession(Key("u1"), &session).ok());
  REQUIRE(session);
  CHECK(session->snapshot.state == "state-m1");
  CHECK(session->updated_at_ms == 1000);
  CHECK(Answers(store, id) == "riasec/1/q1=3@1000");
  std::vector<FeedbackRecord> feedback;
  REQUIRE(store.ListFeedback(id, &feedback).ok());
  CHECK(feedback.empty());
  std::optional<std::string> answer;
  REQUIRE(store.FindAnswer(Key("u1"), "m1", &answer).ok());
  CHECK(answer == first.answer_json);

  // The store is still usable: the refused turn left no transaction open.
  MustCommit(store, Turn(Key("u1"), "m2", 3000));
  CHECK(
      Journal(store, id) ==
      "in m1 'in:m1' @1000 | out m1 'out:m1' @1000 | in m2 'in:m2' @3000 | out m2 'out:m2' @3000");
}

TEST_CASE_TEMPLATE("store contract: an empty message id never de-duplicates", F, CONTRACT_STORES) {
  F f;
  Store& store = *f.store;
  TurnWrite t = Turn(Key("u1"), "", 1000);
  const int64_t id = MustCommit(store, t);
  t.received_at_ms = 2000;
  CHECK(MustCommit(store, t) == id);
  CHECK(Journal(store, id) ==
        "in  'in:' @1000 | out  'out:' @1000 | in  'in:' @2000 | out  'out:' @2000");
}

TEST_CASE_TEMPLATE("store contract: the journal keeps null text and reply order", F,
                   CONTRACT_STORES) {
  F f;
  Store& store = *f.store;
  TurnWrite t = Turn(Key("u1"), "m1", 1000);
  t.inbound_text = std::nullopt;  // no consent yet: not kept
  t.outbound_texts = {"first", "second", "third"};
  const int64_t id = MustCommit(store, t);
  TurnWrite quiet = Turn(Key("u1"), "m2", 2000);
  quiet.outbound_texts.clear();
  quiet.inbound_text = "";  // an empty text is kept as empty, not as null
  MustCommit(store, quiet);
  CHECK(Journal(store, id) ==
        "in m1 null @1000 | out m1 'first' @1000 | out m1 'second' @1000 | out m1 'third' @1000 | "
        "in m2 '' @2000");
}

TEST_CASE_TEMPLATE("store contract: a turn without a journal row saves the snapshot only", F,
                   CONTRACT_STORES) {
  F f;
  Store& store = *f.store;
  const int64_t id = MustCommit(store, Turn(Key("u1"), "m1", 1000));
  TurnWrite fetch;
  fetch.key = Key("u1");
  fetch.received_at_ms = 2000;
  fetch.journaled = false;
  fetch.snapshot = {"state-fetched", R"({"held":[]})"};
  CHECK(MustCommit(store, fetch) == id);
  CHECK(Journal(store, id) == "in m1 'in:m1' @1000 | out m1 'out:m1' @1000");
  std::optional<StoredSession> session;
  REQUIRE(store.LoadSession(Key("u1"), &session).ok());
  REQUIRE(session.has_value());
  CHECK(session->snapshot.state == "state-fetched");
  CHECK(session->snapshot.context_json == R"({"held":[]})");
  CHECK(session->updated_at_ms == 2000);

  SUBCASE("it may carry no message") {
    TurnWrite with_text = fetch;
    with_text.inbound_text = "hello";
    CHECK(store.CommitTurn(with_text, nullptr).code() == Status::Code::kInvalidArgument);
    TurnWrite with_reply = fetch;
    with_reply.outbound_texts = {"reply"};
    CHECK(store.CommitTurn(with_reply, nullptr).code() == Status::Code::kInvalidArgument);
    TurnWrite with_id = fetch;
    with_id.message_id = "m2";
    with_id.snapshot.state = "state-refused";
    CHECK(store.CommitTurn(with_id, nullptr).code() == Status::Code::kInvalidArgument);
    REQUIRE(store.LoadSession(Key("u1"), &session).ok());
    CHECK(session->snapshot.state == "state-fetched");
    CHECK(Journal(store, id) == "in m1 'in:m1' @1000 | out m1 'out:m1' @1000");
  }
}

TEST_CASE_TEMPLATE("store contract: an answer to the same item replaces the old one", F,
                   CONTRACT_STORES) {
  F f;
  Store& store = *f.store;
  TurnWrite t1 = Turn(Key("u1"), "m1", 1000);
  t1.answers = {{"riasec", 1, "q1", 2, 1000}, {"riasec", 1, "q2", 4, 1000}};
  const int64_t id = MustCommit(store, t1);
  TurnWrite t2 = Turn(Key("u1"), "m2", 2000);
  // q1 changed; q1 twice in one turn keeps the last; the same item in another
  // attempt is another answer.
  t2.answers = {
      {"riasec", 1, "q1", 5, 2000}, {"riasec", 1, "q1", 1, 2000}, {"riasec", 2, "q1", 3, 2000}};
  MustCommit(store, t2);
  CHECK(Answers(store, id) == "riasec/1/q2=4@1000 riasec/1/q1=1@2000 riasec/2/q1=3@2000");
}

TEST_CASE_TEMPLATE("store contract: lists come back in their documented order", F,
                   CONTRACT_STORES) {
  F f;
  Store& store = *f.store;
  TurnWrite t1 = Turn(Key("u1"), "m1", 1000);
  t1.consents = {{"privacy_notice", "v1", true, "api", 1000}};
  t1.profile_fields = {{"name", "Li"}, {"age", "20"}};
  // Same millisecond: first insertion decides; instrument and attempt come first.
  t1.answers = {{"riasec", 1, "q9", 1, 1000},
                {"big5", 1, "q2", 2, 1000},
                {"riasec", 1, "q10", 3, 1000},
                {"big5", 1, "q1", 4, 900}};
  t1.results = {{"big5", "2.0", 1, R"({"o":1})", 1000}};
  t1.feedback = {{5, std::nullopt, std::nullopt, 1000}};
  const int64_t id = MustCommit(store, t1);

  TurnWrite t2 = Turn(Key("u1"), "m2", 2000);
  t2.consents = {{"privacy_notice", "v1", false, "api", 2000},
                 {"service_agreement", "v3", true, "api", 2000}};
  t2.profile_fields = {{"name", "Wang"}, {"city", "Xi'an"}};
  t2.results = {{"riasec", "1.0", 1, R"({"r":2})", 2000},
                {"big5", "2.1", 1, R"({"o":3})", 2000}};  // big5 attempt 1 scored again
  t2.feedback = {{2, "no", "too long", 2000}};
  MustCommit(store, t2);

  std::vector<ConsentRecord> consents;
  REQUIRE(store.ListConsents(id, &consents).ok());
  REQUIRE(consents.size() == 3);
  CHECK((consents[0].document == "privacy_notice" && consents[0].version == "v1" &&
         consents[0].accepted && consents[0].channel == "api" && consents[0].at_ms == 1000));
  CHECK((consents[1].document == "privacy_notice" && !consents[1].accepted &&
         consents[1].at_ms == 2000));
  CHECK((consents[2].document == "service_agreement" && consents[2].version == "v3" &&
         consents[2].accepted));

  std::vector<ProfileFieldRecord> profile;
  REQUIRE(store.ListProfile(id, &profile).ok());
  REQUIRE(profile.size() == 3);  // by field name; name upserted
  CHECK((profile[0].field == "age" && profile[0].value == "20"));
  CHECK((profile[1].field == "city" && profile[1].value == "Xi'an"));
  CHECK((profile[2].field == "name" && profile[2].value == "Wang"));

  CHECK(Answers(store, id) ==
        "big5/1/q1=4@900 big5/1/q2=2@1000 riasec/1/q9=1@1000 riasec/1/q10=3@1000");

  std::vector<AssessmentResultRecord> results;
  REQUIRE(store.ListResults(id, &results).ok());
  REQUIRE(results.size() == 2);
  CHECK((results[0].instrument == "big5" && results[0].instrument_version == "2.1" &&
         results[0].attempt == 1 && results[0].result_json == R"({"o":3})" &&
         results[0].completed_at_ms == 2000));
  CHECK((results[1].instrument == "riasec" && results[1].result_json == R"({"r":2})"));

  CHECK(Feedback(store, id) ==
        "5 goals=null comment=null @1000 | 2 goals='no' comment='too long' @2000");

  // A client id nobody has: empty lists, not an error.
  std::vector<JournalEntry> journal = {JournalEntry{}};
  REQUIRE(store.ListJournal(id + 100, &journal).ok());
  CHECK(journal.empty());
  std::vector<FeedbackRecord> feedback = {FeedbackRecord{}};
  REQUIRE(store.ListFeedback(id + 100, &feedback).ok());
  CHECK(feedback.empty());
}

TEST_CASE_TEMPLATE("store contract: keys on different channels are different clients", F,
                   CONTRACT_STORES) {
  F f;
  Store& store = *f.store;
  const int64_t api = MustCommit(store, Turn({"api", "", "same"}, "m1", 1000));
  const int64_t tg = MustCommit(store, Turn({"telegram", "bot1", "same"}, "m1", 1000));
  const int64_t tg2 = MustCommit(store, Turn({"telegram", "bot2", "same"}, "m1", 1000));
  CHECK(api != tg);
  CHECK(tg != tg2);
  CHECK(Journal(store, api) == "in m1 'in:m1' @1000 | out m1 'out:m1' @1000");
  CHECK(Journal(store, tg) == "in m1 'in:m1' @1000 | out m1 'out:m1' @1000");
  std::optional<StoredSession> session;
  REQUIRE(store.LoadSession({"telegram", "bot2", "same"}, &session).ok());
  REQUIRE(session);
  CHECK(session->client_id == tg2);
}

TEST_CASE_TEMPLATE("store contract: an invalid turn is refused and changes nothing", F,
                   CONTRACT_STORES) {
  F f;
  Store& store = *f.store;
  TurnWrite t = Turn(Key("u1"), "m1", 1000);
  t.feedback = {{6, std::nullopt, std::nullopt, 1000}};
  CHECK(store.CommitTurn(t, nullptr).code() == Status::Code::kInvalidArgument);
  t.feedback.clear();
  t.key.user.clear();
  CHECK(store.CommitTurn(t, nullptr).code() == Status::Code::kInvalidArgument);
  std::optional<int64_t> id;
  REQUIRE(store.FindClientId(Key("u1"), &id).ok());
  CHECK(id == std::nullopt);
}

TEST_CASE_TEMPLATE("store contract: concurrent turns of one client all land", F, CONTRACT_STORES) {
  F f;
  Store& store = *f.store;
  constexpr int kThreads = 4;
  constexpr int kTurns = 25;
  std::vector<std::thread> threads;
  std::vector<int> failures(kThreads, 0);
  for (int i = 0; i < kThreads; ++i) {
    threads.emplace_back([&, i] {
      for (int n = 0; n < kTurns; ++n) {
        std::string id = std::to_string(i) + "-" + std::to_string(n);
        if (!store.CommitTurn(Turn(Key("u1"), id, 1000 + n), nullptr).ok()) ++failures[i];
      }
    });
  }
  for (std::thread& t : threads) t.join();
  for (int i = 0; i < kThreads; ++i) CHECK(failures[i] == 0);
  std::optional<int64_t> id;
  REQUIRE(store.FindClientId(Key("u1"), &id).ok());
  REQUIRE(id);
  std::vector<JournalEntry> journal;
  REQUIRE(store.ListJournal(*id, &journal).ok());
  CHECK(journal.size() == 2 * kThreads * kTurns);
}

}  // namespace
}  // namespace careerbot::storage
