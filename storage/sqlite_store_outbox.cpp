// The SQLite Store's client status and outbox: their SQL, the outbox rows a turn
// writes (inside CommitTurn's transaction) or an admin action queues
// (QueueOutbox), and what the outbox worker reads and records. The class and its
// threading are described in sqlite_store_impl.h.
#include <mutex>
#include <utility>

#include "storage/sqlite_statement.h"
#include "storage/sqlite_store_impl.h"
#include "storage/turn_validation.h"

namespace careerbot::storage {
namespace {

// The columns every outbox read selects, in OutboxEntry's order (ReadEntry).
#define OUTBOX_COLUMNS                                                                  \
  "id, client_id, channel, account, seq, message_id, request, status, attempts, " \
  "next_attempt_at, last_error, created_at, updated_at"

OutboxStatus StatusFromName(const std::string& name) {
  return name == "sent" ? OutboxStatus::kSent
                        : name == "failed" ? OutboxStatus::kFailed : OutboxStatus::kQueued;
}

OutboxEntry ReadEntry(const Query& q) {
  OutboxEntry e;
  e.id = q.Int64(0);
  e.client_id = q.Int64(1);
  e.channel = q.Text(2);
  e.account = q.Text(3);
  e.seq = q.Int64(4);
  e.message_id = q.OptionalText(5).value_or("");
  e.request_json = q.Text(6);
  e.status = StatusFromName(q.Text(7));
  e.attempts = static_cast<int>(q.Int64(8));
  e.next_attempt_at_ms = q.Int64(9);
  e.last_error = q.OptionalText(10);
  e.created_at_ms = q.Int64(11);
  e.updated_at_ms = q.Int64(12);
  return e;
}

// Steps `q` to the end, collecting every row; *out is empty on failure.
Status ReadEntries(Query& q, std::vector<OutboxEntry>* out) {
  return ReadRows(q, out, ReadEntry);
}

}  // namespace

Status SqliteStore::PrepareOutbox() {
  const std::pair<Statement*, const char*> all[] = {
      // Matching the row counts as a change even when coalesce keeps the old
      // time, so sqlite3_changes() tells a known client from an unknown one.
      {&mark_inactive_,
       "UPDATE clients SET inactive_since = coalesce(inactive_since, ?4) WHERE id = "
       "(SELECT client_id FROM channel_identities "
       "WHERE channel = ?1 AND account = ?2 AND external_user = ?3)"},
      {&activate_client_,
       "UPDATE clients SET inactive_since = NULL WHERE id = ?1 AND inactive_since IS NOT NULL"},
      {&inactive_since_,
       "SELECT inactive_since IS NOT NULL, coalesce(inactive_since, 0) FROM clients WHERE id = ?1"},
      // Served by the UNIQUE (client_id, seq) index.
      {&outbox_last_seq_, "SELECT coalesce(max(seq), 0) FROM outbox WHERE client_id = ?1"},
      {&insert_outbox_,
       "INSERT INTO outbox (client_id, channel, account, seq, message_id, request, status, "
       "attempts, next_attempt_at, last_error, created_at, updated_at) "
       "VALUES (?1, ?2, ?3, ?4, ?5, ?6, 'queued', 0, ?7, NULL, ?7, ?7)"},
      {&erase_outbox_, "DELETE FROM outbox WHERE client_id = ?1 AND status <> 'queued'"},
      // The heads due by ?1 and the next one due after it: ranges of the
      // outbox_due_heads index (migration 14; its triggers keep the head mark).
      // ?3 = '' leaves nothing out: the channel is never empty (CHECK).
      {&outbox_due_heads_,
       "SELECT " OUTBOX_COLUMNS " FROM outbox WHERE status = 'queued' AND head = 1 "
       "AND next_attempt_at <= ?1 AND channel <> ?3 ORDER BY next_attempt_at, id LIMIT ?2"},
      {&outbox_next_due_,
       "SELECT next_attempt_at FROM outbox WHERE status = 'queued' AND head = 1 "
       "AND next_attempt_at > ?1 AND channel <> ?2 ORDER BY next_attempt_at LIMIT 1"},
      // A sent entry keeps the error of its last failed attempt, if any.
      {&update_outbox_,
       "UPDATE outbox SET status = ?2, attempts = ?3, "
       "next_attempt_at = CASE WHEN ?2 = 'queued' THEN ?4 ELSE next_attempt_at END, "
       "last_error = coalesce(?5, last_error), updated_at = ?6 "
       "WHERE id = ?1 AND status = 'queued'"},
      {&outbox_status_, "SELECT status FROM outbox WHERE id = ?1"},
      {&list_outbox_, "SELECT " OUTBOX_COLUMNS " FROM outbox WHERE client_id = ?1 ORDER BY seq"},
  };
  for (const auto& [stmt, sql] : all) {
    Status s = stmt->Prepare(db_.get(), sql);
    if (!s.ok()) return s;
  }
  return Status::Ok();
}

Status SqliteStore::WriteOutbox(int64_t client_id, const TurnWrite& t) {
  // A staff member writing to the client says nothing of whether the client is there.
  Status s = t.staff_id ? Status::Ok() : Query(activate_client_, "commit turn: activate client").Bind(1, client_id).Run();
  if (!s.ok()) return s;
  return InsertOutbox(client_id, t.outbox, t.message_id, t.received_at_ms);
}

Status SqliteStore::InsertOutbox(int64_t client_id, const std::vector<OutboxRequest>& requests,
                                 const std::string& message_id, int64_t at_ms) {
  if (requests.empty()) return Status::Ok();
  int64_t seq = 0;
  {
    Query q(outbox_last_seq_, "queue outbox: order");
    bool row = false;
    Status s = q.Bind(1, client_id).Step(&row);
    if (!s.ok()) return s;
    seq = row ? q.Int64(0) : 0;
  }
  for (const OutboxRequest& request : requests) {
    Query q(insert_outbox_, "queue outbox entry");
    q.Bind(1, client_id).Bind(2, request.to.channel).Bind(3, request.to.account).Bind(4, ++seq);
    if (message_id.empty()) {
      q.BindNull(5);
    } else {
      q.Bind(5, message_id);
    }
    Status s = q.Bind(6, request.request_json).Bind(7, at_ms).Run();
    if (!s.ok()) return s;
  }
  return Status::Ok();
}

Status SqliteStore::QueueOutbox(int64_t client_id, const std::vector<OutboxRequest>& requests,
                                int64_t at_ms) {
  if (Status s = ValidateOutboxRequests(requests, "queue outbox"); !s.ok()) return s;
  std::lock_guard lock(mu_);
  return InTransaction("queue outbox", [&] {
    bool exists = false;
    {
      Query q(inactive_since_, "queue outbox: client");  // a row: the client exists
      Status s = q.Bind(1, client_id).Step(&exists);
      if (!s.ok()) return s;
    }
    if (!exists) return Status::NotFound("queue outbox: no client " + std::to_string(client_id));
    return InsertOutbox(client_id, requests, "", at_ms);
  });
}

Status SqliteStore::MarkClientInactive(const ClientKey& key, int64_t at_ms, bool* found) {
  std::lock_guard lock(mu_);
  Query q(mark_inactive_, "mark client inactive");
  q.Bind(1, key.channel).Bind(2, key.account).Bind(3, key.user).Bind(4, at_ms);
  Status s = q.Run();
  if (s.ok() && found != nullptr) *found = sqlite3_changes(db_.get()) > 0;
  return s;
}

Status SqliteStore::GetInactiveSince(int64_t client_id, std::optional<int64_t>* since) {
  since->reset();
  std::lock_guard lock(mu_);
  Query q(inactive_since_, "client status");
  bool row = false;
  Status s = q.Bind(1, client_id).Step(&row);
  if (s.ok() && row && q.Int64(0) != 0) *since = q.Int64(1);
  return s;
}

Status SqliteStore::ListOutboxHeads(int64_t due_by_ms, size_t limit, const std::string& except_channel,
                                    std::vector<OutboxEntry>* out, std::optional<int64_t>* next_due_ms) {
  out->clear();
  if (next_due_ms != nullptr) next_due_ms->reset();
  std::lock_guard lock(mu_);
  {
    Query q(outbox_due_heads_, "list outbox heads");
    q.Bind(1, due_by_ms).Bind(2, static_cast<int64_t>(limit)).Bind(3, except_channel);
    if (Status s = ReadEntries(q, out); !s.ok()) return s;
  }
  if (next_due_ms == nullptr) return Status::Ok();
  Query q(outbox_next_due_, "list outbox heads: next due");
  bool row = false;
  Status s = q.Bind(1, due_by_ms).Bind(2, except_channel).Step(&row);
  if (!s.ok()) {
    out->clear();
    return s;
  }
  if (row) *next_due_ms = q.Int64(0);
  return Status::Ok();
}

Status SqliteStore::RecordOutboxAttempt(const OutboxAttempt& a) {
  Status s = ValidateOutboxAttempt(a);
  if (!s.ok()) return s;
  std::lock_guard lock(mu_);
  {
    Query q(update_outbox_, "record outbox attempt");
    q.Bind(1, a.id).Bind(2, std::string_view(OutboxStatusName(a.status)));
    q.Bind(3, int64_t{a.attempts}).Bind(4, a.next_attempt_at_ms).Bind(5, a.error);
    s = q.Bind(6, a.at_ms).Run();
    if (!s.ok()) return s;
  }
  if (sqlite3_changes(db_.get()) > 0) return Status::Ok();
  Query q(outbox_status_, "record outbox attempt: status");
  bool row = false;
  s = q.Bind(1, a.id).Step(&row);
  if (!s.ok()) return s;
  if (!row) return Status::NotFound("record outbox attempt: no outbox entry " + std::to_string(a.id));
  return Status::InvalidArgument("record outbox attempt: entry " + std::to_string(a.id) + " is already " +
                                 q.Text(0));
}

Status SqliteStore::ListOutbox(int64_t client_id, std::vector<OutboxEntry>* out) {
  out->clear();
  std::lock_guard lock(mu_);
  Query q(list_outbox_, "list outbox");
  q.Bind(1, client_id);
  return ReadEntries(q, out);
}

#undef OUTBOX_COLUMNS

}  // namespace careerbot::storage
