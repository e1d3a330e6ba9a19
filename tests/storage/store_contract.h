// What the contract tests share: a fixture per Store implementation, a turn
// with predictable texts, and one-line renderings of each list so that one
// CHECK compares a whole list with exact values.
#pragma once

#include <doctest/doctest.h>

#include <cstdint>
#include <limits>
#include <memory>
#include <string>
#include <vector>

#include "storage/encrypted_store.h"
#include "storage/keyring.h"
#include "storage/memory_store.h"
#include "storage/sqlite_store.h"
#include "storage/store.h"
#include "tests/support/temp_dir.h"

namespace careerbot::storage::contract {

struct MemoryFixture {
  std::unique_ptr<Store> store = NewMemoryStore();
};

struct SqliteFixture {
  testing::TempDir dir;  // declared first: outlives the store that uses it
  std::unique_ptr<Store> store;
  SqliteFixture() {
    Status s = OpenSqliteStore({dir.File("careerbot.db"), 5000}, &store);
    REQUIRE_MESSAGE(s.ok(), s.ToString());
  }
};

// The encryption decorator over the memory store: sealing and opening every
// personal field must change nothing a caller of the Store sees.
struct EncryptedMemoryFixture {
  std::unique_ptr<Store> store;
  EncryptedMemoryFixture() {
    std::shared_ptr<Keyring> keyring;
    // "k1": 32 bytes of 'k', in base64.
    Status s = Keyring::FromText("k1:a2tra2tra2tra2tra2tra2tra2tra2tra2tra2tra2s=", "test keys", &keyring);
    REQUIRE_MESSAGE(s.ok(), s.ToString());
    store = NewEncryptedStore(NewMemoryStore(), keyring);
  }
};

}  // namespace careerbot::storage::contract

TYPE_TO_STRING_AS("encrypted", careerbot::storage::contract::EncryptedMemoryFixture);
TYPE_TO_STRING_AS("memory", careerbot::storage::contract::MemoryFixture);
TYPE_TO_STRING_AS("sqlite", careerbot::storage::contract::SqliteFixture);
#define CONTRACT_STORES \
  contract::MemoryFixture, contract::SqliteFixture, contract::EncryptedMemoryFixture

