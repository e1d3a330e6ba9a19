// The SQLite Store: opening, the SQL of every statement, and a turn's writes
// (committed in groups, group_commit.h). The class and its threading are
// described in sqlite_store_impl.h; the reads are in sqlite_store_reads.cpp.
#include "storage/sqlite_store.h"

#include <mutex>
#include <utility>
#include <vector>

#include "storage/sqlite_database.h"
#include "storage/sqlite_statement.h"
#include "storage/sqlite_store_impl.h"
#include "storage/turn_validation.h"

namespace careerbot::storage {

// The columns the complaint statements write and read, in ComplaintRecord's
// order (ReadComplaint in sqlite_store_reads.cpp reads them by position).
#define COMPLAINT_COLUMNS "ticket, category, description, contact, status, filed_at, updated_at"

// The two reads of every turn, run on the reader connections.
// The direction and IS NOT NULL terms match messages_inbound_id's WHERE, so the
// planner may use that partial index.
constexpr char kFindAnswerSql[] =
    "SELECT m.answer_json FROM channel_identities i JOIN messages m ON m.client_id = i.client_id "
    "WHERE i.channel = ?1 AND i.account = ?2 AND i.external_user = ?3 "
    "AND m.channel = ?1 AND m.account = ?2 AND m.message_id = ?4 "
    "AND m.direction = 'in' AND m.message_id IS NOT NULL";
constexpr char kLoadSessionSql[] =
    "SELECT s.client_id, s.state, s.context, s.updated_at, s.reply_context "
    "FROM channel_identities i JOIN sessions s ON s.client_id = i.client_id "
    "WHERE i.channel = ?1 AND i.account = ?2 AND i.external_user = ?3";

// The gauges of /metrics, on a reader: one scan of the outbox's and hand-offs'
// status columns and of the sessions' update times.
constexpr char kCountOperationalSql[] =
    "SELECT (SELECT count(*) FROM outbox WHERE status = 'queued'), "
    "(SELECT count(*) FROM outbox WHERE status = 'failed'), "
    "(SELECT count(*) FROM handoffs WHERE status = 'open'), "
    "(SELECT count(*) FROM sessions WHERE updated_at >= ?1)";

Status SqliteStore::Open(const SqliteOptions& options) {
  Status s = OpenSqliteDatabase(options, &db_);
  if (s.ok()) s = PrepareAll();
  if (s.ok()) s = PrepareOutbox();
  if (s.ok()) s = PrepareStaff();
  if (s.ok()) s = PrepareArchive();
  if (s.ok()) s = PrepareCases();
  if (s.ok()) s = PrepareComplaints();
  if (s.ok()) s = PrepareReports();
  if (s.ok()) s = PrepareLinks();
  // The readers open the file the writer has just checked and migrated.
  for (Reader& r : readers_) {
    if (s.ok()) s = OpenSqliteDatabase(options, &r.db);
    if (s.ok()) s = ExecSql(r.db.get(), "PRAGMA query_only = ON", "reader: set query_only");
    if (s.ok()) s = r.find_answer.Prepare(r.db.get(), kFindAnswerSql);
    if (s.ok()) s = r.load_session.Prepare(r.db.get(), kLoadSessionSql);
    if (s.ok()) s = r.count_operational.Prepare(r.db.get(), kCountOperationalSql);
  }
  if (s.ok()) s = checkpointer_.Start(options);
  if (s.ok()) checkpointer_.Attach(db_.get());
  return s;
}

Status SqliteStore::PrepareAll() {
  const std::pair<Statement*, const char*> all[] = {
      // Reads page 1, so a vanished or unreadable file shows up (SELECT 1 would not).
      {&ping_, "SELECT 1 FROM sqlite_schema LIMIT 1"},
      {&begin_, "BEGIN IMMEDIATE"},
      {&commit_, "COMMIT"},
      {&rollback_, "ROLLBACK"},
      // Each turn of a group in its own savepoint, so a failed turn is undone alone.
      {&savepoint_, "SAVEPOINT turn"},
      {&release_, "RELEASE turn"},
      {&rollback_to_, "ROLLBACK TO turn"},
      {&find_client_,
       "SELECT client_id FROM channel_identities "
       "WHERE channel = ?1 AND account = ?2 AND external_user = ?3"},
      {&insert_client_, "INSERT INTO clients (kind, created_at) VALUES ('individual', ?1)"},
      {&insert_identity_,
       "INSERT INTO channel_identities (channel, account, external_user, client_id, created_at) "
       "VALUES (?1, ?2, ?3, ?4, ?5)"},
      {&find_duplicate_,
       "SELECT 1 FROM messages WHERE client_id = ?1 AND channel = ?2 AND account = ?3 "
       "AND message_id = ?4 AND direction = 'in' AND message_id IS NOT NULL"},
      {&insert_message_,
       "INSERT INTO messages (client_id, direction, channel, account, message_id, text, "
       "answer_json, in_reply_to, at, staff_id) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)"},
      {&upsert_session_,
       "INSERT INTO sessions (client_id, state, context, updated_at, reply_context) "
       "VALUES (?1, ?2, ?3, ?4, ?5) "
       "ON CONFLICT (client_id) DO UPDATE SET state = excluded.state, context = excluded.context, "
       "updated_at = excluded.updated_at, "
       "reply_context = coalesce(excluded.reply_context, sessions.reply_context)"},
      {&insert_consent_,
       "INSERT INTO consents (client_id, document, version, accepted, channel, at) "
       "VALUES (?1, ?2, ?3, ?4, ?5, ?6)"},
      {&upsert_profile_,
       "INSERT INTO client_profile (client_id, field, value, updated_at) VALUES (?1, ?2, ?3, ?4) "
       "ON CONFLICT (client_id, field) DO UPDATE SET value = excluded.value, "
       "updated_at = excluded.updated_at"},
      {&upsert_answer_,
       "INSERT INTO assessment_answers (client_id, instrument, attempt, item, value, answered_at) "
       "VALUES (?1, ?2, ?3, ?4, ?5, ?6) ON CONFLICT (client_id, instrument, attempt, item) "
       "DO UPDATE SET value = excluded.value, answered_at = excluded.answered_at"},
      {&upsert_result_,
       "INSERT INTO assessment_results (client_id, instrument, instrument_version, attempt, "
       "result_json, completed_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6) "
       "ON CONFLICT (client_id, instrument, attempt) DO UPDATE SET "
       "instrument_version = excluded.instrument_version, result_json = excluded.result_json, "
       "completed_at = excluded.completed_at"},
      {&insert_feedback_,
       "INSERT INTO feedback (client_id, rating, goals_met, comment, at) "
       "VALUES (?1, ?2, ?3, ?4, ?5)"},
      {&insert_complaint_,
       "INSERT INTO complaints (client_id, " COMPLAINT_COLUMNS
       ") VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)"},
      {&insert_handoff_,
       "INSERT INTO handoffs (client_id, reason, urgent, status, requested_at) "
       "VALUES (?1, ?2, ?3, ?4, ?5)"},
      {&insert_plan_,
       "INSERT INTO service_plans (client_id, version, assessments, rationale, status, source, "
       "at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)"},
      {&insert_survey_,
       "INSERT INTO needs_surveys (client_id, survey, completed_at) VALUES (?1, ?2, ?3)"},
      // erase_personal_data (records.h). Inbound rows keep their message id and
      // get a neutral answer (?2), so the unique index still refuses a
      // redelivered id; outbound rows keep answer_json NULL (the messages CHECK).
      {&erase_profile_, "DELETE FROM client_profile WHERE client_id = ?1"},
      {&erase_answers_, "DELETE FROM assessment_answers WHERE client_id = ?1"},
      {&erase_results_, "DELETE FROM assessment_results WHERE client_id = ?1"},
      {&erase_plans_, "DELETE FROM service_plans WHERE client_id = ?1"},
      {&erase_surveys_, "DELETE FROM needs_surveys WHERE client_id = ?1"},
      {&erase_comments_, "UPDATE feedback SET comment = NULL WHERE client_id = ?1"},
      {&erase_journal_,
       "UPDATE messages SET text = NULL, "
       "answer_json = CASE WHEN direction = 'in' THEN ?2 ELSE NULL END WHERE client_id = ?1"},
      {&checkpoint_, "PRAGMA wal_checkpoint(TRUNCATE)"},
      {&list_journal_,
       "SELECT direction, message_id, text, at, staff_id FROM messages WHERE client_id = ?1 ORDER BY id"},
      {&list_consents_,
       "SELECT document, version, accepted, channel, at FROM consents WHERE client_id = ?1 "
       "ORDER BY id"},
      {&list_profile_,
       "SELECT field, value FROM client_profile WHERE client_id = ?1 ORDER BY field"},
      {&list_answers_,
       "SELECT instrument, attempt, item, value, answered_at FROM assessment_answers "
       "WHERE client_id = ?1 ORDER BY instrument, attempt, answered_at, rowid"},
      {&list_results_,
       "SELECT instrument, instrument_version, attempt, result_json, completed_at "
       "FROM assessment_results WHERE client_id = ?1 ORDER BY id"},
      {&list_feedback_,
       "SELECT rating, goals_met, comment, at FROM feedback WHERE client_id = ?1 ORDER BY id"},
      {&list_complaints_,
       "SELECT " COMPLAINT_COLUMNS " FROM complaints WHERE client_id = ?1 ORDER BY id"},
      {&find_complaint_,
       "SELECT " COMPLAINT_COLUMNS " FROM complaints WHERE client_id = ?1 AND ticket = ?2"},
      {&list_handoffs_,
       "SELECT " HANDOFF_COLUMNS " FROM handoffs WHERE client_id = ?1 ORDER BY id"},
      {&list_plans_,
       "SELECT version, assessments, rationale, status, source, at FROM service_plans "
       "WHERE client_id = ?1 ORDER BY version"},
      {&list_surveys_,
       "SELECT survey, completed_at FROM needs_surveys WHERE client_id = ?1 ORDER BY id"},
  };
  for (const auto& [stmt, sql] : all) {
    Status s = stmt->Prepare(db_.get(), sql);
    if (!s.ok()) return s;
  }
  return Status::Ok();
}
#undef COMPLAINT_COLUMNS

Status SqliteStore::Ping() {
  std::lock_guard lock(mu_);
  bool row = false;
  return Query(ping_, "ping").Step(&row);
}

SqliteStore::Reader& SqliteStore::LockReader(std::unique_lock<std::mutex>* lock) {
  // A free reader if there is one, else wait for one, taking turns.
  const size_t first = next_reader_.fetch_add(1, std::memory_order_relaxed) % readers_.size();
  for (size_t i = 0; i < readers_.size(); ++i) {
    Reader& r = readers_[(first + i) % readers_.size()];
    std::unique_lock try_lock(r.mu, std::try_to_lock);
    if (try_lock.owns_lock()) {
      *lock = std::move(try_lock);
      return r;
    }
  }
  *lock = std::unique_lock(readers_[first].mu);
  return readers_[first];
}

Status SqliteStore::FindAnswer(const ClientKey& key, const std::string& message_id,
                               std::optional<std::string>* answer_json) {
  answer_json->reset();
  Status s = ValidateMessageId(message_id);
  if (!s.ok()) return s;
  std::unique_lock<std::mutex> lock;
  Reader& r = LockReader(&lock);
  Query q(r.find_answer, "find answer");
  q.Bind(1, key.channel).Bind(2, key.account).Bind(3, key.user).Bind(4, message_id);
  bool row = false;
  s = q.Step(&row);
  if (s.ok() && row) *answer_json = q.Text(0);
  return s;
}

Status SqliteStore::LoadSession(const ClientKey& key, std::optional<StoredSession>* session) {
  session->reset();
  std::unique_lock<std::mutex> lock;
  Reader& r = LockReader(&lock);
  Query q(r.load_session, "load session");
  q.Bind(1, key.channel).Bind(2, key.account).Bind(3, key.user);
  bool row = false;
  Status s = q.Step(&row);
  if (s.ok() && row) {
    *session = StoredSession{q.Int64(0), SessionSnapshot{q.Text(1), q.Text(2)}, q.Int64(3), q.OptionalText(4)};
  }
  return s;
}

Status SqliteStore::CountOperational(int64_t active_since_ms, OperationalCounts* out) {
  std::unique_lock<std::mutex> lock;
  Reader& r = LockReader(&lock);
  Query q(r.count_operational, "count for metrics");
  q.Bind(1, active_since_ms);
  bool row = false;
  Status s = q.Step(&row);
  if (s.ok() && row) *out = OperationalCounts{q.Int64(0), q.Int64(1), q.Int64(2), q.Int64(3)};
  return s;
}

Status SqliteStore::CommitTurn(const TurnWrite& turn, int64_t* client_id) {
  Status s = ValidateTurn(turn);
  if (!s.ok()) return s;
  return group_commit_.Commit(turn, client_id);
}

Status SqliteStore::RefuseIfMoved(const char* what) {
  int moved = 0;
  if (sqlite3_file_control(db_.get(), "main", SQLITE_FCNTL_HAS_MOVED, &moved) == SQLITE_OK && moved != 0) {
    return SqliteStatus(SQLITE_READONLY_DBMOVED, nullptr, what);
  }
  return Status::Ok();
}

void SqliteStore::CommitGroup(const std::vector<GroupCommit::Member*>& group) {
  std::lock_guard lock(mu_);
  // IMMEDIATE takes the write lock now, so the duplicate checks and the writes
  // see the same database, and a busy database fails here, before any work.
  Status s = RefuseIfMoved("commit turn: begin");
  if (s.ok()) s = Query(begin_, "commit turn: begin").Run();
  struct Outcome {
    int64_t id = 0;
    bool created = false;
  };
  std::vector<Outcome> outcomes(group.size());
  bool erased = false;
  for (size_t i = 0; i < group.size() && s.ok(); ++i) {
    GroupCommit::Member& m = *group[i];
    m.status = Query(savepoint_, "commit turn: savepoint").Run();
    if (m.status.ok()) m.status = WriteTurn(*m.turn, &outcomes[i].id, &outcomes[i].created);
    // After some errors (full disk, I/O) SQLite has rolled the whole transaction
    // back already: the turns written before this one are gone too.
    if (!m.status.ok() && sqlite3_get_autocommit(db_.get())) {
      s = m.status;
      break;
    }
    // Every statement of the turn has been reset by now, so SQLite has no pending
    // statement to refuse the ROLLBACK TO for.
    if (!m.status.ok()) s = Query(rollback_to_, "commit turn: roll the turn back").Run();
    if (s.ok()) s = Query(release_, "commit turn: release").Run();
    erased = erased || (m.status.ok() && m.turn->erase_personal_data);
  }
  if (s.ok()) s = Query(commit_, "commit turn: commit").Run();
  if (!s.ok()) {
    // A failed COMMIT leaves the transaction open; only then is ROLLBACK needed.
    if (!sqlite3_get_autocommit(db_.get())) {
      Status r = Query(rollback_, "commit turn: rollback").Run();
      (void)r;  // report the first error
    }
    // Nothing of the group was kept, whatever each turn's own outcome.
    for (GroupCommit::Member* m : group) m->status = s;
    return;
  }
  for (size_t i = 0; i < group.size(); ++i) {
    GroupCommit::Member& m = *group[i];
    // A refused first turn was rolled back with its client: there is no id to give.
    const bool refused_old_client = m.status.code() == Status::Code::kAlreadyExists && !outcomes[i].created;
    if ((m.status.ok() || refused_old_client) && m.client_id != nullptr) *m.client_id = outcomes[i].id;
  }
  if (erased) {
    // The erased text is still in the log's older frames (and in the main file
    // until a checkpoint copies the new pages over it): copy the log back and
    // truncate it now rather than at the next automatic checkpoint. Best effort:
    // the turn is committed; a reader (ours, or another process's) may hold it
    // off, and then the next checkpoint does the work.
    bool row = false;
    Status c = Query(checkpoint_, "commit turn: checkpoint").Step(&row);
    (void)c;
  }
}

Status SqliteStore::WriteTurn(const TurnWrite& t, int64_t* client_id, bool* created) {
  std::optional<int64_t> found;
  Status s = FindClient(t.key, &found);
  if (!s.ok()) return s;
  if (found) {
    *client_id = *found;
    if (!t.message_id.empty()) {
      Query q(find_duplicate_, "commit turn: duplicate check");
      q.Bind(1, *client_id).Bind(2, t.key.channel).Bind(3, t.key.account).Bind(4, t.message_id);
      bool row = false;
      s = q.Step(&row);
      if (!s.ok()) return s;
      if (row) return Status::AlreadyExists("commit turn: this message id was already answered");
    }
  } else {
    *created = true;
    s = CreateClient(t.key, t.received_at_ms, client_id);
    if (!s.ok()) return s;
  }
  if (t.erase_personal_data) {
    s = ErasePersonalData(*client_id);
    if (!s.ok()) return s;
  }
  if (t.journaled) {
    s = InsertMessage(*client_id, t, /*inbound=*/true, t.inbound_text, 0);
    if (!s.ok()) return s;
    const int64_t inbound_row = sqlite3_last_insert_rowid(db_.get());
    for (const std::string& text : t.outbound_texts) {
      s = InsertMessage(*client_id, t, /*inbound=*/false, text, inbound_row);
      if (!s.ok()) return s;
    }
  }
  {
    Query q(upsert_session_, "commit turn: save session");
    q.Bind(1, *client_id).Bind(2, t.snapshot.state).Bind(3, t.snapshot.context_json);
    s = q.Bind(4, t.received_at_ms).Bind(5, t.reply_context).Run();
    if (!s.ok()) return s;
  }
  s = WriteOutbox(*client_id, t);
  if (!s.ok()) return s;
  s = WriteRecords(*client_id, t);
  if (!s.ok()) return s;
  s = WriteCaseUpdates(*client_id, t);
  if (!s.ok()) return s;
  return WriteArchive(*client_id, t);
}

Status SqliteStore::FindClient(const ClientKey& key, std::optional<int64_t>* client_id) {
  Query q(find_client_, "commit turn: find client");
  q.Bind(1, key.channel).Bind(2, key.account).Bind(3, key.user);
  bool row = false;
  Status s = q.Step(&row);
  if (s.ok() && row) *client_id = q.Int64(0);
  return s;
}

Status SqliteStore::CreateClient(const ClientKey& key, int64_t now_ms, int64_t* client_id) {
  Status s = Query(insert_client_, "commit turn: create client").Bind(1, now_ms).Run();
  if (!s.ok()) return s;
  *client_id = sqlite3_last_insert_rowid(db_.get());
  Query q(insert_identity_, "commit turn: create identity");
  q.Bind(1, key.channel).Bind(2, key.account).Bind(3, key.user).Bind(4, *client_id);
  return q.Bind(5, now_ms).Run();
}

Status SqliteStore::ErasePersonalData(int64_t client_id) {
  for (const Statement* stmt : {&erase_profile_, &erase_answers_, &erase_results_, &erase_plans_,
                                &erase_surveys_, &erase_comments_, &erase_outbox_,
                                &erase_reports_, &erase_notes_, &erase_links_}) {
    Status s = Query(*stmt, "commit turn: erase personal data").Bind(1, client_id).Run();
    if (!s.ok()) return s;
  }
  Query q(erase_journal_, "commit turn: erase journal texts");
  return q.Bind(1, client_id).Bind(2, std::string_view(kErasedAnswerJson)).Run();
}

Status SqliteStore::InsertMessage(int64_t client_id, const TurnWrite& t, bool inbound,
                                  const std::optional<std::string>& text, int64_t in_reply_to) {
  Query q(insert_message_, inbound ? "commit turn: journal inbound" : "commit turn: journal reply");
  q.Bind(1, client_id).Bind(2, std::string_view(inbound ? "in" : "out"));
  q.Bind(3, t.key.channel).Bind(4, t.key.account);
  // NULL, not '', when the caller gave no id: the unique index then ignores it.
  if (t.message_id.empty()) {
    q.BindNull(5);
  } else {
    q.Bind(5, t.message_id);
  }
  q.Bind(6, text);
  if (inbound) {
    q.Bind(7, t.answer_json).BindNull(8);
  } else {
    q.BindNull(7).Bind(8, in_reply_to);
  }
  q.Bind(9, t.received_at_ms);
  if (inbound && t.staff_id) {
    q.Bind(10, *t.staff_id);
  } else {
    q.BindNull(10);
  }
  return q.Run();
}

Status SqliteStore::WriteRecords(int64_t id, const TurnWrite& t) {
  for (const ConsentRecord& c : t.consents) {
    Query q(insert_consent_, "commit turn: consent");
    q.Bind(1, id).Bind(2, c.document).Bind(3, c.version).Bind(4, int64_t{c.accepted});
    Status s = q.Bind(5, c.channel).Bind(6, c.at_ms).Run();
    if (!s.ok()) return s;
  }
  for (const ProfileFieldRecord& p : t.profile_fields) {
    Query q(upsert_profile_, "commit turn: profile field");
    Status s = q.Bind(1, id).Bind(2, p.field).Bind(3, p.value).Bind(4, t.received_at_ms).Run();
    if (!s.ok()) return s;
  }
  for (const AnswerRecord& a : t.answers) {
    Query q(upsert_answer_, "commit turn: answer");
    q.Bind(1, id).Bind(2, a.instrument).Bind(3, int64_t{a.attempt}).Bind(4, a.item);
    Status s = q.Bind(5, int64_t{a.value}).Bind(6, a.answered_at_ms).Run();
    if (!s.ok()) return s;
  }
  for (const AssessmentResultRecord& r : t.results) {
    Query q(upsert_result_, "commit turn: result");
    q.Bind(1, id).Bind(2, r.instrument).Bind(3, r.instrument_version).Bind(4, int64_t{r.attempt});
    Status s = q.Bind(5, r.result_json).Bind(6, r.completed_at_ms).Run();
    if (!s.ok()) return s;
  }
  for (const FeedbackRecord& f : t.feedback) {
    Query q(insert_feedback_, "commit turn: feedback");
    q.Bind(1, id).Bind(2, int64_t{f.rating}).Bind(3, f.goals_met).Bind(4, f.comment);
    Status s = q.Bind(5, f.at_ms).Run();
    if (!s.ok()) return s;
  }
  return WriteServiceRecords(id, t);
}

Status SqliteStore::WriteServiceRecords(int64_t id, const TurnWrite& t) {
  for (const ComplaintRecord& c : t.complaints) {
    Query q(insert_complaint_, "commit turn: complaint");
    q.Bind(1, id).Bind(2, c.ticket).Bind(3, c.category).Bind(4, c.description).Bind(5, c.contact);
    Status s = q.Bind(6, c.status).Bind(7, c.filed_at_ms).Bind(8, c.updated_at_ms).Run();
    // The ticket is the table's only UNIQUE key.
    if (!s.ok() && UniqueViolated()) {
      return Status::AlreadyExists("commit turn: this complaint ticket is already taken");
    }
    if (!s.ok()) return s;
  }
  for (const HandoffRecord& h : t.handoffs) {
    Query q(insert_handoff_, "commit turn: hand-off");
    q.Bind(1, id).Bind(2, h.reason).Bind(3, int64_t{h.urgent}).Bind(4, h.status);
    Status s = q.Bind(5, h.requested_at_ms).Run();
    if (!s.ok()) return s;
  }
  for (const ServicePlanRecord& p : t.plans) {
    Query q(insert_plan_, "commit turn: service plan");
    q.Bind(1, id).Bind(2, int64_t{p.version}).Bind(3, p.assessments_json);
    q.Bind(4, p.rationale_json).Bind(5, p.status).Bind(6, p.source);
    Status s = q.Bind(7, p.at_ms).Run();
    if (!s.ok() && UniqueViolated()) {
      return Status::InvalidArgument("commit turn: the client already has this plan version");
    }
    if (!s.ok()) return s;
  }
  for (const NeedsSurveyRecord& n : t.needs_surveys) {
    Query q(insert_survey_, "commit turn: needs survey");
    Status s = q.Bind(1, id).Bind(2, n.survey_json).Bind(3, n.completed_at_ms).Run();
    if (!s.ok()) return s;
  }
  return Status::Ok();
}

Status OpenSqliteStore(const SqliteOptions& options, std::unique_ptr<Store>* out) {
  auto store = std::make_unique<SqliteStore>();
  Status s = store->Open(options);
  if (!s.ok()) return s.Annotate(options.path);
  *out = std::move(store);
  return Status::Ok();
}

}  // namespace careerbot::storage
