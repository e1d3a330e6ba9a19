// The SQLite Store: one connection, guarded by one mutex, with every statement
// prepared when the store opens. A single connection is enough because SQLite
// allows one writer at a time anyway, and it lets CommitTurn hold the write
// lock from BEGIN IMMEDIATE to COMMIT without another thread's statements
// slipping into its transaction. Other processes (a backup, the sqlite3 shell)
// may share the file; the busy timeout decides how long we wait for them.
#include "storage/sqlite_store.h"

#include <mutex>
#include <utility>

#include "storage/sqlite_database.h"
#include "storage/sqlite_statement.h"
#include "storage/turn_validation.h"

namespace careerbot::storage {
namespace {

class SqliteStore final : public Store {
 public:
  Status Open(const SqliteOptions& options);

  Status Ping() override;
  Status FindAnswer(const ClientKey& key, const std::string& message_id,
                    std::optional<std::string>* answer_json) override;
  Status LoadSession(const ClientKey& key, std::optional<StoredSession>* session) override;
  Status CommitTurn(const TurnWrite& turn, int64_t* client_id) override;
  Status FindClientId(const ClientKey& key, std::optional<int64_t>* client_id) override;
  Status ListJournal(int64_t client_id, std::vector<JournalEntry>* out) override;
  Status ListConsents(int64_t client_id, std::vector<ConsentRecord>* out) override;
  Status ListProfile(int64_t client_id, std::vector<ProfileFieldRecord>* out) override;
  Status ListAnswers(int64_t client_id, std::vector<AnswerRecord>* out) override;
  Status ListResults(int64_t client_id, std::vector<AssessmentResultRecord>* out) override;
  Status ListFeedback(int64_t client_id, std::vector<FeedbackRecord>* out) override;

 private:
  Status PrepareAll();
  // The body of CommitTurn, inside the transaction; the caller commits or rolls back.
  Status WriteTurn(const TurnWrite& t, int64_t* client_id);
  Status FindOrCreateClient(const ClientKey& key, int64_t now_ms, int64_t* client_id);
  Status InsertMessage(int64_t client_id, const TurnWrite& t, bool inbound,
                       const std::optional<std::string>& text, int64_t in_reply_to);
  Status WriteRecords(int64_t client_id, const TurnWrite& t);
  template <typename Row, typename Read>
  Status List(const Statement& stmt, const char* what, int64_t client_id, std::vector<Row>* out,
              Read read);

