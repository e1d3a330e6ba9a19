#include "bot/client_records_view.h"

#include "bot/log.h"
#include "storage/store.h"

namespace careerbot::bot {
namespace {

bool Logged(const Status& s) {
  if (!s.ok()) LogError("records_read_failed", {{"error", s.ToString()}});
  return s.ok();
}

}  // namespace

std::optional<int64_t> ClientRecordsView::ClientId() const {
  std::optional<int64_t> id;
  if (!Logged(store_.FindClientId(key_, &id))) return std::nullopt;
  return id;
}

std::vector<dialog::ComplaintInfo> ClientRecordsView::Complaints() const {
  std::vector<dialog::ComplaintInfo> out;
  auto id = ClientId();
  std::vector<storage::ComplaintRecord> complaints;
  if (!id || !Logged(store_.ListComplaints(*id, &complaints))) return out;
  for (const auto& c : complaints) out.push_back({c.ticket, c.status, c.filed_at_ms});
  return out;
}

dialog::ClientDataSummary ClientRecordsView::Summary() const {
  dialog::ClientDataSummary summary;
  auto id = ClientId();
  if (!id) return summary;
  std::vector<storage::ProfileFieldRecord> profile;
  std::vector<storage::ConsentRecord> consents;
  std::vector<storage::AnswerRecord> answers;
  std::vector<storage::AssessmentResultRecord> results;
  std::vector<storage::ServicePlanRecord> plans;
  std::vector<storage::FeedbackRecord> feedback;
  std::vector<storage::ComplaintRecord> complaints;
  std::vector<storage::JournalEntry> journal;
  const bool read = Logged(store_.ListProfile(*id, &profile)) && Logged(store_.ListConsents(*id, &consents)) &&
                    Logged(store_.ListAnswers(*id, &answers)) && Logged(store_.ListResults(*id, &results)) &&
                    Logged(store_.ListPlans(*id, &plans)) && Logged(store_.ListFeedback(*id, &feedback)) &&
                    Logged(store_.ListComplaints(*id, &complaints)) && Logged(store_.ListJournal(*id, &journal));
  if (!read) return summary;
  for (const auto& p : profile) summary.profile.emplace_back(p.field, p.value);
  for (const auto& c : consents) summary.consents.push_back({c.document, c.version, c.accepted, c.at_ms});
  summary.answers = static_cast<int>(answers.size());
  summary.results = static_cast<int>(results.size());
  summary.plans = static_cast<int>(plans.size());
  summary.feedback = static_cast<int>(feedback.size());
  summary.complaints = static_cast<int>(complaints.size());
  for (const auto& entry : journal) summary.messages += entry.text.has_value();
  return summary;
}

}  // namespace careerbot::bot
