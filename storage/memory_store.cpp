// The in-memory Store. It mirrors the SQLite store's observable behaviour,
// ordering included, so the contract tests can hold both to the same answers:
// lists come back in insertion order, the profile by field name, answers by
// (instrument, attempt, answered_at, first insertion), plans by version, and
// upserts keep a record's original position; outbox entries by id.
#include "storage/memory_store.h"

#include <algorithm>
#include <cstdint>
#include <map>
#include <mutex>
#include <set>
#include <tuple>

#include "storage/archive_number.h"
#include "storage/memory_complaint_tables.h"
#include "storage/memory_staff_tables.h"
#include "storage/turn_validation.h"

namespace careerbot::storage {
namespace {

using KeyTuple = std::tuple<std::string, std::string, std::string>;

KeyTuple Tuple(const ClientKey& k) { return {k.channel, k.account, k.user}; }

struct Client {
  StoredSession session;
  std::vector<JournalEntry> journal;
  // (channel, account, message id) → answer_json: the unique index of the SQL schema.
  std::map<KeyTuple, std::string> answered;
  std::vector<ConsentRecord> consents;
  std::map<std::string, std::string> profile;  // ordered by field, like ORDER BY field
  // (instrument, attempt, item) → the answer and the sequence number of its
  // first insertion, which plays the part of SQLite's rowid.
  std::map<std::tuple<std::string, int, std::string>, std::pair<AnswerRecord, uint64_t>> answers;
  std::vector<AssessmentResultRecord> results;
  std::vector<FeedbackRecord> feedback;
  std::vector<ComplaintRecord> complaints;
  std::vector<HandoffRecord> handoffs;
  std::map<int, ServicePlanRecord> plans;  // by version, like ORDER BY version
  std::vector<NeedsSurveyRecord> needs_surveys;
  std::optional<int64_t> inactive_since;
  int64_t last_outbox_seq = 0;
  std::string first_channel;  // of the identity that created the client
  std::optional<ArchiveRecord> archive;
  std::vector<ArchiveDocument> archive_documents;
  int64_t created_at_ms = 0;
  ClientKey first_key;  // the identity that created the client
  std::optional<CaseClosure> closure;
  std::vector<CaseNote> notes;
  std::map<int, ReportRecord> reports;  // by version; 0 is the draft

  // erase_personal_data, as the SQLite store's erase statements do it.
  void ErasePersonalData() {
    profile.clear();
    answers.clear();
    results.clear();
    plans.clear();
    needs_surveys.clear();
    for (JournalEntry& e : journal) e.text.reset();
    for (auto& entry : answered) entry.second = kErasedAnswerJson;
    for (FeedbackRecord& f : feedback) f.comment.reset();
    reports.clear();  // the store forgets their link hashes (CommitTurn)
    notes.clear();
  }
};

class MemoryStore final : public Store {
 public:
  Status Ping() override { return Status::Ok(); }

  Status CountOperational(int64_t active_since_ms, OperationalCounts* out) override {
    std::lock_guard lock(mu_);
    OperationalCounts counts;
    for (const auto& [unused, e] : outbox_) {
      counts.outbox_queued += e.status == OutboxStatus::kQueued;
      counts.outbox_failed += e.status == OutboxStatus::kFailed;
    }
    for (const auto& [unused, c] : clients_) {
      for (const HandoffRecord& h : c.handoffs) counts.handoffs_open += h.status == "open";
      counts.sessions_active += c.session.updated_at_ms >= active_since_ms;
    }
    *out = counts;
    return Status::Ok();
  }

  Status FindAnswer(const ClientKey& key, const std::string& message_id,
                    std::optional<std::string>* answer_json) override {
    answer_json->reset();
    Status s = ValidateMessageId(message_id);
    if (!s.ok()) return s;
    std::lock_guard lock(mu_);
    const Client* c = Find(key);
    if (c == nullptr) return Status::Ok();
    auto it = c->answered.find({key.channel, key.account, message_id});
    if (it != c->answered.end()) *answer_json = it->second;
    return Status::Ok();
  }

  Status LoadSession(const ClientKey& key, std::optional<StoredSession>* session) override {
    session->reset();
    std::lock_guard lock(mu_);
    if (const Client* c = Find(key)) *session = c->session;
    return Status::Ok();
  }

  Status CommitTurn(const TurnWrite& t, int64_t* client_id) override;

  Status FindClientId(const ClientKey& key, std::optional<int64_t>* client_id) override {
    client_id->reset();
    std::lock_guard lock(mu_);
    auto it = identities_.find(Tuple(key));
    if (it != identities_.end()) *client_id = it->second;
    return Status::Ok();
  }

