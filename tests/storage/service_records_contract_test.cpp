// Contract tests for the records of the whole individual service (complaints,
// hand-offs, service plans, needs surveys, goals met) and for the erasure of a
// client's personal data, against every Store implementation.
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "storage/store.h"
#include "tests/storage/store_contract.h"

namespace careerbot::storage {
namespace {

using namespace contract;

ComplaintRecord Complaint(const std::string& ticket, int64_t at_ms) {
  return {ticket, "service", "waited a week for my report", std::nullopt, "received", at_ms, at_ms};
}

ServicePlanRecord Plan(int version, const std::string& status, const std::string& source,
                       int64_t at_ms) {
  return {version, R"(["iip_riasec_48"])", R"({"iip_riasec_48":"interests first"})", status, source,
          at_ms};
}

// Everything the store keeps about one client, in one string, to show that a
// refused turn changed nothing.
std::string Everything(Store& store, int64_t id) {
  return Journal(store, id) + "\n" + Consents(store, id) + "\n" + Profile(store, id) + "\n" +
         Answers(store, id) + "\n" + Results(store, id) + "\n" + Feedback(store, id) + "\n" +
         Complaints(store, id) + "\n" + Handoffs(store, id) + "\n" + Plans(store, id) + "\n" +
         NeedsSurveys(store, id);
}

TEST_CASE_TEMPLATE("store contract: service records round-trip in their documented order", F,
                   CONTRACT_STORES) {
  F f;
  Store& store = *f.store;
  TurnWrite t1 = Turn(Key("u1"), "m1", 1000);
  t1.complaints = {Complaint("C-00000001", 1000)};
  t1.handoffs = {{"client_request", false, "open", 1000}};
  t1.plans = {Plan(1, "proposed", "bot", 1000)};
  t1.needs_surveys = {{R"({"situation":"student","city":"西安"})", 1000}};
  const int64_t id = MustCommit(store, t1);

  TurnWrite t2 = Turn(Key("u1"), "m2", 2000);
  t2.complaints = {
      {"C-ZZ9AB0Q7", "privacy", "我的数据被谁看过？", "电话 138 0000 0000", "received", 2000, 2100},
      {"C-10000000", "other", "", std::nullopt, "closed", 2000, 2000}};
  t2.handoffs = {{"distress", true, "open", 2000}, {"client_request", false, "done", 2001}};
  // Written out of order: ListPlans orders by version.
  t2.plans = {Plan(3, "confirmed", "counsellor", 2000), Plan(2, "confirmed", "client", 2000)};
  t2.needs_surveys = {{"{}", 2000}};
  MustCommit(store, t2);

  CHECK(
      Complaints(store, id) ==
      "C-00000001 service 'waited a week for my report' contact=null received @1000/1000 | "
      "C-ZZ9AB0Q7 privacy '我的数据被谁看过？' contact='电话 138 0000 0000' received @2000/2100 | "
      "C-10000000 other '' contact=null closed @2000/2000");
  CHECK(Handoffs(store, id) ==
        "client_request normal open @1000 | distress urgent open @2000 | "
        "client_request normal done @2001");
  CHECK(
      Plans(store, id) ==
      R"(v1 proposed by bot ["iip_riasec_48"] {"iip_riasec_48":"interests first"} @1000 | )"
      R"(v2 confirmed by client ["iip_riasec_48"] {"iip_riasec_48":"interests first"} @2000 | )"
      R"(v3 confirmed by counsellor ["iip_riasec_48"] {"iip_riasec_48":"interests first"} @2000)");
  CHECK(NeedsSurveys(store, id) == R"({"situation":"student","city":"西安"} @1000 | {} @2000)");

  // Nobody else has any of them; an unknown id has empty lists.
  const int64_t other = MustCommit(store, Turn(Key("u2"), "m1", 3000));
  for (int64_t none : {other, id + 100}) {
    CAPTURE(none);
    CHECK(Complaints(store, none).empty());
    CHECK(Handoffs(store, none).empty());
    CHECK(Plans(store, none).empty());
    CHECK(NeedsSurveys(store, none).empty());
  }
}

TEST_CASE_TEMPLATE("store contract: goals_met round-trips, null included", F, CONTRACT_STORES) {
  F f;
  Store& store = *f.store;
  TurnWrite t = Turn(Key("u1"), "m1", 1000);
  t.feedback = {{5, "yes", std::nullopt, 1000},
                {3, std::nullopt, "no question asked", 1001},
                {2, "partly", "", 1002},
                {1, "no", "nothing fitted", 1003}};
  const int64_t id = MustCommit(store, t);
  CHECK(Feedback(store, id) ==
        "5 goals='yes' comment=null @1000 | 3 goals=null comment='no question asked' @1001 | "
        "2 goals='partly' comment='' @1002 | 1 goals='no' comment='nothing fitted' @1003");
}

TEST_CASE_TEMPLATE("store contract: FindComplaint finds only the client's own ticket", F,
                   CONTRACT_STORES) {
  F f;
  Store& store = *f.store;
  TurnWrite t = Turn(Key("u1"), "m1", 1000);
  t.complaints = {Complaint("C-AAAA0001", 1000), Complaint("C-AAAA0002", 1001)};
  const int64_t id = MustCommit(store, t);
  const int64_t other = MustCommit(store, Turn(Key("u2"), "m1", 1000));

  std::optional<ComplaintRecord> found;
  REQUIRE(store.FindComplaint(id, "C-AAAA0002", &found).ok());
  REQUIRE(found);
  CHECK(Render(*found) ==
        "C-AAAA0002 service 'waited a week for my report' contact=null received @1001/1001");
  found = Complaint("C-STALE000", 1);
  REQUIRE(store.FindComplaint(other, "C-AAAA0002", &found).ok());
  CHECK(found == std::nullopt);  // another client's ticket
  found = Complaint("C-STALE000", 1);
  REQUIRE(store.FindComplaint(id, "C-AAAA0003", &found).ok());
  CHECK(found == std::nullopt);  // no such ticket
  REQUIRE(store.FindComplaint(id + 100, "C-AAAA0001", &found).ok());
  CHECK(found == std::nullopt);  // no such client
  REQUIRE(store.FindComplaint(id, "c-aaaa0001", &found).ok());
  CHECK(found == std::nullopt);  // tickets are compared exactly
}

TEST_CASE_TEMPLATE("store contract: a taken ticket refuses the whole turn", F, CONTRACT_STORES) {
  F f;
  Store& store = *f.store;
  TurnWrite first = Turn(Key("u1"), "m1", 1000);
  first.complaints = {Complaint("C-TAKEN001", 1000)};
  first.profile_fields = {{"name", "Li"}};
  first.plans = {Plan(1, "proposed", "bot", 1000)};
  const int64_t u1 = MustCommit(store, first);
  const int64_t u2 = MustCommit(store, Turn(Key("u2"), "m1", 1000));
  const std::string u1_before = Everything(store, u1);
  const std::string u2_before = Everything(store, u2);

  // A turn carrying every kind of record, so that "nothing" is checked for each.
  auto full_turn = [](const std::string& user, const std::string& message_id) {
    TurnWrite t = Turn(Key(user), message_id, 5000);
    t.snapshot = {"should-not-be-saved", "{}"};
    t.consents = {{"privacy_notice", "v1", true, "api", 5000}};
    t.profile_fields = {{"name", "Wang"}};
    t.answers = {{"riasec", 1, "q1", 3, 5000}};
    t.results = {{"riasec", "1.0", 1, "{}", 5000}};
    t.feedback = {{4, "yes", "fine", 5000}};
    t.handoffs = {{"client_request", false, "open", 5000}};
    t.plans = {Plan(7, "proposed", "bot", 5000)};
    t.needs_surveys = {{"{}", 5000}};
    return t;
  };
  auto unchanged = [&] {
    CHECK(Everything(store, u1) == u1_before);
    CHECK(Everything(store, u2) == u2_before);
    for (const char* user : {"u1", "u2"}) {
      CAPTURE(user);
      std::optional<StoredSession> session;
      REQUIRE(store.LoadSession(Key(user), &session).ok());
      REQUIRE(session);
      CHECK(session->snapshot.state == "state-m1");
      // How a caller tells this from a duplicate message id: no answer was kept.
      std::optional<std::string> answer;
      REQUIRE(store.FindAnswer(Key(user), "m2", &answer).ok());
      CHECK(answer == std::nullopt);
    }
  };

  SUBCASE("another client's ticket") {
    TurnWrite t = full_turn("u2", "m2");
    t.complaints = {Complaint("C-NEW00001", 5000), Complaint("C-TAKEN001", 5000)};
    int64_t client_id = -1;
    CHECK(store.CommitTurn(t, &client_id).code() == Status::Code::kAlreadyExists);
    CHECK(client_id == u2);
    unchanged();
    // The refused turn took nothing: its other ticket is still free.
    TurnWrite retry = Turn(Key("u2"), "m2", 6000);
    retry.complaints = {Complaint("C-NEW00001", 6000)};
    MustCommit(store, retry);
    CHECK(Complaints(store, u2) ==
          "C-NEW00001 service 'waited a week for my report' contact=null received @6000/6000");
  }
  SUBCASE("the client's own ticket again") {
    TurnWrite t = full_turn("u1", "m2");
    t.complaints = {Complaint("C-TAKEN001", 5000)};
    int64_t client_id = -1;
    CHECK(store.CommitTurn(t, &client_id).code() == Status::Code::kAlreadyExists);
    CHECK(client_id == u1);
    unchanged();
  }
  SUBCASE("one ticket twice in one turn") {
    TurnWrite t = full_turn("u2", "m2");
    t.complaints = {Complaint("C-TWICE001", 5000), Complaint("C-TWICE001", 5000)};
    CHECK(store.CommitTurn(t, nullptr).code() == Status::Code::kAlreadyExists);
    unchanged();
  }
  SUBCASE("a taken ticket in an erasing turn erases nothing") {
    TurnWrite t = full_turn("u1", "m2");
    t.erase_personal_data = true;
    t.complaints = {Complaint("C-TAKEN001", 5000)};
    CHECK(store.CommitTurn(t, nullptr).code() == Status::Code::kAlreadyExists);
    unchanged();
    CHECK(Profile(store, u1) == "name=Li");
  }
  SUBCASE("a new client's first turn creates no client") {
    TurnWrite t = full_turn("u3", "m1");
    t.complaints = {Complaint("C-TAKEN001", 5000)};
    int64_t client_id = -1;
    CHECK(store.CommitTurn(t, &client_id).code() == Status::Code::kAlreadyExists);
    CHECK(client_id == -1);
    std::optional<int64_t> u3;
    REQUIRE(store.FindClientId(Key("u3"), &u3).ok());
    CHECK(u3 == std::nullopt);
    unchanged();
    // The next client gets an id of its own, not one the refused turn used.
    const int64_t next = MustCommit(store, Turn(Key("u3"), "m1", 6000));
    CHECK(next != u1);
    CHECK(next != u2);
    CHECK(Journal(store, next) == "in m1 'in:m1' @6000 | out m1 'out:m1' @6000");
  }
  // Whichever way it was refused, the store still takes the next turn.
  MustCommit(store, Turn(Key("u1"), "m9", 9000));
}

TEST_CASE_TEMPLATE("store contract: plan versions are unique per client", F, CONTRACT_STORES) {
  F f;
  Store& store = *f.store;
  TurnWrite t1 = Turn(Key("u1"), "m1", 1000);
  t1.plans = {Plan(1, "proposed", "bot", 1000)};
  const int64_t id = MustCommit(store, t1);
  const std::string before = Everything(store, id);

  TurnWrite again = Turn(Key("u1"), "m2", 2000);
  again.profile_fields = {{"name", "Li"}};
  again.plans = {Plan(1, "confirmed", "client", 2000)};
  CHECK(store.CommitTurn(again, nullptr).code() == Status::Code::kInvalidArgument);
  again.plans = {Plan(2, "proposed", "client", 2000), Plan(2, "confirmed", "client", 2000)};
  CHECK(store.CommitTurn(again, nullptr).code() == Status::Code::kInvalidArgument);
  again.plans = {Plan(0, "proposed", "client", 2000)};
  CHECK(store.CommitTurn(again, nullptr).code() == Status::Code::kInvalidArgument);
  CHECK(Everything(store, id) == before);

  // Another client numbers its own plans.
  TurnWrite other = Turn(Key("u2"), "m1", 3000);
  other.plans = {Plan(1, "confirmed", "counsellor", 3000)};
  const int64_t u2 = MustCommit(store, other);
  CHECK(
      Plans(store, u2) ==
      R"(v1 confirmed by counsellor ["iip_riasec_48"] {"iip_riasec_48":"interests first"} @3000)");

  again.plans = {Plan(2, "confirmed", "client", 2000)};
  MustCommit(store, again);
  CHECK(Plans(store, id) ==
        R"(v1 proposed by bot ["iip_riasec_48"] {"iip_riasec_48":"interests first"} @1000 | )"
        R"(v2 confirmed by client ["iip_riasec_48"] {"iip_riasec_48":"interests first"} @2000)");
}

TEST_CASE_TEMPLATE("store contract: the service records' rules refuse a turn", F, CONTRACT_STORES) {
  F f;
  Store& store = *f.store;
  TurnWrite t = Turn(Key("u1"), "m1", 1000);
  auto refused = [&](const TurnWrite& bad) {
    CHECK(store.CommitTurn(bad, nullptr).code() == Status::Code::kInvalidArgument);
  };
  for (const char* ticket : {"", "C-1234567", "C-123456789", "c-12345678", "C-1234567a",
                             "X-12345678", "C-1234 678", "C-12345678 ", "CC12345678"}) {
    CAPTURE(ticket);
    TurnWrite bad = t;
    bad.complaints = {Complaint(ticket, 1000)};
    refused(bad);
  }
  {
    TurnWrite bad = t;
    bad.complaints = {Complaint("C-00000001", 1000)};
    bad.complaints[0].category = "Service";
    refused(bad);
    bad.complaints[0].category = "service";
    bad.complaints[0].status = "";
    refused(bad);
  }
  {
    TurnWrite bad = t;
    bad.handoffs = {{"bored", false, "open", 1000}};
    refused(bad);
    bad.handoffs = {{"distress", true, "", 1000}};
    refused(bad);
  }
  {
    TurnWrite bad = t;
    bad.plans = {Plan(1, "draft", "bot", 1000)};
    refused(bad);
    bad.plans = {Plan(1, "proposed", "system", 1000)};
    refused(bad);
  }
  for (const char* goals : {"", "Yes", "maybe"}) {
    CAPTURE(goals);
    TurnWrite bad = t;
    bad.feedback = {{5, std::string(goals), std::nullopt, 1000}};
    refused(bad);
  }
  std::optional<int64_t> id;
  REQUIRE(store.FindClientId(Key("u1"), &id).ok());
  CHECK(id == std::nullopt);
  // Every listed value passes.
  for (const char* category : {"service", "counsellor", "assessment", "privacy", "other"}) {
    t.complaints.push_back(Complaint("C-0000000" + std::to_string(t.complaints.size()), 1000));
    t.complaints.back().category = category;
  }
  t.handoffs = {{"client_request", false, "open", 1000}, {"distress", true, "open", 1000}};
  t.plans = {Plan(1, "proposed", "bot", 1000), Plan(2, "confirmed", "client", 1000),
             Plan(3, "confirmed", "counsellor", 1000)};
  MustCommit(store, t);
}

// A client with one of everything, twice over, and a second client with the same.
TurnWrite RichTurn(const std::string& user, const std::string& message_id, int64_t at_ms,
                   int plan_version, const std::string& ticket) {
  TurnWrite t = Turn(Key(user), message_id, at_ms);
  t.outbound_texts = {"out:" + message_id, "more:" + message_id};
  t.consents = {{"privacy_notice", "v1", true, "api", at_ms}};
  t.profile_fields = {{"name", "Li " + message_id}, {"age", "20"}};
  t.answers = {{"riasec", 1, "q-" + message_id, 4, at_ms}};
  t.results = {{"riasec", "1.0", plan_version, R"({"code":"RIA"})", at_ms}};
  t.feedback = {{4, "partly", "comment " + message_id, at_ms}};
  t.complaints = {{ticket, "counsellor", "complaint " + message_id, "mail " + message_id,
                   "received", at_ms, at_ms}};
  t.handoffs = {{"distress", true, "open", at_ms}};
  t.plans = {Plan(plan_version, "proposed", "bot", at_ms)};
  t.needs_surveys = {{R"({"goal":")" + message_id + R"("})", at_ms}};
  return t;
}

TEST_CASE_TEMPLATE("store contract: erase_personal_data removes and keeps what records.h says", F,
                   CONTRACT_STORES) {
  F f;
  Store& store = *f.store;
  const int64_t id = MustCommit(store, RichTurn("u1", "m1", 1000, 1, "C-00000001"));
  MustCommit(store, RichTurn("u1", "m2", 2000, 2, "C-00000002"));
  TurnWrite unconsented = Turn(Key("u1"), "", 2500);  // no message id: never a duplicate
  unconsented.inbound_text = std::nullopt;
  MustCommit(store, unconsented);
  const int64_t other = MustCommit(store, RichTurn("u2", "m1", 1000, 1, "C-00000003"));
  const std::string other_before = Everything(store, other);
  const std::string consents_before = Consents(store, id);
  const std::string complaints_before = Complaints(store, id);
  const std::string handoffs_before = Handoffs(store, id);

  // A redelivered old message with the erase flag set is a duplicate: no erasure.
  TurnWrite replay = RichTurn("u1", "m2", 2000, 9, "C-00000009");
  replay.erase_personal_data = true;
  CHECK(store.CommitTurn(replay, nullptr).code() == Status::Code::kAlreadyExists);
  CHECK(Profile(store, id) == "age=20 | name=Li m2");

  // The erasing turn, which also writes records of its own: they come after
  // the erasure and are kept, plan version 1 included (the old one is gone).
  TurnWrite erase = Turn(Key("u1"), "m3", 3000);
  erase.erase_personal_data = true;
  erase.consents = {{"privacy_notice", "v1", false, "api", 3000}};
  erase.profile_fields = {{"erased_at", "3000"}};
  erase.feedback = {{5, "yes", "kept: written after", 3000}};
  erase.plans = {Plan(1, "proposed", "counsellor", 3000)};
  int64_t erase_id = -1;
  REQUIRE(store.CommitTurn(erase, &erase_id).ok());
  CHECK(erase_id == id);

  // Removed: every earlier journal text, the profile, answers, results, plans,
  // needs surveys and feedback comments.
  CHECK(Journal(store, id) ==
        "in m1 null @1000 | out m1 null @1000 | out m1 null @1000 | "
        "in m2 null @2000 | out m2 null @2000 | out m2 null @2000 | "
        "in  null @2500 | out  null @2500 | "
        "in m3 'in:m3' @3000 | out m3 'out:m3' @3000");
  CHECK(Profile(store, id) == "erased_at=3000");
  CHECK(Answers(store, id).empty());
  CHECK(Results(store, id).empty());
  CHECK(Plans(store, id) ==
        R"(v1 proposed by counsellor ["iip_riasec_48"] {"iip_riasec_48":"interests first"} @3000)");
  CHECK(NeedsSurveys(store, id).empty());
  CHECK(Feedback(store, id) ==
        "4 goals='partly' comment=null @1000 | 4 goals='partly' comment=null @2000 | "
        "5 goals='yes' comment='kept: written after' @3000");

  // Kept: the client and its identity, consents, complaints, hand-offs.
  std::optional<int64_t> found;
  REQUIRE(store.FindClientId(Key("u1"), &found).ok());
  CHECK(found == id);
  CHECK(Consents(store, id) == consents_before + " | privacy_notice v1 declined api @3000");
  CHECK(Complaints(store, id) == complaints_before);
  CHECK(complaints_before ==
        "C-00000001 counsellor 'complaint m1' contact='mail m1' received @1000/1000 | "
        "C-00000002 counsellor 'complaint m2' contact='mail m2' received @2000/2000");
  CHECK(Handoffs(store, id) == handoffs_before);
  CHECK(handoffs_before == "distress urgent open @1000 | distress urgent open @2000");
  std::optional<ComplaintRecord> complaint;
  REQUIRE(store.FindComplaint(id, "C-00000002", &complaint).ok());
  CHECK(complaint);

  // The session is this turn's snapshot, as in every turn.
  std::optional<StoredSession> session;
  REQUIRE(store.LoadSession(Key("u1"), &session).ok());
  REQUIRE(session);
  CHECK(session->snapshot.state == "state-m3");
  CHECK(session->snapshot.context_json == R"({"after":"m3"})");

  // Old message ids still answer, with the placeholder; this turn's with its own.
  std::optional<std::string> answer;
  REQUIRE(store.FindAnswer(Key("u1"), "m1", &answer).ok());
  CHECK(answer == std::string(kErasedAnswerJson));
  CHECK(answer == R"({"replies":[],"state":""})");
  REQUIRE(store.FindAnswer(Key("u1"), "m3", &answer).ok());
  CHECK(answer == erase.answer_json);
  const std::string after = Everything(store, id);
  int64_t dup_id = -1;
  CHECK(store.CommitTurn(RichTurn("u1", "m1", 4000, 5, "C-00000005"), &dup_id).code() ==
        Status::Code::kAlreadyExists);
  CHECK(dup_id == id);
  CHECK(Everything(store, id) == after);
  // The kept tickets stay taken.
  TurnWrite reuse = Turn(Key("u1"), "m4", 4000);
  reuse.complaints = {Complaint("C-00000001", 4000)};
  CHECK(store.CommitTurn(reuse, nullptr).code() == Status::Code::kAlreadyExists);

  // The other client is untouched.
  CHECK(Everything(store, other) == other_before);
  CHECK(Profile(store, other) == "age=20 | name=Li m1");
}

TEST_CASE_TEMPLATE("store contract: erasing a client never seen before writes just the turn", F,
                   CONTRACT_STORES) {
  F f;
  Store& store = *f.store;
  TurnWrite t = Turn(Key("u1"), "m1", 1000);
  t.erase_personal_data = true;
  t.profile_fields = {{"name", "Li"}};
  const int64_t id = MustCommit(store, t);
  CHECK(Journal(store, id) == "in m1 'in:m1' @1000 | out m1 'out:m1' @1000");
  CHECK(Profile(store, id) == "name=Li");
  std::optional<std::string> answer;
  REQUIRE(store.FindAnswer(Key("u1"), "m1", &answer).ok());
  CHECK(answer == t.answer_json);
}

}  // namespace
}  // namespace careerbot::storage
