#include "bot/admin_case.h"

#include "bot/client_record_set.h"

#include <iterator>

#include "storage/store.h"

namespace careerbot::bot {
namespace {

using nlohmann::json;

constexpr const char* kNames[] = {
    "needs_survey", "agreement_signed", "plan_proposed", "plan_approved",
    "in_progress",  "report_drafted",   "report_final",  "closed"};

// A stored JSON document as JSON; one that does not parse is shown as its text
// rather than hiding the record.
json Document(const std::string& text) {
  json j = json::parse(text, nullptr, false);
  return j.is_discarded() ? json(text) : j;
}

json Optional(const std::optional<std::string>& v) { return v ? json(*v) : json(nullptr); }

}  // namespace

const char* CaseStatusName(CaseStatus status) { return kNames[static_cast<int>(status)]; }

bool ParseCaseStatus(const std::string& name, CaseStatus* status) {
  for (size_t i = 0; i < std::size(kNames); ++i) {
    if (name == kNames[i]) {
      *status = static_cast<CaseStatus>(i);
      return true;
    }
  }
  return false;
}

CaseStatus DeriveCaseStatus(const CaseFacts& f) {
  if (f.closed || f.session_state == "closed") return CaseStatus::kClosed;
  if (f.report_final) return CaseStatus::kReportFinal;
  if (f.report_drafted) return CaseStatus::kReportDrafted;
  if (f.has_answers || f.has_results) return CaseStatus::kInProgress;
  if (!f.plans.empty()) {
    return f.plans.back().status == "confirmed" ? CaseStatus::kPlanApproved
                                                : CaseStatus::kPlanProposed;
  }
  // The latest word on the agreement counts: a withdrawal undoes the signature.
  for (auto it = f.consents.rbegin(); it != f.consents.rend(); ++it) {
    if (it->document == "service_agreement") {
      return it->accepted ? CaseStatus::kAgreementSigned : CaseStatus::kNeedsSurvey;
    }
  }
  return CaseStatus::kNeedsSurvey;
}

Status LoadCaseStatus(storage::Store& store, const storage::ClientSummary& client,
                      CaseStatus* status) {
  CaseFacts f;
  f.session_state = client.session_state;
  std::vector<storage::AnswerRecord> answers;
  std::vector<storage::AssessmentResultRecord> results;
  std::optional<storage::CaseClosure> closure;
  std::vector<storage::ReportRecord> reports;
  Status s = store.ListConsents(client.client_id, &f.consents);
  if (s.ok()) s = store.FindCaseClosure(client.client_id, &closure);
  f.closed = closure.has_value();
  if (s.ok()) s = store.ListPlans(client.client_id, &f.plans);
  if (s.ok()) s = store.ListAnswers(client.client_id, &answers);
  if (s.ok()) s = store.ListResults(client.client_id, &results);
  if (s.ok()) s = store.ListReports(client.client_id, &reports);
  if (!s.ok()) return s;
  for (const auto& r : reports) (r.final() ? f.report_final : f.report_drafted) = true;
  f.has_answers = !answers.empty();
  f.has_results = !results.empty();
  *status = DeriveCaseStatus(f);
  return Status::Ok();
}

json CaseSummaryJson(const storage::ClientSummary& c, CaseStatus status) {
  return {{"client_id", c.client_id},         {"channel", c.channel},
          {"status", CaseStatusName(status)}, {"state", c.session_state},
          {"created_at_ms", c.created_at_ms}, {"updated_at_ms", c.updated_at_ms}};
}

Status CaseDetailJson(storage::Store& store, const storage::ClientSummary& client, json* out) {
  const int64_t id = client.client_id;
  ClientRecordSet records;
  if (Status s = LoadClientRecords(store, id, &records); !s.ok()) return s;
  const auto& [profile, consents, surveys, plans, answers, results, feedback, complaints, handoffs, journal,
               reports, notes] = records;
  std::optional<storage::CaseClosure> closure;
  if (Status s = store.FindCaseClosure(id, &closure); !s.ok()) return s;
  CaseFacts f;
  f.closed = closure.has_value();
  f.session_state = client.session_state;
  f.consents = consents;
  f.plans = plans;
  f.has_answers = !answers.empty();
  f.has_results = !results.empty();
  for (const auto& r : reports) (r.final() ? f.report_final : f.report_drafted) = true;

  json doc = CaseSummaryJson(client, DeriveCaseStatus(f));
  doc["closure"] = closure ? json{{"closed_by", closure->closed_by}, {"closed_at_ms", closure->closed_at_ms}}
                           : json(nullptr);
  json intake = json::object();
  for (const auto& p : profile) intake[p.field] = p.value;
  doc["profile"] = intake;
  doc["needs_surveys"] = json::array();
  for (const auto& n : surveys) {
    doc["needs_surveys"].push_back(
        {{"survey", Document(n.survey_json)}, {"completed_at_ms", n.completed_at_ms}});
  }
  doc["consents"] = json::array();
  for (const auto& c : f.consents) {
    doc["consents"].push_back({{"document", c.document},
                               {"version", c.version},
                               {"accepted", c.accepted},
                               {"channel", c.channel},
                               {"at_ms", c.at_ms}});
  }
  doc["plans"] = json::array();
  for (const auto& p : f.plans) {
    doc["plans"].push_back({{"version", p.version},
                            {"assessments", Document(p.assessments_json)},
                            {"rationale", Document(p.rationale_json)},
                            {"status", p.status},
                            {"source", p.source},
                            {"at_ms", p.at_ms}});
  }
  doc["results"] = json::array();
  for (const auto& r : results) {
    json result = Document(r.result_json);
    const bool is_object = result.is_object();
    doc["results"].push_back(
        {{"instrument", r.instrument},
         {"instrument_version", r.instrument_version},
         {"attempt", r.attempt},
         {"completed_at_ms", r.completed_at_ms},
         {"valid", is_object ? result.value("valid", json(nullptr)) : json(nullptr)},
         {"validity", is_object ? result.value("validity", json::array()) : json::array()},
         {"result", result}});
  }
  doc["answers_count"] = answers.size();
  doc["feedback"] = json::array();
  for (const auto& fb : feedback) {
    doc["feedback"].push_back({{"rating", fb.rating},
                               {"goals_met", Optional(fb.goals_met)},
                               {"comment", Optional(fb.comment)},
                               {"at_ms", fb.at_ms}});
  }
  doc["complaints"] = json::array();
  for (const auto& c : complaints) {
    doc["complaints"].push_back({{"ticket", c.ticket},
                                 {"category", c.category},
                                 {"description", c.description},
                                 {"contact", Optional(c.contact)},
                                 {"status", c.status},
                                 {"filed_at_ms", c.filed_at_ms},
                                 {"updated_at_ms", c.updated_at_ms}});
  }
  doc["handoffs"] = json::array();
  for (const auto& h : handoffs) {
    auto opt = [](const std::optional<int64_t>& v) { return v ? json(*v) : json(nullptr); };
    doc["handoffs"].push_back({{"id", h.id},
                               {"reason", h.reason},
                               {"urgent", h.urgent},
                               {"status", h.status},
                               {"requested_at_ms", h.requested_at_ms},
                               {"taken_by", opt(h.taken_by)},
                               {"taken_at_ms", opt(h.taken_at_ms)},
                               {"ended_at_ms", opt(h.ended_at_ms)}});
  }
  // The reports' versions (their content: GET /cases/{id}/reports/{version}).
  doc["reports"] = json::array();
  for (const auto& r : reports) {
    doc["reports"].push_back({{"version", r.version},
                              {"status", r.final() ? "final" : "draft"},
                              {"drafted_at_ms", r.drafted_at_ms},
                              {"finalized_at_ms", r.final() ? json(r.finalized_at_ms) : json(nullptr)}});
  }
  doc["notes"] = json::array();
  for (const auto& n : notes) {
    doc["notes"].push_back({{"id", n.id}, {"staff_id", n.staff_id}, {"text", n.text}, {"at_ms", n.at_ms}});
  }
  doc["messages"] = json::array();
  for (const auto& m : journal) {
    doc["messages"].push_back(
        {{"direction", m.direction == storage::JournalEntry::Direction::kInbound ? "in" : "out"},
         {"message_id", m.message_id},
         {"text", Optional(m.text)},
         {"at_ms", m.at_ms},
         {"staff_id", m.staff_id ? json(*m.staff_id) : json(nullptr)}});
  }
  *out = std::move(doc);
  return Status::Ok();
}

}  // namespace careerbot::bot