namespace careerbot::storage::contract {

inline ClientKey Key(const std::string& user, const std::string& channel = "api") {
  return {channel, "", user};
}

inline TurnWrite Turn(const ClientKey& key, const std::string& message_id, int64_t at_ms) {
  TurnWrite t;
  t.key = key;
  t.received_at_ms = at_ms;
  t.message_id = message_id;
  t.inbound_text = "in:" + message_id;
  t.outbound_texts = {"out:" + message_id};
  t.answer_json = R"({"replies":[{"text":"out:)" + message_id + R"("}]})";
  t.snapshot = {"state-" + message_id, R"({"after":")" + message_id + R"("})"};
  return t;
}

inline int64_t MustCommit(Store& store, const TurnWrite& t) {
  int64_t id = -1;
  Status s = store.CommitTurn(t, &id);
  REQUIRE_MESSAGE(s.ok(), s.ToString());
  return id;
}

// ListOutboxHeads' due_by_ms that takes every head, due or not.
inline constexpr int64_t kEveryDue = std::numeric_limits<int64_t>::max();

inline std::string Quote(const std::optional<std::string>& s) {
  return s ? "'" + *s + "'" : "null";
}

// Joins the renderings of a list with " | ".
template <typename Row, typename Render>
std::string Join(const std::vector<Row>& rows, Render render) {
  std::string out;
  for (const Row& r : rows) {
    if (!out.empty()) out += " | ";
    out += render(r);
  }
  return out;
}

// The journal in one line: "in m1 'in:m1' @10 | out m1 'out:m1' @10"; null text is "null".
inline std::string Journal(Store& store, int64_t client_id) {
  std::vector<JournalEntry> v;
  REQUIRE(store.ListJournal(client_id, &v).ok());
  return Join(v, [](const JournalEntry& e) {
    return std::string(e.direction == JournalEntry::Direction::kInbound ? "in " : "out ") +
           e.message_id + " " + Quote(e.text) + " @" + std::to_string(e.at_ms);
  });
}

// "riasec/1/q1=3@1000 riasec/1/q2=4@1000"
inline std::string Answers(Store& store, int64_t client_id) {
  std::vector<AnswerRecord> answers;
  REQUIRE(store.ListAnswers(client_id, &answers).ok());
  std::string out;
  for (const AnswerRecord& a : answers) {
    if (!out.empty()) out += " ";
    out += a.instrument + "/" + std::to_string(a.attempt) + "/" + a.item + "=" +
           std::to_string(a.value) + "@" + std::to_string(a.answered_at_ms);
  }
  return out;
}

// "privacy_notice v1 accepted api @1000"
inline std::string Consents(Store& store, int64_t client_id) {
  std::vector<ConsentRecord> v;
  REQUIRE(store.ListConsents(client_id, &v).ok());
  return Join(v, [](const ConsentRecord& c) {
    return c.document + " " + c.version + (c.accepted ? " accepted " : " declined ") + c.channel +
           " @" + std::to_string(c.at_ms);
  });
}

// "age=20 | name=Li"
inline std::string Profile(Store& store, int64_t client_id) {
  std::vector<ProfileFieldRecord> v;
  REQUIRE(store.ListProfile(client_id, &v).ok());
  return Join(v, [](const ProfileFieldRecord& p) { return p.field + "=" + p.value; });
}

// "riasec 1.0 #1 {} @1000"
inline std::string Results(Store& store, int64_t client_id) {
  std::vector<AssessmentResultRecord> v;
  REQUIRE(store.ListResults(client_id, &v).ok());
  return Join(v, [](const AssessmentResultRecord& r) {
    return r.instrument + " " + r.instrument_version + " #" + std::to_string(r.attempt) + " " +
           r.result_json + " @" + std::to_string(r.completed_at_ms);
  });
}

// "5 goals='yes' comment=null @1000"
inline std::string Feedback(Store& store, int64_t client_id) {
  std::vector<FeedbackRecord> v;
  REQUIRE(store.ListFeedback(client_id, &v).ok());
  return Join(v, [](const FeedbackRecord& f) {
    return std::to_string(f.rating) + " goals=" + Quote(f.goals_met) +
           " comment=" + Quote(f.comment) + " @" + std::to_string(f.at_ms);
  });
}

// "C-00000001 service 'text' contact=null received @1000/1000"
inline std::string Render(const ComplaintRecord& c) {
  return c.ticket + " " + c.category + " '" + c.description + "' contact=" + Quote(c.contact) +
         " " + c.status + " @" + std::to_string(c.filed_at_ms) + "/" +
         std::to_string(c.updated_at_ms);
}

inline std::string Complaints(Store& store, int64_t client_id) {
  std::vector<ComplaintRecord> v;
  REQUIRE(store.ListComplaints(client_id, &v).ok());
  return Join(v, [](const ComplaintRecord& c) { return Render(c); });
}

// "distress urgent open @1000"
inline std::string Handoffs(Store& store, int64_t client_id) {
  std::vector<HandoffRecord> v;
  REQUIRE(store.ListHandoffs(client_id, &v).ok());
  return Join(v, [](const HandoffRecord& h) {
    return h.reason + (h.urgent ? " urgent " : " normal ") + h.status + " @" +
           std::to_string(h.requested_at_ms);
  });
}

// "v1 proposed by bot [...] {...} @1000"
inline std::string Plans(Store& store, int64_t client_id) {
  std::vector<ServicePlanRecord> v;
  REQUIRE(store.ListPlans(client_id, &v).ok());
  return Join(v, [](const ServicePlanRecord& p) {
    return "v" + std::to_string(p.version) + " " + p.status + " by " + p.source + " " +
           p.assessments_json + " " + p.rationale_json + " @" + std::to_string(p.at_ms);
  });
}

// "{...} @1000"
inline std::string NeedsSurveys(Store& store, int64_t client_id) {
  std::vector<NeedsSurveyRecord> v;
  REQUIRE(store.ListNeedsSurveys(client_id, &v).ok());
  return Join(v, [](const NeedsSurveyRecord& n) {
    return n.survey_json + " @" + std::to_string(n.completed_at_ms);
  });
}

}  // namespace careerbot::storage::contract
