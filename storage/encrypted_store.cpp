#include "storage/encrypted_store.h"

#include <utility>

#include "storage/complaint_records.h"
#include "storage/field_cipher.h"
#include "storage/report_records.h"
#include "storage/turn_validation.h"

namespace careerbot::storage {

Status SealValue(Keyring& keyring, std::string_view field, std::string* value) {
  if (value->empty()) return Status::Ok();
  const DataKey key = keyring.Current();
  std::string sealed;
  if (Status s = SealField(key.id, key.bytes, field, *value, &sealed); !s.ok()) {
    return s.Annotate(std::string(field));
  }
  *value = std::move(sealed);
  return Status::Ok();
}

Status OpenValue(Keyring& keyring, std::string_view field, std::string* value) {
  if (!IsSealedValue(*value)) return Status::Ok();
  const std::optional<std::string_view> id = SealedKeyId(*value);
  if (!id) return Status::Internal(std::string(field) + ": a stored value is malformed");
  DataKey key;
  if (Status s = keyring.Find(*id, &key); !s.ok()) {
    return Status::Internal(std::string(field) + ": " + s.message());
  }
  std::string plain;
  if (!OpenField(key.bytes, field, *value, &plain).ok()) {
    return Status::Internal(std::string(field) + ": a stored value does not decrypt under the data key '" +
                            key.id + "' (a wrong key, or the value was changed)");
  }
  *value = std::move(plain);
  return Status::Ok();
}

namespace {

// The field names, one constant each, so a typo cannot open a value under
// another name than the one it was sealed with.
constexpr std::string_view kMessageText = "messages.text";
constexpr std::string_view kAnswerJson = "messages.answer_json";
constexpr std::string_view kSessionContext = "sessions.context";
constexpr std::string_view kReplyContext = "sessions.reply_context";
constexpr std::string_view kProfileValue = "client_profile.value";
constexpr std::string_view kResultJson = "assessment_results.result_json";
constexpr std::string_view kFeedbackComment = "feedback.comment";
constexpr std::string_view kComplaintDescription = "complaints.description";
constexpr std::string_view kComplaintContact = "complaints.contact";
constexpr std::string_view kPlanRationale = "service_plans.rationale";
constexpr std::string_view kNeedsSurvey = "needs_surveys.survey";
constexpr std::string_view kOutboxRequest = "outbox.request";
constexpr std::string_view kChangeNote = "complaint_changes.note";
constexpr std::string_view kComplaintAnswerText = "complaint_answers.text";
constexpr std::string_view kReportMarkdown = "report_sections.markdown";
constexpr std::string_view kCaseNote = "case_notes.text";

class EncryptedStore final : public Store {
 public:
  EncryptedStore(std::unique_ptr<Store> inner, std::shared_ptr<Keyring> keyring)
      : inner_(std::move(inner)), keyring_(std::move(keyring)) {}

  Status Ping() override { return inner_->Ping(); }

  // --- Conversation turns ------------------------------------------------------

  Status FindAnswer(const ClientKey& key, const std::string& message_id,
                    std::optional<std::string>* answer_json) override {
    Status s = inner_->FindAnswer(key, message_id, answer_json);
    if (s.ok()) s = Open(kAnswerJson, answer_json);
    return s;
  }

  Status LoadSession(const ClientKey& key, std::optional<StoredSession>* session) override {
    Status s = inner_->LoadSession(key, session);
    if (s.ok() && *session) s = OpenSession(&**session);
    return s;
  }

