// The SQLite Store's institution side: staff, their tokens and training, the
// audit log, and the page of clients the case list reads. Each write takes the
// store's mutex (the one writing connection, sqlite_store_impl.h); a rotation's
// revoke-and-add is one transaction.
#include <mutex>
#include <utility>

#include "storage/audit_chain.h"
#include "storage/sqlite_statement.h"
#include "storage/sqlite_store_impl.h"

namespace careerbot::storage {
namespace {

#define STAFF_COLUMNS                                          \
  "s.id, s.name, s.role, s.title, s.education, s.created_at, " \
  "EXISTS (SELECT 1 FROM staff_tokens t WHERE t.staff_id = s.id AND t.revoked_at IS NULL)"

StaffRecord ReadStaff(const Query& q) {
  StaffRecord s;
  s.id = q.Int64(0);
  s.name = q.Text(1);
  s.role = q.Text(2);
  s.title = q.Text(3);
  s.education = q.Text(4);
  s.created_at_ms = q.Int64(5);
  s.has_active_token = q.Int64(6) != 0;
  return s;
}

AuditEntry ReadAudit(const Query& q, sqlite3_stmt* stmt) {
  AuditEntry e;
  e.id = q.Int64(0);
  if (sqlite3_column_type(stmt, 1) != SQLITE_NULL) e.staff_id = q.Int64(1);
  e.action = q.Text(2);
  e.object = q.Text(3);
  if (sqlite3_column_type(stmt, 4) != SQLITE_NULL) e.client_id = q.Int64(4);
  e.remote_addr = q.Text(5);
  e.at_ms = q.Int64(6);
  e.prev_hash = q.OptionalText(7).value_or("");
  return e;
}

}  // namespace

Status SqliteStore::PrepareStaff() {
  const std::pair<Statement*, const char*> all[] = {
      {&insert_staff_,
       "INSERT INTO staff (name, role, title, education, created_at) VALUES (?1, ?2, ?3, ?4, ?5)"},
      {&find_staff_, "SELECT " STAFF_COLUMNS " FROM staff s WHERE s.id = ?1"},
      {&list_staff_, "SELECT " STAFF_COLUMNS " FROM staff s ORDER BY s.id"},
      {&staff_by_token_,
       "SELECT " STAFF_COLUMNS ", k.hash FROM staff_tokens k JOIN staff s ON s.id = k.staff_id "
       "WHERE k.hash = ?1 AND k.revoked_at IS NULL"},
      {&insert_token_, "INSERT INTO staff_tokens (staff_id, hash, created_at) VALUES (?1, ?2, ?3)"},
      {&revoke_tokens_,
       "UPDATE staff_tokens SET revoked_at = ?2 WHERE staff_id = ?1 AND revoked_at IS NULL"},
      {&insert_training_,
       "INSERT INTO staff_training (staff_id, date, topic, kind, hours, created_at) "
       "VALUES (?1, ?2, ?3, ?4, ?5, ?6)"},
      {&list_training_,
       "SELECT id, staff_id, date, topic, kind, hours, created_at FROM staff_training "
       "WHERE staff_id = ?1 ORDER BY date, id"},
      // prev_hash chains the entry to the one before (storage/audit_chain.h);
      // careerbot_audit_hash is AuditEntryHash, registered on every connection.
      {&insert_audit_,
       "INSERT INTO audit_log (staff_id, action, object, client_id, remote_addr, at, prev_hash) "
       "VALUES (?1, ?2, ?3, ?4, ?5, ?6, coalesce((SELECT careerbot_audit_hash(id, staff_id, "
       "action, object, client_id, remote_addr, at, prev_hash) FROM audit_log "
       "ORDER BY id DESC LIMIT 1), ?7))"},
      {&list_audit_,
       "SELECT id, staff_id, action, object, client_id, remote_addr, at, prev_hash FROM audit_log "
       "WHERE id > ?1 ORDER BY id LIMIT ?2"},
      // The first identity by its rowid-less key is not "first"; take the oldest.
      {&list_clients_,
       "SELECT c.id, (SELECT i.channel FROM channel_identities i WHERE i.client_id = c.id "
       "ORDER BY i.created_at, i.channel LIMIT 1), c.created_at, s.state, s.updated_at "
       "FROM clients c LEFT JOIN sessions s ON s.client_id = c.id WHERE c.id > ?1 ORDER BY c.id "
       "LIMIT ?2"},
  };
  for (const auto& [stmt, sql] : all) {
    Status s = stmt->Prepare(db_.get(), sql);
    if (!s.ok()) return s;
  }
  return Status::Ok();
}
#undef STAFF_COLUMNS

Status SqliteStore::StaffExists(int64_t staff_id, bool* exists) {
  Query q(find_staff_, "find staff");
  q.Bind(1, staff_id);
  return q.Step(exists);
}

Status SqliteStore::InsertStaffToken(int64_t staff_id, const std::string& hash, int64_t at_ms) {
  Query q(insert_token_, "add staff token");
  Status s = q.Bind(1, staff_id).Bind(2, hash).Bind(3, at_ms).Run();
  if (!s.ok() && UniqueViolated())
    return Status::AlreadyExists("add staff token: this token is already stored");
  return s;
}

Status SqliteStore::AddStaff(const StaffRecord& staff, const std::string& token_hash, int64_t at_ms,
                             int64_t* id) {
  Status s = ValidateStaff(staff);
  if (s.ok()) s = ValidateTokenHash(token_hash);
  if (!s.ok()) return s;
  std::lock_guard lock(mu_);
  return InTransaction("add staff", [&] {
    Query q(insert_staff_, "add staff");
    q.Bind(1, staff.name).Bind(2, staff.role).Bind(3, staff.title).Bind(4, staff.education);
    Status st = q.Bind(5, at_ms).Run();
    if (!st.ok()) return st;
    const int64_t new_id = sqlite3_last_insert_rowid(db_.get());
    st = InsertStaffToken(new_id, token_hash, at_ms);
    if (st.ok() && id != nullptr) *id = new_id;
    return st;
  });
}

Status SqliteStore::FindStaffByTokenHash(const std::string& token_hash,
                                         std::optional<StaffRecord>* out) {
  out->reset();
  std::lock_guard lock(mu_);
  Query q(staff_by_token_, "find staff by token");
  q.Bind(1, token_hash);
  bool row = false;
  Status s = q.Step(&row);
  if (s.ok() && row) {
    *out = ReadStaff(q);
    (*out)->token_hash = q.Text(7);
  }
  return s;
}

Status SqliteStore::FindStaff(int64_t staff_id, std::optional<StaffRecord>* out) {
  out->reset();
  std::lock_guard lock(mu_);
  Query q(find_staff_, "find staff");
  q.Bind(1, staff_id);
  bool row = false;
  Status s = q.Step(&row);
  if (s.ok() && row) *out = ReadStaff(q);
  return s;
}

Status SqliteStore::ListStaff(std::vector<StaffRecord>* out) {
  out->clear();
  std::lock_guard lock(mu_);
  Query q(list_staff_, "list staff");
  for (;;) {
    bool row = false;
    Status s = q.Step(&row);
    if (!s.ok()) out->clear();
    if (!s.ok() || !row) return s;
    out->push_back(ReadStaff(q));
  }
}

Status SqliteStore::RevokeStaffTokens(int64_t staff_id, int64_t at_ms,
                                      const std::optional<std::string>& new_token_hash,
                                      int* revoked) {
  if (new_token_hash) {
    if (Status s = ValidateTokenHash(*new_token_hash); !s.ok()) return s;
  }
  std::lock_guard lock(mu_);
  int count = 0;
  Status s = InTransaction("revoke staff tokens", [&] {
    bool exists = false;
    Status st = StaffExists(staff_id, &exists);
    if (!st.ok()) return st;
    if (!exists) return Status::NotFound("no staff member " + std::to_string(staff_id));
    st = Query(revoke_tokens_, "revoke staff tokens").Bind(1, staff_id).Bind(2, at_ms).Run();
    if (!st.ok()) return st;
    count = sqlite3_changes(db_.get());
    return new_token_hash ? InsertStaffToken(staff_id, *new_token_hash, at_ms) : Status::Ok();
  });
  if (s.ok() && revoked != nullptr) *revoked = count;
  return s;
}

Status SqliteStore::AddTraining(const TrainingRecord& t, int64_t* id) {
  if (Status s = ValidateTraining(t); !s.ok()) return s;
  std::lock_guard lock(mu_);
  bool exists = false;
  if (Status s = StaffExists(t.staff_id, &exists); !s.ok()) return s;
  if (!exists) return Status::NotFound("no staff member " + std::to_string(t.staff_id));
  Query q(insert_training_, "add training");
  q.Bind(1, t.staff_id).Bind(2, t.date).Bind(3, t.topic).Bind(4, t.kind).Bind(6, t.created_at_ms);
  // Query binds integers and text only; hours is the one REAL of the schema.
  if (sqlite3_bind_double(insert_training_.get(), 5, t.hours) != SQLITE_OK) {
    return SqliteStatus(sqlite3_errcode(db_.get()), db_.get(), "add training: bind hours");
  }
  Status s = q.Run();
  if (s.ok() && id != nullptr) *id = sqlite3_last_insert_rowid(db_.get());
  return s;
}

Status SqliteStore::ListTraining(int64_t staff_id, std::vector<TrainingRecord>* out) {
  out->clear();
  std::lock_guard lock(mu_);
  Query q(list_training_, "list training");
  q.Bind(1, staff_id);
  for (;;) {
    bool row = false;
    Status s = q.Step(&row);
    if (!s.ok()) out->clear();
    if (!s.ok() || !row) return s;
    TrainingRecord t;
    t.id = q.Int64(0);
    t.staff_id = q.Int64(1);
    t.date = q.Text(2);
    t.topic = q.Text(3);
    t.kind = q.Text(4);
    t.hours = sqlite3_column_double(list_training_.get(), 5);
    t.created_at_ms = q.Int64(6);
    out->push_back(std::move(t));
  }
}

Status SqliteStore::AppendAudit(const AuditEntry& e, int64_t* id) {
  if (Status s = ValidateAuditEntry(e); !s.ok()) return s;
  std::lock_guard lock(mu_);
  // In a BEGIN IMMEDIATE transaction: the last entry read and the new one
  // written under one write lock, so two processes never chain to the same entry.
  return InTransaction("append audit entry", [&] { return InsertAudit(e, id); });
}

Status SqliteStore::InsertAudit(const AuditEntry& e, int64_t* id) {
  Query q(insert_audit_, "append audit entry");
  q.Bind(7, std::string_view(kAuditChainStart));
  if (e.staff_id) {
    q.Bind(1, *e.staff_id);
  } else {
    q.BindNull(1);
  }
  q.Bind(2, e.action).Bind(3, e.object);
  if (e.client_id) {
    q.Bind(4, *e.client_id);
  } else {
    q.BindNull(4);
  }
  Status s = q.Bind(5, e.remote_addr).Bind(6, e.at_ms).Run();
  // The only foreign key of the table.
  if (!s.ok() && sqlite3_extended_errcode(db_.get()) == SQLITE_CONSTRAINT_FOREIGNKEY) {
    return Status::NotFound("append audit entry: no such staff member");
  }
  if (s.ok() && id != nullptr) *id = sqlite3_last_insert_rowid(db_.get());
  return s;
}

Status SqliteStore::ListAudit(int64_t after_id, size_t limit, std::vector<AuditEntry>* out) {
  out->clear();
  std::lock_guard lock(mu_);
  Query q(list_audit_, "list audit log");
  q.Bind(1, after_id).Bind(2, static_cast<int64_t>(limit));
  for (;;) {
    bool row = false;
    Status s = q.Step(&row);
    if (!s.ok()) out->clear();
    if (!s.ok() || !row) return s;
    out->push_back(ReadAudit(q, list_audit_.get()));
  }
}

Status SqliteStore::ListClients(const ClientPage& page, std::vector<ClientSummary>* out) {
  out->clear();
  std::lock_guard lock(mu_);
  Query q(list_clients_, "list clients");
  q.Bind(1, page.after_id).Bind(2, static_cast<int64_t>(page.limit));
  for (;;) {
    bool row = false;
    Status s = q.Step(&row);
    if (!s.ok()) out->clear();
    if (!s.ok() || !row) return s;
    out->push_back({q.Int64(0), q.OptionalText(1).value_or(""), q.Int64(2),
                    q.OptionalText(3).value_or(""), q.Int64(4)});
  }
}

}  // namespace careerbot::storage
