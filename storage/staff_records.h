// The records of the institution's side (specification 3.2, 3.5.3): staff
// members, their access tokens, their training, and the audit log of what staff
// read or changed. Plain structs, no SQL; the checks both stores apply before
// writing are here too, so a refused record is refused the same way everywhere.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "base/status.h"

namespace careerbot::storage {

// A staff member (S-3.2). role: "professional" | "auxiliary" | "admin"; title by
// role: professional: consultant, lecturer, coach, course_developer; auxiliary:
// assessor, operations, teaching_assistant; admin: admin.
struct StaffRecord {
  int64_t id = 0;  // set by the store
  std::string name;
  std::string role;
  std::string title;
  std::string education;  // the highest degree and field, as the institution records it
  int64_t created_at_ms = 0;
  bool has_active_token = false;  // filled by reads; ignored by AddStaff
  // Filled by FindStaffByTokenHash only: the stored hash that matched, so the
  // caller can compare it in constant time (bot/admin_token.h).
  std::string token_hash;
};

// One training a staff member took (S-3.2.4).
struct TrainingRecord {
  int64_t id = 0;  // set by the store
  int64_t staff_id = 0;
  std::string date;   // YYYY-MM-DD, a real calendar date
  std::string topic;  // 1-200 characters
  std::string kind;   // "knowledge" | "practical"
  double hours = 0;   // more than 0, at most 1000
  int64_t created_at_ms = 0;
};

// Who read or changed what, when and from where (S-3.5.3). Never holds a client's
// personal data: `object` names a record ("case", "staff:3"), not its content.
struct AuditEntry {
  int64_t id = 0;                   // set by the store; entries are listed in id order
  std::optional<int64_t> staff_id;  // nullopt: the command line (an operator on the host)
  std::string action;               // "case.read", "staff.create", …
  std::string object;
  std::optional<int64_t> client_id;  // the client whose data was read or changed
  std::string remote_addr;           // the HTTP peer's address, or "cli"
  int64_t at_ms = 0;
  // Filled by reads, ignored by AppendAudit (the store sets it): the SHA-256 of
  // the entry before, kAuditChainStart for the first (storage/audit_chain.h).
  std::string prev_hash;
};

// One client as the case list shows it, before its status is derived.
struct ClientSummary {
  int64_t client_id = 0;
  std::string channel;  // of the client's first channel identity
  int64_t created_at_ms = 0;
  std::string session_state;  // "" when the client has no session
  int64_t updated_at_ms = 0;  // of the session
};

// A page of clients in id order: those with an id above after_id, at most limit.
struct ClientPage {
  int64_t after_id = 0;
  size_t limit = 50;
};

// The titles each role may hold.
bool IsStaffRole(const std::string& role);
bool TitleFitsRole(const std::string& title, const std::string& role);

// InvalidArgument naming the field when a record breaks a rule above (empty or
// longer than 200 characters name/education/topic, unknown role, a title of
// another role, a date that is not YYYY-MM-DD or not in the calendar, hours out
// of range, an unknown kind).
Status ValidateStaff(const StaffRecord& staff);
Status ValidateTraining(const TrainingRecord& training);
// A token hash is the 64 lowercase hex digits of a SHA-256.
Status ValidateTokenHash(const std::string& hash);
Status ValidateAuditEntry(const AuditEntry& entry);

}  // namespace careerbot::storage