  Status ListJournal(int64_t id, std::vector<JournalEntry>* out) override {
    return Copy(id, out, [](const Client& c) { return c.journal; });
  }
  Status ListConsents(int64_t id, std::vector<ConsentRecord>* out) override {
    return Copy(id, out, [](const Client& c) { return c.consents; });
  }
  Status ListProfile(int64_t id, std::vector<ProfileFieldRecord>* out) override {
    return Copy(id, out, [](const Client& c) {
      std::vector<ProfileFieldRecord> v;
      for (const auto& [field, value] : c.profile) v.push_back({field, value});
      return v;
    });
  }
  Status ListAnswers(int64_t id, std::vector<AnswerRecord>* out) override;
  Status ListResults(int64_t id, std::vector<AssessmentResultRecord>* out) override {
    return Copy(id, out, [](const Client& c) { return c.results; });
  }
  Status ListFeedback(int64_t id, std::vector<FeedbackRecord>* out) override {
    return Copy(id, out, [](const Client& c) { return c.feedback; });
  }
  Status ListComplaints(int64_t id, std::vector<ComplaintRecord>* out) override {
    return Copy(id, out, [](const Client& c) { return c.complaints; });
  }
  Status FindComplaint(int64_t id, const std::string& ticket,
                       std::optional<ComplaintRecord>* out) override {
    out->reset();
    std::lock_guard lock(mu_);
    auto it = clients_.find(id);
    if (it == clients_.end()) return Status::Ok();
    for (const ComplaintRecord& c : it->second.complaints) {
      if (c.ticket == ticket) *out = c;
    }
    return Status::Ok();
  }
  Status FindClientKey(int64_t id, std::optional<ClientKey>* key) override {
    key->reset();
    std::lock_guard lock(mu_);
    if (auto it = clients_.find(id); it != clients_.end()) *key = it->second.first_key;
    return Status::Ok();
  }
  Status FindHandoff(int64_t handoff_id, std::optional<HandoffRecord>* out) override {
    out->reset();
    std::lock_guard lock(mu_);
    for (const auto& [unused, c] : clients_) {
      for (const HandoffRecord& h : c.handoffs) {
        if (h.id == handoff_id) *out = h;
      }
    }
    return Status::Ok();
  }
  Status ListHandoffsByStatus(const std::string& status, std::vector<HandoffRecord>* out) override {
    out->clear();
    {
      std::lock_guard lock(mu_);
      for (const auto& [unused, c] : clients_) {
        for (const HandoffRecord& h : c.handoffs) {
          if (status.empty() || h.status == status) out->push_back(h);
        }
      }
    }
    std::sort(out->begin(), out->end(), [](const HandoffRecord& a, const HandoffRecord& b) {
      return std::make_tuple(!a.urgent, a.requested_at_ms, a.id) < std::make_tuple(!b.urgent, b.requested_at_ms, b.id);
    });
    return Status::Ok();
  }
  Status FindCaseClosure(int64_t id, std::optional<CaseClosure>* out) override {
    out->reset();
    std::lock_guard lock(mu_);
    if (auto it = clients_.find(id); it != clients_.end()) *out = it->second.closure;
    return Status::Ok();
  }
  Status AddCaseNote(const CaseNote& note, int64_t* id) override {
    if (Status s = ValidateCaseNote(note); !s.ok()) return s;
    std::optional<StaffRecord> staff;
    if (Status s = staff_.FindStaff(note.staff_id, &staff); !s.ok()) return s;
    std::lock_guard lock(mu_);
    auto it = clients_.find(note.client_id);
    if (it == clients_.end()) return Status::NotFound("no client " + std::to_string(note.client_id));
    if (!staff) return Status::NotFound("no staff member " + std::to_string(note.staff_id));
    CaseNote kept = note;
    kept.id = ++last_note_id_;
    it->second.notes.push_back(kept);
    if (id != nullptr) *id = kept.id;
    return Status::Ok();
  }
  Status ListCaseNotes(int64_t id, std::vector<CaseNote>* out) override {
    return Copy(id, out, [](const Client& c) { return c.notes; });
  }
  Status ListHandoffs(int64_t id, std::vector<HandoffRecord>* out) override {
    return Copy(id, out, [](const Client& c) { return c.handoffs; });
  }
  Status ListPlans(int64_t id, std::vector<ServicePlanRecord>* out) override {
    return Copy(id, out, [](const Client& c) {
      std::vector<ServicePlanRecord> v;
      for (const auto& entry : c.plans) v.push_back(entry.second);
      return v;
    });
  }
  Status ListNeedsSurveys(int64_t id, std::vector<NeedsSurveyRecord>* out) override {
    return Copy(id, out, [](const Client& c) { return c.needs_surveys; });
  }

