// Store: everything careerbot keeps, behind one domain-level interface.
//
// Implementations: SQLite (sqlite_store.h, the embedded default) and an in-memory
// one for tests (memory_store.h); a server database joins later with the same
// shape. Nothing outside storage/ sees SQL or a database handle.
//
// Thread-safety: every method may be called from any thread at any time; an
// implementation serialises what it must. Every method returns Unavailable when
// the database cannot answer now (busy, full disk, read-only file), and then has
// changed nothing.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "base/status.h"
#include "storage/complaint_records.h"
#include "storage/link_records.h"
#include "storage/records.h"
#include "storage/report_records.h"
#include "storage/staff_records.h"

namespace careerbot::storage {

class Store {
 public:
  virtual ~Store() = default;

  // OK when the store answers a trivial query (for /healthz).
  virtual Status Ping() = 0;

  // The gauges of /metrics (records.h OperationalCounts); sessions count as
  // active when changed at or after active_since_ms. Never waits for the writer.
  virtual Status CountOperational(int64_t active_since_ms, OperationalCounts* out) = 0;

  // --- Conversation turns ----------------------------------------------------

  // The answer already given to (key, message_id), so a redelivered message is
  // answered the same way without running the turn again. *answer_json is nullopt
  // when no such turn was committed. message_id must not be empty (InvalidArgument).
  // Message ids are scoped by the key's channel and account, the ones that issued them.
  virtual Status FindAnswer(const ClientKey& key, const std::string& message_id,
                            std::optional<std::string>* answer_json) = 0;

  // The client's session, or nullopt when the key has never been seen.
  virtual Status LoadSession(const ClientKey& key, std::optional<StoredSession>* session) = 0;

  // Writes the whole turn in one transaction, creating the client and its channel
  // identity on first contact; durable when it returns OK. A turn whose
  // (key, message_id) was already committed is AlreadyExists and changes nothing;
  // an empty message_id is never a duplicate. A turn that breaks a record's rule
  // (empty key.channel or key.user, a rating outside 1..5, an answer without
  // instrument or item …) is InvalidArgument and changes nothing. Any other
  // failure rolls the whole turn back. *client_id (optional) receives the
  // client's id on OK and on AlreadyExists (left as it was when the refused turn
  // was the client's first: no client was created).
  //
  // A complaint whose ticket is already taken (by any client, or twice in this
  // turn) is AlreadyExists and changes nothing; a caller tells it from a duplicate
  // message id by FindAnswer, which finds no answer for it. A plan version the
  // client already has (or twice in this turn) is InvalidArgument and changes
  // nothing; versions erased by erase_personal_data are free again.
  //
  // Within the turn: erase_personal_data runs first (records.h); every journal row
  // takes received_at_ms; the snapshot replaces the session; consents, feedback,
  // complaints, hand-offs, plans and needs surveys are appended; a profile field,
  // an answer (instrument, attempt, item) and a result (instrument, attempt)
  // replace an earlier one with the same key (see the List* orders below). A
  // committed turn makes an inactive client active again, and queues its outbox
  // entries (an empty request is InvalidArgument).
  virtual Status CommitTurn(const TurnWrite& turn, int64_t* client_id) = 0;

  // --- Clients -----------------------------------------------------------------

  // The client left the channel (unfollowed the account, blocked the bot): marks
  // them inactive from at_ms. A client already inactive keeps the earlier time; the
  // client's next committed turn makes them active again. *found (optional) says
  // whether the key is a known client; an unknown key changes nothing.
  virtual Status MarkClientInactive(const ClientKey& key, int64_t at_ms, bool* found) = 0;
  // Since when the client is inactive; nullopt when active (or unknown).
  virtual Status GetInactiveSince(int64_t client_id, std::optional<int64_t>* since) = 0;

  // --- The outbox (written by CommitTurn's TurnWrite::outbox, or QueueOutbox) -

