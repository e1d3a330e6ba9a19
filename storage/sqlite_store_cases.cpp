// The SQLite Store's part of the case workflow: hand-offs taken and ended and
// cases closed by staff turns, and their reads.
#include <mutex>

#include "storage/sqlite_statement.h"
#include "storage/sqlite_store_impl.h"
#include "storage/turn_validation.h"

namespace careerbot::storage {

HandoffRecord ReadHandoff(const Query& q) {
  HandoffRecord h;
  h.reason = q.Text(0);
  h.urgent = q.Int64(1) != 0;
  h.status = q.Text(2);
  h.requested_at_ms = q.Int64(3);
  h.id = q.Int64(4);
  h.client_id = q.Int64(5);
  if (!q.IsNull(6)) h.taken_by = q.Int64(6);
  if (!q.IsNull(7)) h.taken_at_ms = q.Int64(7);
  if (!q.IsNull(8)) h.ended_at_ms = q.Int64(8);
  return h;
}

Status SqliteStore::PrepareCases() {
  const std::pair<Statement*, const char*> all[] = {
      {&find_client_key_,
       "SELECT channel, account, external_user FROM channel_identities WHERE client_id = ?1 "
       "ORDER BY created_at, channel, account, external_user LIMIT 1"},
      {&find_handoff_, "SELECT " HANDOFF_COLUMNS " FROM handoffs WHERE id = ?1"},
      // By the index handoffs_status (migration 8); the few rows found are sorted.
      {&handoffs_of_status_,
       "SELECT " HANDOFF_COLUMNS " FROM handoffs WHERE status = ?1 ORDER BY urgent DESC, requested_at, id"},
      {&all_handoffs_, "SELECT " HANDOFF_COLUMNS " FROM handoffs ORDER BY urgent DESC, requested_at, id"},
      // The status in the WHERE makes the check and the change one step: a hand-off
      // another turn moved on first is left alone (no row changed).
      {&update_handoff_,
       "UPDATE handoffs SET status = ?4, "
       "taken_by = CASE WHEN ?4 = 'taken' THEN ?5 ELSE taken_by END, "
       "taken_at = CASE WHEN ?4 = 'taken' THEN ?6 ELSE taken_at END, "
       "ended_at = CASE WHEN ?4 = 'ended' THEN ?6 ELSE ended_at END "
       "WHERE id = ?1 AND client_id = ?2 AND status = ?3"},
      {&insert_closure_, "INSERT INTO case_closures (client_id, closed_by, closed_at) VALUES (?1, ?2, ?3)"},
      {&find_closure_, "SELECT closed_by, closed_at FROM case_closures WHERE client_id = ?1"},
      {&insert_note_, "INSERT INTO case_notes (client_id, staff_id, text, at) VALUES (?1, ?2, ?3, ?4)"},
      {&list_notes_, "SELECT id, client_id, staff_id, text, at FROM case_notes WHERE client_id = ?1 ORDER BY id"},
      {&erase_notes_, "DELETE FROM case_notes WHERE client_id = ?1"},
      {&client_exists_for_note_, "SELECT (SELECT count(*) FROM clients WHERE id = ?1), "
                                 "(SELECT count(*) FROM staff WHERE id = ?2)"},
  };
  for (const auto& [stmt, sql] : all) {
    Status s = stmt->Prepare(db_.get(), sql);
    if (!s.ok()) return s;
  }
  return Status::Ok();
}

Status SqliteStore::WriteCaseUpdates(int64_t client_id, const TurnWrite& t) {
  for (const HandoffUpdate& u : t.handoff_updates) {
    Query q(update_handoff_, "commit turn: move hand-off on");
    q.Bind(1, u.handoff_id).Bind(2, client_id).Bind(3, u.from).Bind(4, u.to);
    Status s = q.Bind(5, u.staff_id).Bind(6, t.received_at_ms).Run();
    if (!s.ok()) return s;
    if (sqlite3_changes(db_.get()) != 1) {
      return Status::InvalidArgument("commit turn: hand-off " + std::to_string(u.handoff_id) +
                                     " is not the client's or not " + u.from);
    }
  }
  if (t.close_case) {
    Query q(insert_closure_, "commit turn: close case");
    Status s = q.Bind(1, client_id).Bind(2, t.close_case->closed_by).Bind(3, t.close_case->closed_at_ms).Run();
    // client_id is the table's primary key: a second closure breaks it.
    if (!s.ok() && sqlite3_extended_errcode(db_.get()) == SQLITE_CONSTRAINT_PRIMARYKEY) {
      return Status::InvalidArgument("commit turn: the case is closed already");
    }
    if (!s.ok()) return s;
  }
  return Status::Ok();
}

Status SqliteStore::FindClientKey(int64_t client_id, std::optional<ClientKey>* key) {
  key->reset();
  std::lock_guard lock(mu_);
  Query q(find_client_key_, "find client key");
  bool row = false;
  Status s = q.Bind(1, client_id).Step(&row);
  if (s.ok() && row) *key = ClientKey{q.Text(0), q.Text(1), q.Text(2)};
  return s;
}

Status SqliteStore::FindHandoff(int64_t handoff_id, std::optional<HandoffRecord>* out) {
  out->reset();
  std::lock_guard lock(mu_);
  Query q(find_handoff_, "find hand-off");
  bool row = false;
  Status s = q.Bind(1, handoff_id).Step(&row);
  if (s.ok() && row) *out = ReadHandoff(q);
  return s;
}

Status SqliteStore::ListHandoffsByStatus(const std::string& status, std::vector<HandoffRecord>* out) {
  out->clear();
  std::lock_guard lock(mu_);
  Query q(status.empty() ? all_handoffs_ : handoffs_of_status_, "list hand-offs by status");
  if (!status.empty()) q.Bind(1, status);
  return ReadRows(q, out, ReadHandoff);
}

Status SqliteStore::FindCaseClosure(int64_t client_id, std::optional<CaseClosure>* out) {
  out->reset();
  std::lock_guard lock(mu_);
  Query q(find_closure_, "find case closure");
  bool row = false;
  Status s = q.Bind(1, client_id).Step(&row);
  if (s.ok() && row) *out = CaseClosure{q.Int64(0), q.Int64(1)};
  return s;
}

Status SqliteStore::AddCaseNote(const CaseNote& note, int64_t* id) {
  if (Status s = ValidateCaseNote(note); !s.ok()) return s;
  std::lock_guard lock(mu_);
  {
    Query q(client_exists_for_note_, "add case note: check");
    bool row = false;
    Status s = q.Bind(1, note.client_id).Bind(2, note.staff_id).Step(&row);
    if (!s.ok()) return s;
    if (q.Int64(0) == 0) return Status::NotFound("no client " + std::to_string(note.client_id));
    if (q.Int64(1) == 0) return Status::NotFound("no staff member " + std::to_string(note.staff_id));
  }
  Query q(insert_note_, "add case note");
  q.Bind(1, note.client_id).Bind(2, note.staff_id).Bind(3, note.text).Bind(4, note.at_ms);
  Status s = q.Run();
  if (s.ok() && id != nullptr) *id = sqlite3_last_insert_rowid(db_.get());
  return s;
}

Status SqliteStore::ListCaseNotes(int64_t client_id, std::vector<CaseNote>* out) {
  out->clear();
  std::lock_guard lock(mu_);
  Query q(list_notes_, "list case notes");
  q.Bind(1, client_id);
  return ReadRows(q, out, [](const Query& row) {
    return CaseNote{row.Int64(0), row.Int64(1), row.Int64(2), row.Text(3), row.Int64(4)};
  });
}

}  // namespace careerbot::storage