  Status MarkClientInactive(const ClientKey& key, int64_t at_ms, bool* found) override {
    std::lock_guard lock(mu_);
    auto it = identities_.find(Tuple(key));
    if (found != nullptr) *found = it != identities_.end();
    if (it == identities_.end()) return Status::Ok();
    Client& c = clients_.at(it->second);
    if (!c.inactive_since) c.inactive_since = at_ms;
    return Status::Ok();
  }
  Status GetInactiveSince(int64_t id, std::optional<int64_t>* since) override {
    std::lock_guard lock(mu_);
    auto it = clients_.find(id);
    *since = it == clients_.end() ? std::nullopt : it->second.inactive_since;
    return Status::Ok();
  }
  Status QueueOutbox(int64_t id, const std::vector<OutboxRequest>& requests, int64_t at_ms) override;
  Status ListOutboxHeads(int64_t due_by_ms, size_t limit, const std::string& except_channel,
                         std::vector<OutboxEntry>* out, std::optional<int64_t>* next_due_ms) override;
  Status RecordOutboxAttempt(const OutboxAttempt& a) override;
  // Staff, training and audit: MemoryStaffTables (memory_staff_tables.h).
  Status AddStaff(const StaffRecord& staff, const std::string& token_hash, int64_t at_ms,
                  int64_t* id) override {
    return staff_.AddStaff(staff, token_hash, at_ms, id);
  }
  Status FindStaffByTokenHash(const std::string& hash, std::optional<StaffRecord>* out) override {
    return staff_.FindStaffByTokenHash(hash, out);
  }
  Status FindStaff(int64_t staff_id, std::optional<StaffRecord>* out) override {
    return staff_.FindStaff(staff_id, out);
  }
  Status ListStaff(std::vector<StaffRecord>* out) override { return staff_.ListStaff(out); }
  Status RevokeStaffTokens(int64_t staff_id, int64_t at_ms,
                           const std::optional<std::string>& new_hash, int* revoked) override {
    return staff_.RevokeStaffTokens(staff_id, at_ms, new_hash, revoked);
  }
  Status AddTraining(const TrainingRecord& t, int64_t* id) override {
    return staff_.AddTraining(t, id);
  }
  Status ListTraining(int64_t staff_id, std::vector<TrainingRecord>* out) override {
    return staff_.ListTraining(staff_id, out);
  }
  Status AppendAudit(const AuditEntry& e, int64_t* id) override {
    return staff_.AppendAudit(e, id);
  }
  Status ListAudit(int64_t after_id, size_t limit, std::vector<AuditEntry>* out) override {
    return staff_.ListAudit(after_id, limit, out);
  }
  Status ListClients(const ClientPage& page, std::vector<ClientSummary>* out) override {
    std::lock_guard lock(mu_);
    out->clear();
    for (auto it = clients_.upper_bound(page.after_id);
         it != clients_.end() && out->size() < page.limit; ++it) {
      const Client& c = it->second;
      out->push_back({it->first, c.first_channel, c.created_at_ms, c.session.snapshot.state,
                      c.session.updated_at_ms});
    }
    return Status::Ok();
  }

  Status FindArchive(int64_t id, std::optional<ArchiveRecord>* out) override {
    std::lock_guard lock(mu_);
    auto it = clients_.find(id);
    *out = it == clients_.end() ? std::nullopt : it->second.archive;
    return Status::Ok();
  }
  Status FindArchiveByNumber(const std::string& number, std::optional<ArchiveRecord>* out) override {
    std::lock_guard lock(mu_);
    auto it = archive_numbers_.find(number);
    *out = it == archive_numbers_.end() ? std::nullopt : clients_.at(it->second).archive;
    return Status::Ok();
  }
  Status ListArchives(std::vector<ArchiveRecord>* out) override {
    std::lock_guard lock(mu_);
    out->clear();
    for (const std::string& n : archive_order_) out->push_back(*clients_.at(archive_numbers_.at(n)).archive);
    return Status::Ok();
  }
  Status ListArchiveDocuments(const std::string& number, std::vector<ArchiveDocument>* out) override {
    std::lock_guard lock(mu_);
    auto it = archive_numbers_.find(number);
    *out = it == archive_numbers_.end() ? std::vector<ArchiveDocument>()
                                        : clients_.at(it->second).archive_documents;
    return Status::Ok();
  }

