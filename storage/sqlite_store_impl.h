// Private to storage/: the SQLite Store class, split over three files:
// sqlite_store.cpp (opening, the SQL of the turn's statements, a turn's writes),
// sqlite_store_reads.cpp (the reads) and sqlite_store_outbox.cpp (client status
// and the outbox, with their SQL). Nothing outside storage/ includes this
// header; others use OpenSqliteStore (sqlite_store.h).
//
// One writing connection, guarded by one mutex, with every statement prepared
// when the store opens. A single one is enough because SQLite allows one writer
// at a time anyway, and it lets a commit hold the write lock from BEGIN IMMEDIATE
// to COMMIT without another thread's statements slipping into its transaction.
// CommitTurn goes through GroupCommit (group_commit.h): the turns that arrive
// while one transaction commits are written together in the next, each in its
// own savepoint, and every caller returns only once that transaction is durable.
//
// The two reads of every turn (FindAnswer, LoadSession) run on a few read-only
// connections of their own: in WAL mode they read the last committed state
// without waiting for a commit's fsync. A turn's reads see every turn answered
// before it, because a turn is answered only after its commit. The other reads
// stay on the writing connection. WAL checkpoints run on a thread and connection
// of their own (sqlite_checkpointer.h), not inside a group's COMMIT.
//
// Other processes (a backup, the sqlite3 shell) may share the file; the busy
// timeout decides how long we wait for them.
#pragma once

// The columns every read of a hand-off selects, in the order ReadHandoff reads them.
#define HANDOFF_COLUMNS "reason, urgent, status, requested_at, id, client_id, taken_by, taken_at, ended_at"

#include <array>
#include <atomic>
#include <functional>
#include <mutex>
#include <vector>

#include "storage/group_commit.h"
#include "storage/sqlite_checkpointer.h"
#include "storage/sqlite_statement.h"
#include "storage/sqlite_store.h"
#include "storage/store.h"

namespace careerbot::storage {

class Query;
// A row of HANDOFF_COLUMNS (sqlite_store_cases.cpp).
HandoffRecord ReadHandoff(const Query& q);

class SqliteStore final : public Store {
 public:
  Status Open(const SqliteOptions& options);