  // Queues requests for a known client outside a turn (an admin action's events),
  // all or none, in one transaction: they take the next places in the client's
  // order, due at at_ms, with no message id. NotFound for an unknown client;
  // InvalidArgument for an empty request or destination channel (nothing queued).
  virtual Status QueueOutbox(int64_t client_id, const std::vector<OutboxRequest>& requests,
                             int64_t at_ms) = 0;
  // The entries due by due_by_ms that each (client, destination) is to deliver
  // next: for every client and destination (channel, account) with queued entries,
  // the queued one with the lowest seq (those after it wait until it is sent or
  // given up; entries to other destinations do not), when its next_attempt_at_ms
  // <= due_by_ms. Ordered by next_attempt_at_ms, then id; at most `limit`.
  // *next_due_ms (may be null): the earliest next_attempt_at_ms of such a head not
  // yet due, so the caller learns when to look again; nullopt when there is none.
  // A non-empty except_channel leaves out the heads of destinations of that
  // channel (so that a caller can look past many it cannot take now), from both.
  // The cost follows the due heads read, not the entries waiting (the outbox
  // worker asks at every wake-up, and entries pile up while a platform is down).
  virtual Status ListOutboxHeads(int64_t due_by_ms, size_t limit, const std::string& except_channel,
                                 std::vector<OutboxEntry>* out, std::optional<int64_t>* next_due_ms) = 0;
  // Records one attempt. NotFound for an unknown id; InvalidArgument when the entry
  // is no longer queued (sent and failed are final) or the attempt is malformed
  // (attempts below 1, a kSent attempt with an error); nothing changes then.
  virtual Status RecordOutboxAttempt(const OutboxAttempt& attempt) = 0;
  // The client's entries, in seq order.
  virtual Status ListOutbox(int64_t client_id, std::vector<OutboxEntry>* out) = 0;

  // --- Reading a client's records (tests now; admin API and export later) -----
  // A client id that does not exist yields an empty list, not NotFound.

  virtual Status FindClientId(const ClientKey& key, std::optional<int64_t>* client_id) = 0;
  // In the order written: each turn's inbound row, then its replies.
  virtual Status ListJournal(int64_t client_id, std::vector<JournalEntry>* out) = 0;
  // In the order written.
  virtual Status ListConsents(int64_t client_id, std::vector<ConsentRecord>* out) = 0;
  // Ordered by field name (bytewise).
  virtual Status ListProfile(int64_t client_id, std::vector<ProfileFieldRecord>* out) = 0;
  // All answers of the client, ordered by instrument, attempt, then answered_at_ms;
  // answers of the same millisecond in the order their items were first answered.
  virtual Status ListAnswers(int64_t client_id, std::vector<AnswerRecord>* out) = 0;
  // In the order each (instrument, attempt) was first scored.
  virtual Status ListResults(int64_t client_id, std::vector<AssessmentResultRecord>* out) = 0;
  // In the order written.
  virtual Status ListFeedback(int64_t client_id, std::vector<FeedbackRecord>* out) = 0;
  // In the order written.
  virtual Status ListComplaints(int64_t client_id, std::vector<ComplaintRecord>* out) = 0;
  // The client's complaint with this ticket, or nullopt (also when the ticket is
  // another client's: a client only ever sees their own).
  virtual Status FindComplaint(int64_t client_id, const std::string& ticket,
                               std::optional<ComplaintRecord>* out) = 0;
  // In the order written.
  virtual Status ListHandoffs(int64_t client_id, std::vector<HandoffRecord>* out) = 0;
  // Ordered by version.
  virtual Status ListPlans(int64_t client_id, std::vector<ServicePlanRecord>* out) = 0;
  // In the order written.
  virtual Status ListNeedsSurveys(int64_t client_id, std::vector<NeedsSurveyRecord>* out) = 0;

  // --- Cases (staff turns write them: TurnWrite::handoff_updates, close_case) ---