  Status CommitTurn(const TurnWrite& turn, int64_t* client_id) override {
    TurnWrite sealed = turn;
    Status s = Seal(kMessageText, &sealed.inbound_text);
    for (std::string& text : sealed.outbound_texts) Also(&s, Seal(kMessageText, &text));
    Also(&s, Seal(kAnswerJson, &sealed.answer_json));
    Also(&s, Seal(kSessionContext, &sealed.snapshot.context_json));
    Also(&s, Seal(kReplyContext, &sealed.reply_context));
    for (ProfileFieldRecord& p : sealed.profile_fields) Also(&s, Seal(kProfileValue, &p.value));
    for (AssessmentResultRecord& r : sealed.results) Also(&s, Seal(kResultJson, &r.result_json));
    for (FeedbackRecord& f : sealed.feedback) Also(&s, Seal(kFeedbackComment, &f.comment));
    for (ComplaintRecord& c : sealed.complaints) Also(&s, SealComplaint(&c));
    for (ServicePlanRecord& p : sealed.plans) Also(&s, Seal(kPlanRationale, &p.rationale_json));
    for (NeedsSurveyRecord& n : sealed.needs_surveys) Also(&s, Seal(kNeedsSurvey, &n.survey_json));
    for (OutboxRequest& r : sealed.outbox) Also(&s, Seal(kOutboxRequest, &r.request_json));
    if (!s.ok()) return s;
    return inner_->CommitTurn(sealed, client_id);
  }

  // --- Clients -------------------------------------------------------------------

  Status MarkClientInactive(const ClientKey& key, int64_t at_ms, bool* found) override {
    return inner_->MarkClientInactive(key, at_ms, found);
  }
  Status GetInactiveSince(int64_t client_id, std::optional<int64_t>* since) override {
    return inner_->GetInactiveSince(client_id, since);
  }

  // --- The outbox ------------------------------------------------------------------

  Status CountOperational(int64_t active_since_ms, OperationalCounts* out) override {
    return inner_->CountOperational(active_since_ms, out);
  }
  Status QueueOutbox(int64_t client_id, const std::vector<OutboxRequest>& requests, int64_t at_ms) override {
    std::vector<OutboxRequest> sealed = requests;
    Status s = Status::Ok();
    for (OutboxRequest& r : sealed) Also(&s, Seal(kOutboxRequest, &r.request_json));
    if (!s.ok()) return s;
    return inner_->QueueOutbox(client_id, sealed, at_ms);
  }
  Status ListOutboxHeads(int64_t due_by_ms, size_t limit, const std::string& except_channel,
                         std::vector<OutboxEntry>* out, std::optional<int64_t>* next_due_ms) override {
    return OpenEach(inner_->ListOutboxHeads(due_by_ms, limit, except_channel, out, next_due_ms), out,
                    [this](OutboxEntry& e) { return Open(kOutboxRequest, &e.request_json); });
  }
  Status RecordOutboxAttempt(const OutboxAttempt& attempt) override {
    return inner_->RecordOutboxAttempt(attempt);
  }
  Status ListOutbox(int64_t client_id, std::vector<OutboxEntry>* out) override {
    return OpenEach(inner_->ListOutbox(client_id, out), out,
                    [this](OutboxEntry& e) { return Open(kOutboxRequest, &e.request_json); });
  }

  // --- Reading a client's records ---------------------------------------------------