  Status Ping() override;
  Status CountOperational(int64_t active_since_ms, OperationalCounts* out) override;
  Status FindAnswer(const ClientKey& key, const std::string& message_id,
                    std::optional<std::string>* answer_json) override;
  Status LoadSession(const ClientKey& key, std::optional<StoredSession>* session) override;
  Status CommitTurn(const TurnWrite& turn, int64_t* client_id) override;
  Status FindClientKey(int64_t client_id, std::optional<ClientKey>* key) override;
  Status FindHandoff(int64_t handoff_id, std::optional<HandoffRecord>* out) override;
  Status ListHandoffsByStatus(const std::string& status, std::vector<HandoffRecord>* out) override;
  Status FindCaseClosure(int64_t client_id, std::optional<CaseClosure>* out) override;
  Status AddCaseNote(const CaseNote& note, int64_t* id) override;
  Status ListCaseNotes(int64_t client_id, std::vector<CaseNote>* out) override;
  Status FindClientId(const ClientKey& key, std::optional<int64_t>* client_id) override;
  Status ListJournal(int64_t client_id, std::vector<JournalEntry>* out) override;
  Status ListConsents(int64_t client_id, std::vector<ConsentRecord>* out) override;
  Status ListProfile(int64_t client_id, std::vector<ProfileFieldRecord>* out) override;
  Status ListAnswers(int64_t client_id, std::vector<AnswerRecord>* out) override;
  Status ListResults(int64_t client_id, std::vector<AssessmentResultRecord>* out) override;
  Status ListFeedback(int64_t client_id, std::vector<FeedbackRecord>* out) override;
  Status ListComplaints(int64_t client_id, std::vector<ComplaintRecord>* out) override;
  Status FindComplaint(int64_t client_id, const std::string& ticket,
                       std::optional<ComplaintRecord>* out) override;
  Status ListHandoffs(int64_t client_id, std::vector<HandoffRecord>* out) override;
  Status ListPlans(int64_t client_id, std::vector<ServicePlanRecord>* out) override;
  Status ListNeedsSurveys(int64_t client_id, std::vector<NeedsSurveyRecord>* out) override;
  Status MarkClientInactive(const ClientKey& key, int64_t at_ms, bool* found) override;
  Status GetInactiveSince(int64_t client_id, std::optional<int64_t>* since) override;
  Status QueueOutbox(int64_t client_id, const std::vector<OutboxRequest>& requests,
                     int64_t at_ms) override;
  Status ListOutboxHeads(int64_t due_by_ms, size_t limit, const std::string& except_channel,
                         std::vector<OutboxEntry>* out, std::optional<int64_t>* next_due_ms) override;
  Status RecordOutboxAttempt(const OutboxAttempt& attempt) override;
  Status ListOutbox(int64_t client_id, std::vector<OutboxEntry>* out) override;
  // Staff, training, audit and the client list: sqlite_store_staff.cpp.
  Status AddStaff(const StaffRecord& staff, const std::string& token_hash, int64_t at_ms,
                  int64_t* id) override;
  Status FindStaffByTokenHash(const std::string& token_hash,
                              std::optional<StaffRecord>* out) override;
  Status FindStaff(int64_t staff_id, std::optional<StaffRecord>* out) override;
  Status ListStaff(std::vector<StaffRecord>* out) override;
  Status RevokeStaffTokens(int64_t staff_id, int64_t at_ms,
                           const std::optional<std::string>& new_token_hash, int* revoked) override;
  Status AddTraining(const TrainingRecord& training, int64_t* id) override;
  Status ListTraining(int64_t staff_id, std::vector<TrainingRecord>* out) override;
  Status AppendAudit(const AuditEntry& entry, int64_t* id) override;
  Status ListAudit(int64_t after_id, size_t limit, std::vector<AuditEntry>* out) override;
  Status ListClients(const ClientPage& page, std::vector<ClientSummary>* out) override;
  // Archives: sqlite_store_archive.cpp.
  Status FindArchive(int64_t client_id, std::optional<ArchiveRecord>* out) override;
  Status FindArchiveByNumber(const std::string& number, std::optional<ArchiveRecord>* out) override;
  Status ListArchives(std::vector<ArchiveRecord>* out) override;
  Status ListArchiveDocuments(const std::string& number, std::vector<ArchiveDocument>* out) override;
  // Complaint handling and case assignment: sqlite_store_complaints.cpp.
  Status ListAllComplaints(std::vector<ComplaintHandling>* out) override;
  Status FindComplaintByTicket(const std::string& ticket,
                               std::optional<ComplaintHandling>* out) override;
  Status ChangeComplaint(const ComplaintChange& change, bool* applied) override;
  Status ListComplaintHistory(const std::string& ticket,
                              std::vector<ComplaintChange>* out) override;
  Status AddComplaintAnswer(const ComplaintAnswer& answer, int64_t* id) override;
  Status ListComplaintAnswers(const std::string& ticket,
                              std::vector<ComplaintAnswer>* out) override;
  Status AssignCase(const CaseAssignment& assignment, int64_t* id) override;
  Status ListCaseAssignments(int64_t client_id, std::vector<CaseAssignment>* out) override;
  // Reports: sqlite_store_reports.cpp.
  Status SaveReportDraft(const ReportRecord& draft, bool replace) override;
  Status EditReportSection(int64_t client_id, const std::string& section,
                           const std::string& markdown, int64_t staff_id, int64_t at_ms) override;
  Status FinalizeReportDraft(int64_t client_id, int64_t staff_id, int64_t at_ms,
                             const std::string& link_hash, int64_t link_expires_at_ms,
                             int* version) override;
  Status ListReports(int64_t client_id, std::vector<ReportRecord>* out) override;
  Status FindReport(int64_t client_id, int version, std::optional<ReportRecord>* out) override;
  // Personal links: sqlite_store_links.cpp.
  Status IssuePersonalLink(const PersonalLinkRecord& link, const AuditEntry& audit) override;
  Status FindPersonalLink(const std::string& token_hash, std::optional<PersonalLinkRecord>* out) override;