  // The channel identity the client was first seen with, or nullopt for an
  // unknown client id.
  virtual Status FindClientKey(int64_t client_id, std::optional<ClientKey>* key) = 0;
  // The hand-off with this id (with its client_id), or nullopt.
  virtual Status FindHandoff(int64_t handoff_id, std::optional<HandoffRecord>* out) = 0;
  // Every client's hand-offs whose status is `status` ("open", "taken", "ended";
  // "" for all), the order counsellors take them in: urgent first, then the
  // oldest request, then by id. Read by status, not client by client.
  virtual Status ListHandoffsByStatus(const std::string& status, std::vector<HandoffRecord>* out) = 0;
  // The case's closure, or nullopt while it is open.
  virtual Status FindCaseClosure(int64_t client_id, std::optional<CaseClosure>* out) = 0;
  // Adds a note (*id, optional, receives its id). InvalidArgument for an empty or
  // longer than 4000-byte text; NotFound for an unknown client or staff id.
  virtual Status AddCaseNote(const CaseNote& note, int64_t* id) = 0;
  // The client's notes, in the order written.
  virtual Status ListCaseNotes(int64_t client_id, std::vector<CaseNote>* out) = 0;

  // --- Archives (S-3.5.2; opened by CommitTurn, TurnWrite::open_archive) -------

  // The client's archive, or nullopt.
  virtual Status FindArchive(int64_t client_id, std::optional<ArchiveRecord>* out) = 0;
  // The archive with this number, or nullopt.
  virtual Status FindArchiveByNumber(const std::string& number,
                                     std::optional<ArchiveRecord>* out) = 0;
  // Every archive, in the order opened.
  virtual Status ListArchives(std::vector<ArchiveRecord>* out) = 0;
  // The documents filed under the archive, in the order filed; empty for an
  // unknown number.
  virtual Status ListArchiveDocuments(const std::string& number,
                                      std::vector<ArchiveDocument>* out) = 0;

  // --- Reports (S-4.6.1, S-5.5; storage/report_records.h) ----------------------
  // A client id or staff id that does not exist is NotFound for writes; a record
  // that breaks a rule of report_records.h is InvalidArgument; nothing changes then.

  // Writes the client's draft. When the client has one already: AlreadyExists,
  // unless `replace`, which puts this draft in its place (edits of the old one are gone).
  virtual Status SaveReportDraft(const ReportRecord& draft, bool replace) = 0;
  // Replaces the Markdown of one section of the client's draft, noting who and
  // when. NotFound when the client has no draft, or the draft no such section.
  virtual Status EditReportSection(int64_t client_id, const std::string& section,
                                   const std::string& markdown, int64_t staff_id,
                                   int64_t at_ms) = 0;
  // Freezes the draft as the client's next version (1 + the highest so far) with
  // its first link (a personal link of purpose "report": token hash and expiry,
  // issued at at_ms) in one transaction, and, when the client has an archive,
  // files it there (kind "report", reference "version N"). NotFound when the
  // client has no draft; AlreadyExists for a hash already kept; *version
  // receives the number.
  virtual Status FinalizeReportDraft(int64_t client_id, int64_t staff_id, int64_t at_ms,
                                     const std::string& link_hash, int64_t link_expires_at_ms,
                                     int* version) = 0;
  // The client's finalized versions in version order, then the draft if any,
  // without their sections (lists and the case status need no content).
  virtual Status ListReports(int64_t client_id, std::vector<ReportRecord>* out) = 0;
  // One of the client's reports with its sections (version 0: the draft), or nullopt.
  virtual Status FindReport(int64_t client_id, int version, std::optional<ReportRecord>* out) = 0;

  // --- Personal links (link_records.h) --------------------------------------------

  // Keeps a link and its audit entry (which names no token and no personal data)
  // in one transaction: a link is never issued unaudited. A link of purpose
  // "report" replaces the links its report version had (they stop working).
  // InvalidArgument for a record that breaks a rule of link_records.h or an
  // invalid audit entry; NotFound for an unknown client or a report version the
  // client does not have; AlreadyExists for a hash already kept. Nothing changes
  // then. A turn with erase_personal_data deletes the client's links.
  virtual Status IssuePersonalLink(const PersonalLinkRecord& link, const AuditEntry& audit) = 0;
  // The link with this token hash, expired or not (the caller decides), or nullopt.
  virtual Status FindPersonalLink(const std::string& token_hash,
                                  std::optional<PersonalLinkRecord>* out) = 0;

  // --- Staff, their tokens and training, the audit log (staff_records.h) -------
  // Records that break a rule of staff_records.h are InvalidArgument and change
  // nothing; a staff id that does not exist is NotFound for writes.