  std::mutex mu_;
  // Declared before the statements so that it is closed after they are finalized.
  SqliteHandle db_;
  Statement ping_, begin_, commit_, rollback_;
  Statement find_client_, insert_client_, insert_identity_;
  Statement find_answer_, find_duplicate_, load_session_;
  Statement insert_message_, upsert_session_, insert_consent_, upsert_profile_;
  Statement upsert_answer_, upsert_result_, insert_feedback_;
  Statement list_journal_, list_consents_, list_profile_, list_answers_, list_results_,
      list_feedback_;
};

Status SqliteStore::Open(const SqliteOptions& options) {
  Status s = OpenSqliteDatabase(options, &db_);
  if (s.ok()) s = PrepareAll();
  return s;
}

Status SqliteStore::PrepareAll() {
  const std::pair<Statement*, const char*> all[] = {
      // Reads page 1, so a vanished or unreadable file shows up (SELECT 1 would not).
      {&ping_, "SELECT 1 FROM sqlite_schema LIMIT 1"},
      {&begin_, "BEGIN IMMEDIATE"},
      {&commit_, "COMMIT"},
      {&rollback_, "ROLLBACK"},
      {&find_client_,
       "SELECT client_id FROM channel_identities "
       "WHERE channel = ?1 AND account = ?2 AND external_user = ?3"},
      {&insert_client_, "INSERT INTO clients (kind, created_at) VALUES ('individual', ?1)"},
      {&insert_identity_,
       "INSERT INTO channel_identities (channel, account, external_user, client_id, created_at) "
       "VALUES (?1, ?2, ?3, ?4, ?5)"},
      // The direction and IS NOT NULL terms match messages_inbound_id's WHERE,
      // so the planner may use that partial index.
      {&find_answer_,
       "SELECT m.answer_json FROM channel_identities i JOIN messages m ON m.client_id = "
       "i.client_id "
       "WHERE i.channel = ?1 AND i.account = ?2 AND i.external_user = ?3 "
       "AND m.channel = ?1 AND m.account = ?2 AND m.message_id = ?4 "
       "AND m.direction = 'in' AND m.message_id IS NOT NULL"},
      {&find_duplicate_,
       "SELECT 1 FROM messages WHERE client_id = ?1 AND channel = ?2 AND account = ?3 "
       "AND message_id = ?4 AND direction = 'in' AND message_id IS NOT NULL"},
      {&load_session_,
       "SELECT s.client_id, s.state, s.context, s.updated_at "
       "FROM channel_identities i JOIN sessions s ON s.client_id = i.client_id "
       "WHERE i.channel = ?1 AND i.account = ?2 AND i.external_user = ?3"},
      {&insert_message_,
       "INSERT INTO messages (client_id, direction, channel, account, message_id, text, "
       "answer_json, in_reply_to, at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)"},
      {&upsert_session_,
       "INSERT INTO sessions (client_id, state, context, updated_at) VALUES (?1, ?2, ?3, ?4) "
       "ON CONFLICT (client_id) DO UPDATE SET state = excluded.state, context = excluded.context, "
       "updated_at = excluded.updated_at"},
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
       "INSERT INTO feedback (client_id, rating, comment, at) VALUES (?1, ?2, ?3, ?4)"},
      {&list_journal_,
       "SELECT direction, message_id, text, at FROM messages WHERE client_id = ?1 ORDER BY id"},
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
       "SELECT rating, comment, at FROM feedback WHERE client_id = ?1 ORDER BY id"},
  };
  for (const auto& [stmt, sql] : all) {
    Status s = stmt->Prepare(db_.get(), sql);
    if (!s.ok()) return s;
  }
  return Status::Ok();
}

Status SqliteStore::Ping() {
  std::lock_guard lock(mu_);
  bool row = false;
  return Query(ping_, "ping").Step(&row);
}

Status SqliteStore::FindAnswer(const ClientKey& key, const std::string& message_id,
                               std::optional<std::string>* answer_json) {
  answer_json->reset();
  Status s = ValidateMessageId(message_id);
  if (!s.ok()) return s;
  std::lock_guard lock(mu_);
  Query q(find_answer_, "find answer");
  q.Bind(1, key.channel).Bind(2, key.account).Bind(3, key.user).Bind(4, message_id);
  bool row = false;
  s = q.Step(&row);
  if (s.ok() && row) *answer_json = q.Text(0);
  return s;
}

Status SqliteStore::LoadSession(const ClientKey& key, std::optional<StoredSession>* session) {
  session->reset();
  std::lock_guard lock(mu_);
  Query q(load_session_, "load session");
  q.Bind(1, key.channel).Bind(2, key.account).Bind(3, key.user);
  bool row = false;
  Status s = q.Step(&row);
  if (s.ok() && row) {
    *session = StoredSession{q.Int64(0), SessionSnapshot{q.Text(1), q.Text(2)}, q.Int64(3)};
  }
  return s;
}

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

Status SqliteStore::CommitTurn(const TurnWrite& turn, int64_t* client_id) {
  Status s = ValidateTurn(turn);
  if (!s.ok()) return s;
  std::lock_guard lock(mu_);
  // IMMEDIATE takes the write lock now, so the duplicate check and the writes
  // see the same database, and a busy database fails here, before any work.
  s = Query(begin_, "commit turn: begin").Run();
  if (!s.ok()) return s;
  int64_t id = 0;
  s = WriteTurn(turn, &id);
  if (s.ok()) s = Query(commit_, "commit turn: commit").Run();
  // After some errors (full disk, I/O) SQLite has already rolled back; only an
  // open transaction needs our ROLLBACK. A failed COMMIT leaves it open.
  if (!s.ok() && !sqlite3_get_autocommit(db_.get())) {
    // Every statement of the turn has been reset by now, so SQLite has no
    // pending statement to refuse the ROLLBACK for; report the first error.
    Status r = Query(rollback_, "commit turn: rollback").Run();
    (void)r;
  }
  if ((s.ok() || s.code() == Status::Code::kAlreadyExists) && client_id != nullptr) {
    *client_id = id;
  }
  return s;
}