  Status FindClientId(const ClientKey& key, std::optional<int64_t>* client_id) override {
    return inner_->FindClientId(key, client_id);
  }
  Status ListJournal(int64_t client_id, std::vector<JournalEntry>* out) override {
    return OpenEach(inner_->ListJournal(client_id, out), out,
                    [this](JournalEntry& e) { return Open(kMessageText, &e.text); });
  }
  Status ListConsents(int64_t client_id, std::vector<ConsentRecord>* out) override {
    return inner_->ListConsents(client_id, out);
  }
  Status ListProfile(int64_t client_id, std::vector<ProfileFieldRecord>* out) override {
    return OpenEach(inner_->ListProfile(client_id, out), out,
                    [this](ProfileFieldRecord& p) { return Open(kProfileValue, &p.value); });
  }
  Status ListAnswers(int64_t client_id, std::vector<AnswerRecord>* out) override {
    return inner_->ListAnswers(client_id, out);
  }
  Status ListResults(int64_t client_id, std::vector<AssessmentResultRecord>* out) override {
    return OpenEach(inner_->ListResults(client_id, out), out,
                    [this](AssessmentResultRecord& r) { return Open(kResultJson, &r.result_json); });
  }
  Status ListFeedback(int64_t client_id, std::vector<FeedbackRecord>* out) override {
    return OpenEach(inner_->ListFeedback(client_id, out), out,
                    [this](FeedbackRecord& f) { return Open(kFeedbackComment, &f.comment); });
  }
  Status ListComplaints(int64_t client_id, std::vector<ComplaintRecord>* out) override {
    return OpenEach(inner_->ListComplaints(client_id, out), out,
                    [this](ComplaintRecord& c) { return OpenComplaint(&c); });
  }
  Status FindComplaint(int64_t client_id, const std::string& ticket,
                       std::optional<ComplaintRecord>* out) override {
    Status s = inner_->FindComplaint(client_id, ticket, out);
    if (s.ok() && *out) s = OpenComplaint(&**out);
    return s;
  }
  Status ListHandoffs(int64_t client_id, std::vector<HandoffRecord>* out) override {
    return inner_->ListHandoffs(client_id, out);
  }
  Status ListPlans(int64_t client_id, std::vector<ServicePlanRecord>* out) override {
    return OpenEach(inner_->ListPlans(client_id, out), out,
                    [this](ServicePlanRecord& p) { return Open(kPlanRationale, &p.rationale_json); });
  }
  Status ListNeedsSurveys(int64_t client_id, std::vector<NeedsSurveyRecord>* out) override {
    return OpenEach(inner_->ListNeedsSurveys(client_id, out), out,
                    [this](NeedsSurveyRecord& n) { return Open(kNeedsSurvey, &n.survey_json); });
  }

  // --- Cases -----------------------------------------------------------------------

  Status FindClientKey(int64_t client_id, std::optional<ClientKey>* key) override {
    return inner_->FindClientKey(client_id, key);
  }
  Status FindHandoff(int64_t handoff_id, std::optional<HandoffRecord>* out) override {
    return inner_->FindHandoff(handoff_id, out);
  }
  Status ListHandoffsByStatus(const std::string& status, std::vector<HandoffRecord>* out) override {
    return inner_->ListHandoffsByStatus(status, out);
  }
  Status FindCaseClosure(int64_t client_id, std::optional<CaseClosure>* out) override {
    return inner_->FindCaseClosure(client_id, out);
  }

  // --- Archives ----------------------------------------------------------------------

  Status FindArchive(int64_t client_id, std::optional<ArchiveRecord>* out) override {
    return inner_->FindArchive(client_id, out);
  }
  Status FindArchiveByNumber(const std::string& number, std::optional<ArchiveRecord>* out) override {
    return inner_->FindArchiveByNumber(number, out);
  }
  Status ListArchives(std::vector<ArchiveRecord>* out) override { return inner_->ListArchives(out); }
  Status ListArchiveDocuments(const std::string& number, std::vector<ArchiveDocument>* out) override {
    return inner_->ListArchiveDocuments(number, out);
  }

  // --- Staff, training, the audit log (no client's personal data) --------------------

  Status AddStaff(const StaffRecord& staff, const std::string& token_hash, int64_t at_ms,
                  int64_t* id) override {
    return inner_->AddStaff(staff, token_hash, at_ms, id);
  }
  Status FindStaffByTokenHash(const std::string& token_hash, std::optional<StaffRecord>* out) override {
    return inner_->FindStaffByTokenHash(token_hash, out);
  }
  Status FindStaff(int64_t staff_id, std::optional<StaffRecord>* out) override {
    return inner_->FindStaff(staff_id, out);
  }
  Status ListStaff(std::vector<StaffRecord>* out) override { return inner_->ListStaff(out); }
  Status RevokeStaffTokens(int64_t staff_id, int64_t at_ms, const std::optional<std::string>& new_token_hash,
                           int* revoked) override {
    return inner_->RevokeStaffTokens(staff_id, at_ms, new_token_hash, revoked);
  }
  Status AddTraining(const TrainingRecord& training, int64_t* id) override {
    return inner_->AddTraining(training, id);
  }
  Status ListTraining(int64_t staff_id, std::vector<TrainingRecord>* out) override {
    return inner_->ListTraining(staff_id, out);
  }
  Status AppendAudit(const AuditEntry& entry, int64_t* id) override { return inner_->AppendAudit(entry, id); }
  Status ListAudit(int64_t after_id, size_t limit, std::vector<AuditEntry>* out) override {
    return inner_->ListAudit(after_id, limit, out);
  }
  Status ListClients(const ClientPage& page, std::vector<ClientSummary>* out) override {
    return inner_->ListClients(page, out);
  }