 private:
  Status PrepareAll();
  Status PrepareOutbox();  // sqlite_store_outbox.cpp
  Status PrepareStaff();   // sqlite_store_staff.cpp
  Status PrepareArchive();  // sqlite_store_archive.cpp
  Status PrepareComplaints();  // sqlite_store_complaints.cpp
  Status PrepareReports();  // sqlite_store_reports.cpp
  Status PrepareLinks();  // sqlite_store_links.cpp
  // Inside mu_: whether the client id exists.
  Status ClientExists(int64_t client_id, bool* exists);
  // Inside mu_: runs `stmt` after bind(query) and reads its reports, with their
  // sections when asked.
  Status ReadReports(const Statement& stmt, const char* what,
                     const std::function<void(Query&)>& bind, bool with_sections,
                     std::vector<ReportRecord>* out);
  // In the turn's transaction: opens the client's archive or files the turn's documents.
  Status WriteArchive(int64_t client_id, const TurnWrite& t);
  Status PrepareCases();  // sqlite_store_cases.cpp
  // In the turn's transaction: t.handoff_updates and t.close_case.
  Status WriteCaseUpdates(int64_t client_id, const TurnWrite& t);
  // Inside mu_: runs one of the archive reads.
  Status ReadArchives(const Statement& stmt, const char* what, const std::string* key,
                      int64_t client_id, std::vector<ArchiveRecord>* out);
  // Inside mu_: whether the staff id exists; adds a token row.
  Status StaffExists(int64_t staff_id, bool* exists);
  Status InsertStaffToken(int64_t staff_id, const std::string& hash, int64_t at_ms);
  Status InsertAudit(const AuditEntry& e, int64_t* id);  // inside mu_ and a transaction
  // Inside mu_, before a write transaction: Unavailable (read-only, SQLITE_READONLY_DBMOVED)
  // when the database file is no longer at its path. In WAL mode SQLite itself
  // goes on writing then (into the log beside the old path and the moved or
  // deleted file), and what it writes is lost for the next start, which opens
  // whatever is at the path; refusing keeps the turn for a retry once the file is back.
  Status RefuseIfMoved(const char* what);
  // Inside mu_: BEGIN IMMEDIATE, run `body`, COMMIT, or ROLLBACK when it fails.
  template <typename Body>
  Status InTransaction(const char* what, Body body);
  // In the turn's transaction: activates the client and queues t.outbox.
  Status WriteOutbox(int64_t client_id, const TurnWrite& t);
  // Inside mu_ and a transaction: queues `requests` after the client's last seq.
  Status InsertOutbox(int64_t client_id, const std::vector<OutboxRequest>& requests,
                      const std::string& message_id, int64_t at_ms);
  // A read-only connection with the statements of a turn's reads.
  struct Reader {
    std::mutex mu;
    SqliteHandle db;  // declared first: closed after its statements are finalized
    Statement find_answer, load_session, count_operational;
  };
  // Locks a free reader (or waits for one) and returns it.
  Reader& LockReader(std::unique_lock<std::mutex>* lock);
  // Commits a group of turns in one transaction (GroupCommit's commit function).
  void CommitGroup(const std::vector<GroupCommit::Member*>& group);
  // One turn of a group, inside the transaction and a savepoint; the caller
  // releases or rolls back. *created is set when the client is new in this
  // transaction.
  Status WriteTurn(const TurnWrite& t, int64_t* client_id, bool* created);
  Status FindClient(const ClientKey& key, std::optional<int64_t>* client_id);
  Status CreateClient(const ClientKey& key, int64_t now_ms, int64_t* client_id);
  Status ErasePersonalData(int64_t client_id);
  Status InsertMessage(int64_t client_id, const TurnWrite& t, bool inbound,
                       const std::optional<std::string>& text, int64_t in_reply_to);
  Status WriteRecords(int64_t client_id, const TurnWrite& t);
  Status WriteServiceRecords(int64_t client_id, const TurnWrite& t);
  // Whether the step that just failed broke a UNIQUE constraint; call it while
  // that step's Query is alive (its reset may change the connection's error).
  bool UniqueViolated() const {
    return sqlite3_extended_errcode(db_.get()) == SQLITE_CONSTRAINT_UNIQUE;
  }
  // Runs `stmt` with ?1 = client_id and collects read(row) for every row.
  template <typename Row, typename Read>
  Status List(const Statement& stmt, const char* what, int64_t client_id, std::vector<Row>* out,
              Read read);