  // Adds a staff member with their first token (the SHA-256 hex of it; the token
  // itself is never stored). *id receives the new staff id. A hash already
  // stored (for anyone) is AlreadyExists.
  virtual Status AddStaff(const StaffRecord& staff, const std::string& token_hash, int64_t at_ms,
                          int64_t* id) = 0;
  // The staff member holding a token with this hash that is not revoked, or nullopt.
  virtual Status FindStaffByTokenHash(const std::string& token_hash,
                                      std::optional<StaffRecord>* out) = 0;
  virtual Status FindStaff(int64_t staff_id, std::optional<StaffRecord>* out) = 0;
  // Every staff member, in id order.
  virtual Status ListStaff(std::vector<StaffRecord>* out) = 0;
  // Revokes every token of the staff member that is not revoked yet (at_ms);
  // *revoked (optional) receives how many. A new_token_hash, when given, is then
  // added as their one valid token (rotation), in the same transaction.
  virtual Status RevokeStaffTokens(int64_t staff_id, int64_t at_ms,
                                   const std::optional<std::string>& new_token_hash,
                                   int* revoked) = 0;
  // *id receives the new record's id.
  virtual Status AddTraining(const TrainingRecord& training, int64_t* id) = 0;
  // The staff member's training, ordered by date, then id.
  virtual Status ListTraining(int64_t staff_id, std::vector<TrainingRecord>* out) = 0;
  // Appends one entry (staff_id, when given, must exist); *id (optional) receives its id.
  virtual Status AppendAudit(const AuditEntry& entry, int64_t* id) = 0;
  // Entries with an id above after_id, in id order, at most limit.
  virtual Status ListAudit(int64_t after_id, size_t limit, std::vector<AuditEntry>* out) = 0;
  // A page of clients in id order (storage/staff_records.h).
  virtual Status ListClients(const ClientPage& page, std::vector<ClientSummary>* out) = 0;

  // --- Complaint handling and case assignment (complaint_records.h) ----------
  // Records that break a rule of complaint_records.h are InvalidArgument and
  // change nothing. An unknown ticket, client or staff id is NotFound for writes.

  // Every complaint of every client with its assignee, ordered by filed_at_ms,
  // then ticket.
  virtual Status ListAllComplaints(std::vector<ComplaintHandling>* out) = 0;
  // The complaint with this ticket, whoever's it is, or nullopt.
  virtual Status FindComplaintByTicket(const std::string& ticket,
                                       std::optional<ComplaintHandling>* out) = 0;
  // In one transaction: when the complaint's current value of change.field
  // (its status, or its assignee as a decimal id, nullopt for nobody) equals
  // change.from, sets it to change.to, sets updated_at_ms to change.at_ms and
  // appends the change to the history; *applied is then true. Otherwise nothing
  // changes and *applied is false (someone changed it first). NotFound for an
  // unknown ticket, an unknown staff_id, or an unknown assignee.
  virtual Status ChangeComplaint(const ComplaintChange& change, bool* applied) = 0;
  // The complaint's changes in the order made; empty for an unknown ticket.
  virtual Status ListComplaintHistory(const std::string& ticket,
                                      std::vector<ComplaintChange>* out) = 0;
  // Keeps an answer with the complaint and sets its updated_at_ms to answer.at_ms;
  // *id (optional) receives the answer's id.
  virtual Status AddComplaintAnswer(const ComplaintAnswer& answer, int64_t* id) = 0;
  // In the order written; empty for an unknown ticket.
  virtual Status ListComplaintAnswers(const std::string& ticket,
                                      std::vector<ComplaintAnswer>* out) = 0;
  // Appends an assignment of the client's case (NotFound for an unknown client,
  // staff_id or assigned_by); *id (optional) receives its id.
  virtual Status AssignCase(const CaseAssignment& assignment, int64_t* id) = 0;
  // The client's assignments in the order made (the last is the current one);
  // empty for an unknown client.
  virtual Status ListCaseAssignments(int64_t client_id, std::vector<CaseAssignment>* out) = 0;
};

}  // namespace careerbot::storage