  // --- Complaint handling and case assignment ------------------------------------------

  Status ListAllComplaints(std::vector<ComplaintHandling>* out) override {
    return OpenEach(inner_->ListAllComplaints(out), out,
                    [this](ComplaintHandling& h) { return OpenComplaint(&h.complaint); });
  }
  Status FindComplaintByTicket(const std::string& ticket, std::optional<ComplaintHandling>* out) override {
    Status s = inner_->FindComplaintByTicket(ticket, out);
    if (s.ok() && *out) s = OpenComplaint(&(*out)->complaint);
    return s;
  }
  Status ChangeComplaint(const ComplaintChange& change, bool* applied) override {
    // The rules (a note's length) apply to what the staff member wrote.
    if (Status s = ValidateComplaintChange(change); !s.ok()) return s;
    ComplaintChange sealed = change;
    if (Status s = Seal(kChangeNote, &sealed.note); !s.ok()) return s;
    return inner_->ChangeComplaint(sealed, applied);
  }
  Status ListComplaintHistory(const std::string& ticket, std::vector<ComplaintChange>* out) override {
    return OpenEach(inner_->ListComplaintHistory(ticket, out), out,
                    [this](ComplaintChange& c) { return Open(kChangeNote, &c.note); });
  }
  Status AddComplaintAnswer(const ComplaintAnswer& answer, int64_t* id) override {
    if (Status s = ValidateComplaintAnswer(answer); !s.ok()) return s;
    ComplaintAnswer sealed = answer;
    if (Status s = Seal(kComplaintAnswerText, &sealed.text); !s.ok()) return s;
    return inner_->AddComplaintAnswer(sealed, id);
  }
  Status ListComplaintAnswers(const std::string& ticket, std::vector<ComplaintAnswer>* out) override {
    return OpenEach(inner_->ListComplaintAnswers(ticket, out), out,
                    [this](ComplaintAnswer& a) { return Open(kComplaintAnswerText, &a.text); });
  }
  Status AssignCase(const CaseAssignment& assignment, int64_t* id) override {
    return inner_->AssignCase(assignment, id);
  }
  Status ListCaseAssignments(int64_t client_id, std::vector<CaseAssignment>* out) override {
    return inner_->ListCaseAssignments(client_id, out);
  }

  // --- Case notes ---------------------------------------------------------------------

  Status AddCaseNote(const CaseNote& note, int64_t* id) override {
    if (Status s = ValidateCaseNote(note); !s.ok()) return s;  // on the plaintext: the limit is the client's
    CaseNote sealed = note;
    if (Status s = Seal(kCaseNote, &sealed.text); !s.ok()) return s;
    return inner_->AddCaseNote(sealed, id);
  }
  Status ListCaseNotes(int64_t client_id, std::vector<CaseNote>* out) override {
    return OpenEach(inner_->ListCaseNotes(client_id, out), out,
                    [this](CaseNote& n) { return Open(kCaseNote, &n.text); });
  }

  // --- Reports: the sections' Markdown is sealed ----------------------------------------