  // Complaint handling and case assignment: below the class.
  Status ListAllComplaints(std::vector<ComplaintHandling>* out) override;
  Status FindComplaintByTicket(const std::string& ticket,
                               std::optional<ComplaintHandling>* out) override;
  Status ChangeComplaint(const ComplaintChange& change, bool* applied) override;
  Status ListComplaintHistory(const std::string& ticket,
                              std::vector<ComplaintChange>* out) override {
    std::lock_guard lock(mu_);
    *out = complaint_tables_.History(ticket);
    return Status::Ok();
  }
  Status AddComplaintAnswer(const ComplaintAnswer& answer, int64_t* id) override;
  Status ListComplaintAnswers(const std::string& ticket,
                              std::vector<ComplaintAnswer>* out) override {
    std::lock_guard lock(mu_);
    *out = complaint_tables_.Answers(ticket);
    return Status::Ok();
  }
  Status AssignCase(const CaseAssignment& assignment, int64_t* id) override;
  Status ListCaseAssignments(int64_t client_id, std::vector<CaseAssignment>* out) override {
    std::lock_guard lock(mu_);
    *out = complaint_tables_.Assignments(client_id);
    return Status::Ok();
  }
  // Reports: the same checks in the same order as sqlite_store_reports.cpp.
  Status SaveReportDraft(const ReportRecord& r, bool replace) override {
    if (Status s = ValidateReportDraft(r); !s.ok()) return s;
    std::lock_guard lock(mu_);
    auto it = clients_.find(r.client_id);
    if (it == clients_.end()) return Status::NotFound("no client " + std::to_string(r.client_id));
    if (Status s = StaffKnown(r.drafted_by); !s.ok()) return s;
    Client& c = it->second;
    if (c.reports.count(0) && !replace) return Status::AlreadyExists("the client has a report draft already");
    ReportRecord draft = r;
    draft.version = 0;
    draft.finalized_by.reset();
    draft.finalized_at_ms = 0;
    draft.link_expires_at_ms.reset();
    for (ReportSection& section : draft.sections) {
      section.edited_by.reset();
      section.edited_at_ms = 0;
    }
    c.reports[0] = std::move(draft);
    return Status::Ok();
  }
  Status EditReportSection(int64_t client_id, const std::string& section, const std::string& markdown,
                           int64_t staff_id, int64_t at_ms) override {
    if (Status s = ValidateReportMarkdown(markdown); !s.ok()) return s;
    std::lock_guard lock(mu_);
    if (Status s = StaffKnown(staff_id); !s.ok()) return s;
    auto it = clients_.find(client_id);
    if (it != clients_.end() && it->second.reports.count(0)) {
      for (ReportSection& one : it->second.reports.at(0).sections) {
        if (one.id != section) continue;
        one.markdown = markdown;
        one.edited_by = staff_id;
        one.edited_at_ms = at_ms;
        return Status::Ok();
      }
    }
    return Status::NotFound("no report draft with a section " + section);
  }
  Status FinalizeReportDraft(int64_t client_id, int64_t staff_id, int64_t at_ms, const std::string& link_hash,
                             int64_t link_expires_at_ms, int* version) override {
    if (Status s = ValidatePersonalLink({client_id, "report", link_hash, at_ms, link_expires_at_ms, 1}); !s.ok()) {
      return s;
    }
    std::lock_guard lock(mu_);
    if (Status s = StaffKnown(staff_id); !s.ok()) return s;
    auto it = clients_.find(client_id);
    if (it == clients_.end() || !it->second.reports.count(0)) {
      return Status::NotFound("the client has no report draft");
    }
    if (personal_links_.count(link_hash)) return Status::AlreadyExists("finalize report: link taken");
    Client& c = it->second;
    ReportRecord r = std::move(c.reports.at(0));
    c.reports.erase(0);
    r.version = c.reports.empty() ? 1 : c.reports.rbegin()->first + 1;
    r.finalized_by = staff_id;
    r.finalized_at_ms = at_ms;
    r.link_expires_at_ms = link_expires_at_ms;
    personal_links_[link_hash] = {client_id, "report", link_hash, at_ms, link_expires_at_ms, r.version};
    if (c.archive) c.archive_documents.push_back({"report", "version " + std::to_string(r.version), at_ms});
    if (version != nullptr) *version = r.version;
    c.reports[r.version] = std::move(r);
    return Status::Ok();
  }
  Status ListReports(int64_t id, std::vector<ReportRecord>* out) override {
    return Copy(id, out, [](const Client& c) {
      std::vector<ReportRecord> v;
      for (const auto& [version, r] : c.reports) {
        if (version > 0) v.push_back(r);
      }
      if (c.reports.count(0)) v.push_back(c.reports.at(0));
      for (ReportRecord& r : v) r.sections.clear();  // lists carry no content
      return v;
    });
  }
  Status FindReport(int64_t id, int version, std::optional<ReportRecord>* out) override {
    std::lock_guard lock(mu_);
    out->reset();
    auto it = clients_.find(id);
    if (it != clients_.end() && it->second.reports.count(version)) *out = it->second.reports.at(version);
    return Status::Ok();
  }
  Status IssuePersonalLink(const PersonalLinkRecord& link, const AuditEntry& audit) override {
    if (Status s = ValidatePersonalLink(link); !s.ok()) return s;
    if (Status s = ValidateAuditEntry(audit); !s.ok()) return s;
    std::lock_guard lock(mu_);
    auto client = clients_.find(link.client_id);
    if (client == clients_.end()) return Status::NotFound("no client " + std::to_string(link.client_id));
    ReportRecord* report = nullptr;
    if (link.report_version) {
      auto it = client->second.reports.find(*link.report_version);
      if (it == client->second.reports.end()) {
        return Status::NotFound("the client has no report version " + std::to_string(*link.report_version));
      }
      report = &it->second;
    }
    if (personal_links_.count(link.token_hash)) return Status::AlreadyExists("issue personal link: the token is taken");
    // Under mu_, so no turn erases the client between the audit entry and the link.
    if (Status s = staff_.AppendAudit(audit, nullptr); !s.ok()) return s;
    if (report != nullptr) {  // a report version has one link: the new one replaces the old
      std::erase_if(personal_links_, [&](const auto& kept) {
        return kept.second.client_id == link.client_id && kept.second.report_version == link.report_version;
      });
      report->link_expires_at_ms = link.expires_at_ms;
    }
    personal_links_[link.token_hash] = link;
    return Status::Ok();
  }
  Status FindPersonalLink(const std::string& token_hash, std::optional<PersonalLinkRecord>* out) override {
    std::lock_guard lock(mu_);
    out->reset();
    if (auto it = personal_links_.find(token_hash); it != personal_links_.end()) *out = it->second;
    return Status::Ok();
  }