  std::mutex mu_;
  // Declared before the statements so that it is closed after they are finalized.
  SqliteHandle db_;
  Statement ping_, begin_, commit_, rollback_, checkpoint_, savepoint_, release_, rollback_to_;
  Statement find_client_, insert_client_, insert_identity_;
  Statement find_duplicate_;
  Statement insert_message_, upsert_session_, insert_consent_, upsert_profile_;
  Statement upsert_answer_, upsert_result_, insert_feedback_;
  Statement insert_complaint_, insert_handoff_, insert_plan_, insert_survey_;
  Statement erase_profile_, erase_answers_, erase_results_, erase_plans_, erase_surveys_,
      erase_journal_, erase_comments_;
  Statement list_journal_, list_consents_, list_profile_, list_answers_, list_results_,
      list_feedback_;
  Statement list_complaints_, find_complaint_, list_handoffs_, list_plans_, list_surveys_;
  Statement mark_inactive_, activate_client_, inactive_since_;
  Statement find_client_key_, find_handoff_, update_handoff_, insert_closure_, find_closure_;
  Statement handoffs_of_status_, all_handoffs_;
  Statement insert_note_, list_notes_, erase_notes_, client_exists_for_note_;
  Statement outbox_last_seq_, insert_outbox_, erase_outbox_, outbox_due_heads_, outbox_next_due_,
      update_outbox_, outbox_status_, list_outbox_;
  Statement archive_by_client_, archive_by_number_, list_archives_, list_archive_documents_,
      next_archive_seq_, client_kind_, insert_archive_, insert_archive_document_,
      file_client_documents_;
  Statement report_draft_id_, delete_report_, insert_report_, insert_report_section_,
      edit_report_section_, finalize_report_, last_report_version_,
      list_reports_, find_report_, list_report_sections_, erase_reports_;
  Statement insert_link_, find_link_, erase_links_, link_report_id_, erase_report_links_;
  Statement insert_staff_, find_staff_, list_staff_, staff_by_token_, insert_token_,
      revoke_tokens_, insert_training_, list_training_, insert_audit_, list_audit_, list_clients_;
  Statement all_complaints_, complaint_by_ticket_, complaint_current_, set_complaint_status_,
      set_complaint_assignee_, touch_complaint_, insert_complaint_change_, list_complaint_changes_,
      insert_complaint_answer_, list_complaint_answers_, client_exists_, insert_case_assignment_,
      list_case_assignments_;

  std::array<Reader, 2> readers_;
  std::atomic<size_t> next_reader_{0};
  // A group is the turns that queued while the previous one committed, at most
  // this many (one transaction of 256 turns writes a few MB of log at most).
  static constexpr size_t kMaxGroup = 256;
  GroupCommit group_commit_{[this](const std::vector<GroupCommit::Member*>& group) { CommitGroup(group); },
                            kMaxGroup};
  // Last, so that its thread stops before any connection closes.
  WalCheckpointer checkpointer_;
};

// Defined here: the staff and the report files both run transactions.
template <typename Body>
Status SqliteStore::InTransaction(const char* what, Body body) {
  Status s = RefuseIfMoved(what);
  if (s.ok()) s = Query(begin_, what).Run();
  if (!s.ok()) return s;
  s = body();
  if (s.ok()) s = Query(commit_, what).Run();
  if (!s.ok() && !sqlite3_get_autocommit(db_.get())) {
    Status r = Query(rollback_, what).Run();
    (void)r;  // report the first error
  }
  return s;
}

}  // namespace careerbot::storage