  Status SaveReportDraft(const ReportRecord& draft, bool replace) override {
    if (Status s = ValidateReportDraft(draft); !s.ok()) return s;
    ReportRecord sealed = draft;
    Status s = Status::Ok();
    for (ReportSection& section : sealed.sections) Also(&s, Seal(kReportMarkdown, &section.markdown));
    if (!s.ok()) return s;
    return inner_->SaveReportDraft(sealed, replace);
  }
  Status EditReportSection(int64_t client_id, const std::string& section, const std::string& markdown,
                           int64_t staff_id, int64_t at_ms) override {
    if (Status s = ValidateReportMarkdown(markdown); !s.ok()) return s;
    std::string sealed = markdown;
    if (Status s = Seal(kReportMarkdown, &sealed); !s.ok()) return s;
    return inner_->EditReportSection(client_id, section, sealed, staff_id, at_ms);
  }
  Status FinalizeReportDraft(int64_t client_id, int64_t staff_id, int64_t at_ms, const std::string& link_hash,
                             int64_t link_expires_at_ms, int* version) override {
    return inner_->FinalizeReportDraft(client_id, staff_id, at_ms, link_hash, link_expires_at_ms, version);
  }
  Status ListReports(int64_t client_id, std::vector<ReportRecord>* out) override {
    return inner_->ListReports(client_id, out);  // lists carry no sections
  }
  Status FindReport(int64_t client_id, int version, std::optional<ReportRecord>* out) override {
    return OpenReport(inner_->FindReport(client_id, version, out), out);
  }
  // A link holds no personal data: its token's hash, its client, report version and times.
  Status IssuePersonalLink(const PersonalLinkRecord& link, const AuditEntry& audit) override {
    return inner_->IssuePersonalLink(link, audit);
  }
  Status FindPersonalLink(const std::string& token_hash, std::optional<PersonalLinkRecord>* out) override {
    return inner_->FindPersonalLink(token_hash, out);
  }

 private:
  static void Also(Status* s, Status next) {
    if (s->ok()) *s = std::move(next);
  }
  Status Seal(std::string_view field, std::string* value) { return SealValue(*keyring_, field, value); }
  Status Seal(std::string_view field, std::optional<std::string>* value) {
    return *value ? Seal(field, &**value) : Status::Ok();
  }
  Status Open(std::string_view field, std::string* value) { return OpenValue(*keyring_, field, value); }
  Status Open(std::string_view field, std::optional<std::string>* value) {
    return *value ? Open(field, &**value) : Status::Ok();
  }
  Status SealComplaint(ComplaintRecord* c) {
    Status s = Seal(kComplaintDescription, &c->description);
    Also(&s, Seal(kComplaintContact, &c->contact));
    return s;
  }
  Status OpenComplaint(ComplaintRecord* c) {
    Status s = Open(kComplaintDescription, &c->description);
    Also(&s, Open(kComplaintContact, &c->contact));
    return s;
  }
  Status OpenReport(Status read, std::optional<ReportRecord>* report) {
    if (!read.ok() || !*report) return read;
    for (ReportSection& section : (*report)->sections) {
      if (Status s = Open(kReportMarkdown, &section.markdown); !s.ok()) {
        report->reset();
        return s;
      }
    }
    return Status::Ok();
  }
  Status OpenSession(StoredSession* session) {
    Status s = Open(kSessionContext, &session->snapshot.context_json);
    Also(&s, Open(kReplyContext, &session->reply_context));
    return s;
  }
  // Opens every row of a list the wrapped store returned; a row that does not
  // open fails the whole read, and the list is cleared (no half-opened data).
  template <typename Row, typename OpenRow>
  static Status OpenEach(Status read, std::vector<Row>* rows, OpenRow open_row) {
    if (!read.ok()) return read;
    for (Row& row : *rows) {
      if (Status s = open_row(row); !s.ok()) {
        rows->clear();
        return s;
      }
    }
    return Status::Ok();
  }

  std::unique_ptr<Store> inner_;
  std::shared_ptr<Keyring> keyring_;
};

}  // namespace

std::unique_ptr<Store> NewEncryptedStore(std::unique_ptr<Store> inner, std::shared_ptr<Keyring> keyring) {
  return std::make_unique<EncryptedStore>(std::move(inner), std::move(keyring));
}

}  // namespace careerbot::storage