  Status ListOutbox(int64_t id, std::vector<OutboxEntry>* out) override {
    std::lock_guard lock(mu_);
    out->clear();
    for (const auto& [unused, e] : outbox_) {  // by id: a client's seq grows with the id
      if (e.client_id == id) out->push_back(e);
    }
    return Status::Ok();
  }

 private:
  // Inside mu_: queues `requests` after the client's last seq.
  void InsertOutbox(int64_t id, Client& c, const std::vector<OutboxRequest>& requests,
                    const std::string& message_id, int64_t at_ms);
  const Client* Find(const ClientKey& key) const {
    auto it = identities_.find(Tuple(key));
    return it == identities_.end() ? nullptr : &clients_.at(it->second);
  }

  // An unknown client id has no records: an empty list, as from SQL.
  template <typename Row, typename Get>
  Status Copy(int64_t id, std::vector<Row>* out, Get get) {
    std::lock_guard lock(mu_);
    auto it = clients_.find(id);
    *out = it == clients_.end() ? std::vector<Row>() : get(it->second);
    return Status::Ok();
  }

  std::mutex mu_;
  std::map<KeyTuple, int64_t> identities_;
  std::map<int64_t, Client> clients_;
  std::set<std::string> tickets_;  // every client's: the UNIQUE ticket column
  int64_t last_client_id_ = 0;
  int64_t last_handoff_id_ = 0;
  int64_t last_note_id_ = 0;
  uint64_t last_answer_seq_ = 0;
  std::map<int64_t, OutboxEntry> outbox_;  // by id, like the table's rowid
  int64_t last_outbox_id_ = 0;
  // Archives: number → client id, the order opened, the last seq per (category, year).
  std::map<std::string, int64_t> archive_numbers_;
  std::vector<std::string> archive_order_;
  std::map<std::pair<std::string, int>, int64_t> archive_seq_;
  std::map<std::string, PersonalLinkRecord> personal_links_;  // by token hash
  MemoryStaffTables staff_;  // its own lock: nothing there touches a client
  MemoryComplaintTables complaint_tables_;  // under mu_

  // Inside mu_: the complaint with this ticket and its client, or null.
  ComplaintRecord* FindTicket(const std::string& ticket, int64_t* client_id) {
    for (auto& [id, c] : clients_) {
      for (ComplaintRecord& r : c.complaints) {
        if (r.ticket != ticket) continue;
        if (client_id != nullptr) *client_id = id;
        return &r;
      }
    }
    return nullptr;
  }
  ComplaintHandling Handling(int64_t client_id, const ComplaintRecord& r) const {
    return {client_id, r, complaint_tables_.Assignee(r.ticket)};
  }
  // Whether the staff id exists (staff_ has its own lock).
  bool StaffExists(int64_t staff_id) {
    std::optional<StaffRecord> staff;
    return staff_.FindStaff(staff_id, &staff).ok() && staff.has_value();
  }

