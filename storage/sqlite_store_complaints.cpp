// The SQLite Store's complaint handling and case assignment (complaint_records.h).
// Each write takes the store's mutex (the one writing connection) and is one
// transaction: a complaint's new value, its updated_at and its history row are
// written together or not at all.
#include <mutex>
#include <utility>

#include "storage/sqlite_statement.h"
#include "storage/sqlite_store_impl.h"

namespace careerbot::storage {
namespace {

// The columns of a ComplaintHandling, in its order (ReadHandling reads by position).
#define HANDLING_COLUMNS                                                              \
  "client_id, ticket, category, description, contact, status, filed_at, updated_at, " \
  "assignee_staff_id"

ComplaintHandling ReadHandling(const Query& q) {
  ComplaintHandling h;
  h.client_id = q.Int64(0);
  h.complaint = ComplaintRecord{q.Text(1), q.Text(2),  q.Text(3), q.OptionalText(4),
                                q.Text(5), q.Int64(6), q.Int64(7)};
  if (std::optional<std::string> assignee = q.OptionalText(8)) h.assignee_staff_id = std::stoll(*assignee);
  return h;
}

// Runs `stmt` with ?1 bound by `bind`, collecting read(q) for every row.
template <typename Row, typename Bind, typename Read>
Status Collect(const Statement& stmt, const char* what, Bind bind, Read read, std::vector<Row>* out) {
  out->clear();
  Query q(stmt, what);
  bind(q);
  for (;;) {
    bool row = false;
    Status s = q.Step(&row);
    if (!s.ok()) out->clear();
    if (!s.ok() || !row) return s;
    out->push_back(read(q));
  }
}

}  // namespace

Status SqliteStore::PrepareComplaints() {
  const std::pair<Statement*, const char*> all[] = {
      {&all_complaints_,
       "SELECT " HANDLING_COLUMNS " FROM complaints ORDER BY filed_at, ticket"},
      {&complaint_by_ticket_, "SELECT " HANDLING_COLUMNS " FROM complaints WHERE ticket = ?1"},
      {&complaint_current_,
       "SELECT id, status, CAST(assignee_staff_id AS TEXT) FROM complaints WHERE ticket = ?1"},
      {&set_complaint_status_, "UPDATE complaints SET status = ?2, updated_at = ?3 WHERE id = ?1"},
      {&set_complaint_assignee_,
       "UPDATE complaints SET assignee_staff_id = ?2, updated_at = ?3 WHERE id = ?1"},
      {&touch_complaint_, "UPDATE complaints SET updated_at = ?2 WHERE id = ?1"},
      {&insert_complaint_change_,
       "INSERT INTO complaint_changes (complaint_id, staff_id, field, from_value, to_value, note, at) "
       "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)"},
      {&list_complaint_changes_,
       "SELECT h.id, c.ticket, h.staff_id, h.field, h.from_value, h.to_value, h.note, h.at "
       "FROM complaint_changes h JOIN complaints c ON c.id = h.complaint_id WHERE c.ticket = ?1 "
       "ORDER BY h.id"},
      {&insert_complaint_answer_,
       "INSERT INTO complaint_answers (complaint_id, staff_id, text, at) VALUES (?1, ?2, ?3, ?4)"},
      {&list_complaint_answers_,
       "SELECT a.id, c.ticket, a.staff_id, a.text, a.at FROM complaint_answers a "
       "JOIN complaints c ON c.id = a.complaint_id WHERE c.ticket = ?1 ORDER BY a.id"},
      {&client_exists_, "SELECT 1 FROM clients WHERE id = ?1"},
      {&insert_case_assignment_,
       "INSERT INTO case_assignments (client_id, staff_id, assigned_by, at) VALUES (?1, ?2, ?3, ?4)"},
      {&list_case_assignments_,
       "SELECT id, client_id, staff_id, assigned_by, at FROM case_assignments WHERE client_id = ?1 "
       "ORDER BY id"},
  };
  for (const auto& [stmt, sql] : all) {
    Status s = stmt->Prepare(db_.get(), sql);
    if (!s.ok()) return s;
  }
  return Status::Ok();
}
#undef HANDLING_COLUMNS

Status SqliteStore::ListAllComplaints(std::vector<ComplaintHandling>* out) {
  std::lock_guard lock(mu_);
  return Collect(all_complaints_, "list all complaints", [](Query&) {}, ReadHandling, out);
}

Status SqliteStore::FindComplaintByTicket(const std::string& ticket,
                                          std::optional<ComplaintHandling>* out) {
  out->reset();
  std::lock_guard lock(mu_);
  Query q(complaint_by_ticket_, "find complaint by ticket");
  q.Bind(1, ticket);
  bool row = false;
  Status s = q.Step(&row);
  if (s.ok() && row) *out = ReadHandling(q);
  return s;
}

Status SqliteStore::ChangeComplaint(const ComplaintChange& change, bool* applied) {
  *applied = false;
  if (Status s = ValidateComplaintChange(change); !s.ok()) return s;
  std::lock_guard lock(mu_);
  const char* what = "change complaint";
  return InTransaction(what, [&] {
    int64_t complaint_id = 0;
    std::optional<std::string> current;
    {
      Query q(complaint_current_, what);
      q.Bind(1, change.ticket);
      bool row = false;
      if (Status s = q.Step(&row); !s.ok()) return s;
      if (!row) return Status::NotFound("change complaint: no complaint " + change.ticket);
      complaint_id = q.Int64(0);
      current = change.field == "status" ? q.OptionalText(1) : q.OptionalText(2);
    }
    bool exists = false;
    if (Status s = StaffExists(change.staff_id, &exists); !s.ok() || !exists) {
      return s.ok() ? Status::NotFound("change complaint: no such staff member") : s;
    }
    if (change.field == "assignee") {
      if (Status s = StaffExists(std::stoll(*change.to), &exists); !s.ok() || !exists) {
        return s.ok() ? Status::NotFound("change complaint: no such staff member") : s;
      }
    }
    if (current != change.from) return Status::Ok();  // someone changed it first
    Status s;
    if (change.field == "status") {
      s = Query(set_complaint_status_, what).Bind(1, complaint_id).Bind(2, *change.to)
              .Bind(3, change.at_ms).Run();
    } else {
      s = Query(set_complaint_assignee_, what).Bind(1, complaint_id)
              .Bind(2, static_cast<int64_t>(std::stoll(*change.to))).Bind(3, change.at_ms).Run();
    }
    if (!s.ok()) return s;
    Query insert(insert_complaint_change_, what);
    insert.Bind(1, complaint_id).Bind(2, change.staff_id).Bind(3, change.field).Bind(4, change.from);
    s = insert.Bind(5, change.to).Bind(6, change.note).Bind(7, change.at_ms).Run();
    if (s.ok()) *applied = true;
    return s;
  });
}

Status SqliteStore::ListComplaintHistory(const std::string& ticket,
                                         std::vector<ComplaintChange>* out) {
  std::lock_guard lock(mu_);
  return Collect(
      list_complaint_changes_, "list complaint history", [&](Query& q) { q.Bind(1, ticket); },
      [](const Query& q) {
        ComplaintChange c;
        c.id = q.Int64(0);
        c.ticket = q.Text(1);
        c.staff_id = q.Int64(2);
        c.field = q.Text(3);
        c.from = q.OptionalText(4);
        c.to = q.OptionalText(5);
        c.note = q.Text(6);
        c.at_ms = q.Int64(7);
        return c;
      },
      out);
}

Status SqliteStore::AddComplaintAnswer(const ComplaintAnswer& answer, int64_t* id) {
  if (Status s = ValidateComplaintAnswer(answer); !s.ok()) return s;
  std::lock_guard lock(mu_);
  const char* what = "add complaint answer";
  return InTransaction(what, [&] {
    int64_t complaint_id = 0;
    {
      Query q(complaint_current_, what);
      q.Bind(1, answer.ticket);
      bool row = false;
      if (Status s = q.Step(&row); !s.ok()) return s;
      if (!row) return Status::NotFound("add complaint answer: no complaint " + answer.ticket);
      complaint_id = q.Int64(0);
    }
    bool exists = false;
    if (Status s = StaffExists(answer.staff_id, &exists); !s.ok() || !exists) {
      return s.ok() ? Status::NotFound("add complaint answer: no such staff member") : s;
    }
    Query insert(insert_complaint_answer_, what);
    insert.Bind(1, complaint_id).Bind(2, answer.staff_id).Bind(3, answer.text).Bind(4, answer.at_ms);
    Status s = insert.Run();
    if (!s.ok()) return s;
    const int64_t new_id = sqlite3_last_insert_rowid(db_.get());
    s = Query(touch_complaint_, what).Bind(1, complaint_id).Bind(2, answer.at_ms).Run();
    if (s.ok() && id != nullptr) *id = new_id;
    return s;
  });
}

Status SqliteStore::ListComplaintAnswers(const std::string& ticket,
                                         std::vector<ComplaintAnswer>* out) {
  std::lock_guard lock(mu_);
  return Collect(
      list_complaint_answers_, "list complaint answers", [&](Query& q) { q.Bind(1, ticket); },
      [](const Query& q) {
        return ComplaintAnswer{q.Int64(0), q.Text(1), q.Int64(2), q.Text(3), q.Int64(4)};
      },
      out);
}

Status SqliteStore::AssignCase(const CaseAssignment& a, int64_t* id) {
  if (Status s = ValidateCaseAssignment(a); !s.ok()) return s;
  std::lock_guard lock(mu_);
  bool exists = false;
  {
    Query q(client_exists_, "assign case");
    q.Bind(1, a.client_id);
    if (Status s = q.Step(&exists); !s.ok()) return s;
  }
  if (!exists) return Status::NotFound("assign case: no client " + std::to_string(a.client_id));
  for (int64_t staff_id : {a.staff_id, a.assigned_by}) {
    if (Status s = StaffExists(staff_id, &exists); !s.ok() || !exists) {
      return s.ok() ? Status::NotFound("assign case: no such staff member") : s;
    }
  }
  Query q(insert_case_assignment_, "assign case");
  Status s = q.Bind(1, a.client_id).Bind(2, a.staff_id).Bind(3, a.assigned_by).Bind(4, a.at_ms).Run();
  if (s.ok() && id != nullptr) *id = sqlite3_last_insert_rowid(db_.get());
  return s;
}

Status SqliteStore::ListCaseAssignments(int64_t client_id, std::vector<CaseAssignment>* out) {
  std::lock_guard lock(mu_);
  return Collect(
      list_case_assignments_, "list case assignments", [&](Query& q) { q.Bind(1, client_id); },
      [](const Query& q) {
        return CaseAssignment{q.Int64(0), q.Int64(1), q.Int64(2), q.Int64(3), q.Int64(4)};
      },
      out);
}

}  // namespace careerbot::storage