Status SqliteStore::WriteTurn(const TurnWrite& t, int64_t* client_id) {
  Status s = FindOrCreateClient(t.key, t.received_at_ms, client_id);
  if (!s.ok()) return s;
  if (!t.message_id.empty()) {
    Query q(find_duplicate_, "commit turn: duplicate check");
    q.Bind(1, *client_id).Bind(2, t.key.channel).Bind(3, t.key.account).Bind(4, t.message_id);
    bool row = false;
    s = q.Step(&row);
    if (!s.ok()) return s;
    if (row) return Status::AlreadyExists("commit turn: this message id was already answered");
  }
  s = InsertMessage(*client_id, t, /*inbound=*/true, t.inbound_text, 0);
  if (!s.ok()) return s;
  const int64_t inbound_row = sqlite3_last_insert_rowid(db_.get());
  for (const std::string& text : t.outbound_texts) {
    s = InsertMessage(*client_id, t, /*inbound=*/false, text, inbound_row);
    if (!s.ok()) return s;
  }
  {
    Query q(upsert_session_, "commit turn: save session");
    q.Bind(1, *client_id).Bind(2, t.snapshot.state).Bind(3, t.snapshot.context_json);
    s = q.Bind(4, t.received_at_ms).Run();
    if (!s.ok()) return s;
  }
  return WriteRecords(*client_id, t);
}

Status SqliteStore::FindOrCreateClient(const ClientKey& key, int64_t now_ms, int64_t* client_id) {
  {
    Query q(find_client_, "commit turn: find client");
    q.Bind(1, key.channel).Bind(2, key.account).Bind(3, key.user);
    bool row = false;
    Status s = q.Step(&row);
    if (!s.ok() || row) {
      if (row) *client_id = q.Int64(0);
      return s;
    }
  }
  Status s = Query(insert_client_, "commit turn: create client").Bind(1, now_ms).Run();
  if (!s.ok()) return s;
  *client_id = sqlite3_last_insert_rowid(db_.get());
  Query q(insert_identity_, "commit turn: create identity");
  q.Bind(1, key.channel).Bind(2, key.account).Bind(3, key.user).Bind(4, *client_id);
  return q.Bind(5, now_ms).Run();
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
  return q.Bind(9, t.received_at_ms).Run();
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
    Status s = q.Bind(1, id).Bind(2, int64_t{f.rating}).Bind(3, f.comment).Bind(4, f.at_ms).Run();
    if (!s.ok()) return s;
  }
  return Status::Ok();
}

template <typename Row, typename Read>
Status SqliteStore::List(const Statement& stmt, const char* what, int64_t client_id,
                         std::vector<Row>* out, Read read) {
  out->clear();
  std::lock_guard lock(mu_);
  Query q(stmt, what);
  q.Bind(1, client_id);
  for (;;) {
    bool row = false;
    Status s = q.Step(&row);
    if (!s.ok()) {
      out->clear();
      return s;
    }
    if (!row) return Status::Ok();
    out->push_back(read(q));
  }
}

Status SqliteStore::ListJournal(int64_t client_id, std::vector<JournalEntry>* out) {
  return List(list_journal_, "list journal", client_id, out, [](const Query& q) {
    JournalEntry e;
    e.direction =
        q.Text(0) == "in" ? JournalEntry::Direction::kInbound : JournalEntry::Direction::kOutbound;
    e.message_id = q.OptionalText(1).value_or("");
    e.text = q.OptionalText(2);
    e.at_ms = q.Int64(3);
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
    return FeedbackRecord{static_cast<int>(q.Int64(0)), q.OptionalText(1), q.Int64(2)};
  });
}

}  // namespace

Status OpenSqliteStore(const SqliteOptions& options, std::unique_ptr<Store>* out) {
  auto store = std::make_unique<SqliteStore>();
  Status s = store->Open(options);
  if (!s.ok()) return s.Annotate(options.path);
  *out = std::move(store);
  return Status::Ok();
}

}  // namespace careerbot::storage