  // NotFound for a staff id the staff tables do not know.
  Status StaffKnown(int64_t staff_id) {
    std::optional<StaffRecord> staff;
    Status s = staff_.FindStaff(staff_id, &staff);
    if (s.ok() && !staff) s = Status::NotFound("no staff member " + std::to_string(staff_id));
    return s;
  }
};

Status MemoryStore::ListAllComplaints(std::vector<ComplaintHandling>* out) {
  std::lock_guard lock(mu_);
  out->clear();
  for (const auto& [id, c] : clients_) {
    for (const ComplaintRecord& r : c.complaints) out->push_back(Handling(id, r));
  }
  std::stable_sort(out->begin(), out->end(), [](const ComplaintHandling& x, const ComplaintHandling& y) {
    return std::tie(x.complaint.filed_at_ms, x.complaint.ticket) <
           std::tie(y.complaint.filed_at_ms, y.complaint.ticket);
  });
  return Status::Ok();
}

Status MemoryStore::FindComplaintByTicket(const std::string& ticket,
                                          std::optional<ComplaintHandling>* out) {
  std::lock_guard lock(mu_);
  out->reset();
  int64_t client_id = 0;
  if (const ComplaintRecord* r = FindTicket(ticket, &client_id)) *out = Handling(client_id, *r);
  return Status::Ok();
}

Status MemoryStore::ChangeComplaint(const ComplaintChange& change, bool* applied) {
  *applied = false;
  if (Status s = ValidateComplaintChange(change); !s.ok()) return s;
  // The SQLite store's order: the ticket, then the foreign keys.
  std::lock_guard lock(mu_);
  ComplaintRecord* r = FindTicket(change.ticket, nullptr);
  if (r == nullptr) return Status::NotFound("change complaint: no complaint " + change.ticket);
  if (!StaffExists(change.staff_id) ||
      (change.field == "assignee" && !StaffExists(std::stoll(*change.to)))) {
    return Status::NotFound("change complaint: no such staff member");
  }
  *applied = complaint_tables_.Apply(change, r);
  return Status::Ok();
}

Status MemoryStore::AddComplaintAnswer(const ComplaintAnswer& answer, int64_t* id) {
  if (Status s = ValidateComplaintAnswer(answer); !s.ok()) return s;
  std::lock_guard lock(mu_);
  ComplaintRecord* r = FindTicket(answer.ticket, nullptr);
  if (r == nullptr) return Status::NotFound("add complaint answer: no complaint " + answer.ticket);
  if (!StaffExists(answer.staff_id)) return Status::NotFound("add complaint answer: no such staff member");
  const int64_t new_id = complaint_tables_.AddAnswer(answer, r);
  if (id != nullptr) *id = new_id;
  return Status::Ok();
}

Status MemoryStore::AssignCase(const CaseAssignment& a, int64_t* id) {
  if (Status s = ValidateCaseAssignment(a); !s.ok()) return s;
  std::lock_guard lock(mu_);
  if (!clients_.count(a.client_id)) {
    return Status::NotFound("assign case: no client " + std::to_string(a.client_id));
  }
  if (!StaffExists(a.staff_id) || !StaffExists(a.assigned_by)) {
    return Status::NotFound("assign case: no such staff member");
  }
  const int64_t new_id = complaint_tables_.AddAssignment(a);
  if (id != nullptr) *id = new_id;
  return Status::Ok();
}

Status MemoryStore::CommitTurn(const TurnWrite& t, int64_t* client_id) {
  // Every check comes before the first change, so a refused turn changes
  // nothing; the writes below cannot fail short of running out of memory.
  Status s = ValidateTurn(t);
  if (!s.ok()) return s;
  std::lock_guard lock(mu_);
  auto identity = identities_.find(Tuple(t.key));
  if (identity != identities_.end() && !t.message_id.empty() &&
      clients_.at(identity->second).answered.count({t.key.channel, t.key.account, t.message_id})) {
    if (client_id != nullptr) *client_id = identity->second;
    return Status::AlreadyExists("commit turn: this message id was already answered");
  }
  // The SQLite store meets these when it inserts the records, after the
  // complaints and before the plans; checked here in that order.
  std::set<std::string> turn_tickets;
  for (const ComplaintRecord& r : t.complaints) {
    if (tickets_.count(r.ticket) || !turn_tickets.insert(r.ticket).second) {
      if (identity != identities_.end() && client_id != nullptr) *client_id = identity->second;
      return Status::AlreadyExists("commit turn: this complaint ticket is already taken");
    }
  }
  std::set<int> turn_versions;
  for (const ServicePlanRecord& p : t.plans) {
    // Versions the erasure removes are free again.
    const bool kept = identity != identities_.end() && !t.erase_personal_data &&
                      clients_.at(identity->second).plans.count(p.version);
    if (kept || !turn_versions.insert(p.version).second) {
      return Status::InvalidArgument("commit turn: the client already has this plan version");
    }
  }

  // The SQLite store meets these after the records, before the archive.
  for (const HandoffUpdate& u : t.handoff_updates) {
    const HandoffRecord* h = nullptr;
    if (identity != identities_.end()) {
      for (const HandoffRecord& x : clients_.at(identity->second).handoffs) {
        if (x.id == u.handoff_id) h = &x;
      }
    }
    if (h == nullptr || h->status != u.from) {
      return Status::InvalidArgument("commit turn: hand-off " + std::to_string(u.handoff_id) +
                                     " is not the client's or not " + u.from);
    }
  }
  if (t.close_case && identity != identities_.end() && clients_.at(identity->second).closure) {
    return Status::InvalidArgument("commit turn: the case is closed already");
  }

  int64_t id = 0;
  if (identity != identities_.end()) {
    id = identity->second;
  } else {
    id = ++last_client_id_;
    identities_.emplace(Tuple(t.key), id);
    clients_[id].first_channel = t.key.channel;
    clients_[id].created_at_ms = t.received_at_ms;
    clients_[id].first_key = t.key;
  }
  Client& c = clients_[id];
  if (t.erase_personal_data) {
    c.ErasePersonalData();
    std::erase_if(personal_links_, [id](const auto& link) { return link.second.client_id == id; });
    std::erase_if(outbox_, [id](const auto& entry) {
      return entry.second.client_id == id && entry.second.status != OutboxStatus::kQueued;
    });
  }
  if (!t.staff_id) c.inactive_since.reset();
  InsertOutbox(id, c, t.outbox, t.message_id, t.received_at_ms);

  using Dir = JournalEntry::Direction;
  if (t.journaled) {
    c.journal.push_back({Dir::kInbound, t.message_id, t.inbound_text, t.received_at_ms, t.staff_id});
    for (const std::string& text : t.outbound_texts) {
      c.journal.push_back({Dir::kOutbound, t.message_id, text, t.received_at_ms});
    }
  }
  if (!t.message_id.empty())
    c.answered[{t.key.channel, t.key.account, t.message_id}] = t.answer_json;
  c.session = StoredSession{id, t.snapshot, t.received_at_ms, t.reply_context ? t.reply_context : c.session.reply_context};

  c.consents.insert(c.consents.end(), t.consents.begin(), t.consents.end());
  for (const ProfileFieldRecord& p : t.profile_fields) c.profile[p.field] = p.value;
  for (const AnswerRecord& a : t.answers) {
    auto [it, inserted] = c.answers.try_emplace({a.instrument, a.attempt, a.item}, a, 0);
    if (inserted) {
      it->second.second = ++last_answer_seq_;
    } else {
      it->second.first = a;  // the upsert: new value and time, original position
    }
  }
  for (const AssessmentResultRecord& r : t.results) {
    auto same_attempt = [&r](const AssessmentResultRecord& x) {
      return x.instrument == r.instrument && x.attempt == r.attempt;
    };
    auto it = std::find_if(c.results.begin(), c.results.end(), same_attempt);
    if (it != c.results.end()) {
      *it = r;
    } else {
      c.results.push_back(r);
    }
  }
  c.feedback.insert(c.feedback.end(), t.feedback.begin(), t.feedback.end());
  c.complaints.insert(c.complaints.end(), t.complaints.begin(), t.complaints.end());
  for (const ComplaintRecord& r : t.complaints) tickets_.insert(r.ticket);
  for (HandoffRecord h : t.handoffs) {
    h.id = ++last_handoff_id_;
    h.client_id = id;
    h.taken_by = h.taken_at_ms = h.ended_at_ms = std::nullopt;
    c.handoffs.push_back(std::move(h));
  }
  for (const HandoffUpdate& u : t.handoff_updates) {
    for (HandoffRecord& h : c.handoffs) {
      if (h.id != u.handoff_id) continue;
      h.status = u.to;
      if (u.to == "taken") {
        h.taken_by = u.staff_id;
        h.taken_at_ms = t.received_at_ms;
      } else {
        h.ended_at_ms = t.received_at_ms;
      }
    }
  }
  if (t.close_case) c.closure = t.close_case;
  for (const ServicePlanRecord& p : t.plans) c.plans.emplace(p.version, p);
  c.needs_surveys.insert(c.needs_surveys.end(), t.needs_surveys.begin(), t.needs_surveys.end());
  if (t.open_archive && !c.archive) {
    // Clients here are all individuals (the SQLite store reads clients.kind).
    ArchiveRecord a;
    a.client_id = id;
    a.category = ArchiveCategory("individual");
    a.year = ArchiveYear(t.received_at_ms);
    a.seq = ++archive_seq_[{a.category, a.year}];
    a.number = FormatArchiveNumber(t.archive_format, a.category, a.year, a.seq);
    a.opened_at_ms = t.received_at_ms;
    archive_numbers_[a.number] = id;
    archive_order_.push_back(a.number);
    c.archive = a;
    std::vector<ServicePlanRecord> plans;
    for (const auto& [unused, p] : c.plans) plans.push_back(p);
    c.archive_documents = ArchiveDocumentsOf(c.consents, plans, c.feedback, c.complaints);
  } else if (c.archive) {
    for (ArchiveDocument& d : ArchiveDocumentsOf(t.consents, t.plans, t.feedback, t.complaints)) {
      c.archive_documents.push_back(std::move(d));
    }
  }
  if (client_id != nullptr) *client_id = id;
  return Status::Ok();
}

Status MemoryStore::ListAnswers(int64_t id, std::vector<AnswerRecord>* out) {
  return Copy(id, out, [](const Client& c) {
    std::vector<std::pair<AnswerRecord, uint64_t>> rows;
    for (const auto& entry : c.answers) rows.push_back(entry.second);
    std::sort(rows.begin(), rows.end(), [](const auto& x, const auto& y) {
      return std::tie(x.first.instrument, x.first.attempt, x.first.answered_at_ms, x.second) <
             std::tie(y.first.instrument, y.first.attempt, y.first.answered_at_ms, y.second);
    });
    std::vector<AnswerRecord> v;
    for (auto& row : rows) v.push_back(std::move(row.first));
    return v;
  });
}

void MemoryStore::InsertOutbox(int64_t id, Client& c, const std::vector<OutboxRequest>& requests,
                               const std::string& message_id, int64_t at_ms) {
  for (const OutboxRequest& request : requests) {
    OutboxEntry e;
    e.id = ++last_outbox_id_;
    e.client_id = id;
    e.channel = request.to.channel;
    e.account = request.to.account;
    e.seq = ++c.last_outbox_seq;
    e.message_id = message_id;
    e.request_json = request.request_json;
    e.next_attempt_at_ms = e.created_at_ms = e.updated_at_ms = at_ms;
    outbox_.emplace(e.id, std::move(e));
  }
}

Status MemoryStore::QueueOutbox(int64_t id, const std::vector<OutboxRequest>& requests, int64_t at_ms) {
  if (Status s = ValidateOutboxRequests(requests, "queue outbox"); !s.ok()) return s;
  std::lock_guard lock(mu_);
  auto it = clients_.find(id);
  if (it == clients_.end()) return Status::NotFound("queue outbox: no client " + std::to_string(id));
  InsertOutbox(id, it->second, requests, "", at_ms);
  return Status::Ok();
}

Status MemoryStore::ListOutboxHeads(int64_t due_by_ms, size_t limit, const std::string& except_channel,
                                    std::vector<OutboxEntry>* out, std::optional<int64_t>* next_due_ms) {
  std::lock_guard lock(mu_);
  out->clear();
  if (next_due_ms != nullptr) next_due_ms->reset();
  // (client id, channel, account) → its queued entry of lowest seq
  std::map<std::tuple<int64_t, std::string, std::string>, const OutboxEntry*> heads;
  for (const auto& [unused, e] : outbox_) {
    if (e.status != OutboxStatus::kQueued || (!except_channel.empty() && e.channel == except_channel)) continue;
    const OutboxEntry*& head = heads[{e.client_id, e.channel, e.account}];
    if (head == nullptr || e.seq < head->seq) head = &e;
  }
  for (const auto& [unused, e] : heads) {
    if (e->next_attempt_at_ms <= due_by_ms) {
      out->push_back(*e);
    } else if (next_due_ms != nullptr && (!*next_due_ms || e->next_attempt_at_ms < **next_due_ms)) {
      *next_due_ms = e->next_attempt_at_ms;
    }
  }
  std::sort(out->begin(), out->end(), [](const OutboxEntry& x, const OutboxEntry& y) {
    return std::tie(x.next_attempt_at_ms, x.id) < std::tie(y.next_attempt_at_ms, y.id);
  });
  if (out->size() > limit) out->resize(limit);
  return Status::Ok();
}

Status MemoryStore::RecordOutboxAttempt(const OutboxAttempt& a) {
  if (Status s = ValidateOutboxAttempt(a); !s.ok()) return s;
  std::lock_guard lock(mu_);
  auto it = outbox_.find(a.id);
  if (it == outbox_.end()) {
    return Status::NotFound("record outbox attempt: no outbox entry " + std::to_string(a.id));
  }
  OutboxEntry& e = it->second;
  if (e.status != OutboxStatus::kQueued) {
    return Status::InvalidArgument("record outbox attempt: entry " + std::to_string(a.id) +
                                   " is already " + OutboxStatusName(e.status));
  }
  e.status = a.status;
  e.attempts = a.attempts;
  if (a.status == OutboxStatus::kQueued) e.next_attempt_at_ms = a.next_attempt_at_ms;
  if (a.error) e.last_error = a.error;  // a sent entry keeps its last failure's error
  e.updated_at_ms = a.at_ms;
  return Status::Ok();
}

}  // namespace

std::unique_ptr<Store> NewMemoryStore() { return std::make_unique<MemoryStore>(); }

}  // namespace careerbot::storage
