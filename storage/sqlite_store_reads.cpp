// The SQLite Store's reads: each takes the store's mutex for one statement and
// returns rows in the order store.h documents.
#include <mutex>

#include "storage/sqlite_statement.h"
#include "storage/sqlite_store_impl.h"

namespace careerbot::storage {
namespace {

ComplaintRecord ReadComplaint(const Query& q) {
  return ComplaintRecord{q.Text(0), q.Text(1),  q.Text(2), q.OptionalText(3),
                         q.Text(4), q.Int64(5), q.Int64(6)};
}

}  // namespace

Status SqliteStore::FindClientId(const ClientKey& key, std::optional<int64_t>* client_id) {
  client_id->reset();
  std::lock_guard lock(mu_);
  Query q(find_client_, "find client");
  q.Bind(1, key.channel).Bind(2, key.account).Bind(3, key.user);
  bool row = false;
  Status s = q.Step(&row);
  if (s.ok() && row) *client_id = q.Int64(0);
  return s;
}

template <typename Row, typename Read>
Status SqliteStore::List(const Statement& stmt, const char* what, int64_t client_id,
                         std::vector<Row>* out, Read read) {
  out->clear();
  std::lock_guard lock(mu_);
  Query q(stmt, what);
  q.Bind(1, client_id);
  return ReadRows(q, out, read);
}

Status SqliteStore::ListJournal(int64_t client_id, std::vector<JournalEntry>* out) {
  return List(list_journal_, "list journal", client_id, out, [](const Query& q) {
    JournalEntry e;
    e.direction =
        q.Text(0) == "in" ? JournalEntry::Direction::kInbound : JournalEntry::Direction::kOutbound;
    e.message_id = q.OptionalText(1).value_or("");
    e.text = q.OptionalText(2);
    e.at_ms = q.Int64(3);
    if (!q.IsNull(4)) e.staff_id = q.Int64(4);
    return e;
  });
}

Status SqliteStore::ListConsents(int64_t client_id, std::vector<ConsentRecord>* out) {
  return List(list_consents_, "list consents", client_id, out, [](const Query& q) {
    return ConsentRecord{q.Text(0), q.Text(1), q.Int64(2) != 0, q.Text(3), q.Int64(4)};
  });
}

Status SqliteStore::ListProfile(int64_t client_id, std::vector<ProfileFieldRecord>* out) {
  return List(list_profile_, "list profile", client_id, out, [](const Query& q) {
    return ProfileFieldRecord{q.Text(0), q.Text(1)};
  });
}

Status SqliteStore::ListAnswers(int64_t client_id, std::vector<AnswerRecord>* out) {
  return List(list_answers_, "list answers", client_id, out, [](const Query& q) {
    return AnswerRecord{q.Text(0), static_cast<int>(q.Int64(1)), q.Text(2),
                        static_cast<int>(q.Int64(3)), q.Int64(4)};
  });
}

Status SqliteStore::ListResults(int64_t client_id, std::vector<AssessmentResultRecord>* out) {
  return List(list_results_, "list results", client_id, out, [](const Query& q) {
    return AssessmentResultRecord{q.Text(0), q.Text(1), static_cast<int>(q.Int64(2)), q.Text(3),
                                  q.Int64(4)};
  });
}

Status SqliteStore::ListFeedback(int64_t client_id, std::vector<FeedbackRecord>* out) {
  return List(list_feedback_, "list feedback", client_id, out, [](const Query& q) {
    return FeedbackRecord{static_cast<int>(q.Int64(0)), q.OptionalText(1), q.OptionalText(2),
                          q.Int64(3)};
  });
}

Status SqliteStore::ListComplaints(int64_t client_id, std::vector<ComplaintRecord>* out) {
  return List(list_complaints_, "list complaints", client_id, out, ReadComplaint);
}

Status SqliteStore::FindComplaint(int64_t client_id, const std::string& ticket,
                                  std::optional<ComplaintRecord>* out) {
  out->reset();
  std::lock_guard lock(mu_);
  Query q(find_complaint_, "find complaint");
  q.Bind(1, client_id).Bind(2, ticket);
  bool row = false;
  Status s = q.Step(&row);
  if (s.ok() && row) *out = ReadComplaint(q);
  return s;
}

Status SqliteStore::ListHandoffs(int64_t client_id, std::vector<HandoffRecord>* out) {
  return List(list_handoffs_, "list hand-offs", client_id, out, ReadHandoff);
}

Status SqliteStore::ListPlans(int64_t client_id, std::vector<ServicePlanRecord>* out) {
  return List(list_plans_, "list plans", client_id, out, [](const Query& q) {
    return ServicePlanRecord{
        static_cast<int>(q.Int64(0)), q.Text(1), q.Text(2), q.Text(3), q.Text(4), q.Int64(5)};
  });
}

Status SqliteStore::ListNeedsSurveys(int64_t client_id, std::vector<NeedsSurveyRecord>* out) {
  return List(list_surveys_, "list needs surveys", client_id, out, [](const Query& q) {
    return NeedsSurveyRecord{q.Text(0), q.Int64(1)};
  });
}

}  // namespace careerbot::storage
