// The staff side of complaints (specification 6.2) and of cases: who handles a
// complaint, every change made to it, the answers written to the client, and
// which counsellor is responsible for a client's case (so that feedback can be
// attributed, 6.1). Plain structs, no SQL; the checks both stores apply before
// writing are here, so a refused record is refused the same way everywhere.
//
// The ComplaintRecord the dialog writes (records.h) is unchanged: these records
// sit beside it, keyed by its ticket.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "base/status.h"
#include "storage/records.h"

namespace careerbot::storage {

// A complaint as staff see it: whose it is and who handles it.
struct ComplaintHandling {
  int64_t client_id = 0;
  ComplaintRecord complaint;
  std::optional<int64_t> assignee_staff_id;  // nullopt: nobody yet
};

// One change of a complaint, kept as its history: a move to another state, or
// another assignee. A change applies only when the complaint's current value is
// `from` (compare and set), so two counsellors cannot both move it on from the
// same state.
struct ComplaintChange {
  int64_t id = 0;  // set by the store; a complaint's history is listed in id order
  std::string ticket;
  int64_t staff_id = 0;  // who made the change
  std::string field;     // "status" | "assignee"
  // status: state names; assignee: staff ids in decimal, nullopt for nobody.
  std::optional<std::string> from, to;
  std::string note;  // why, in the staff member's words; may be empty, at most 2000 characters
  int64_t at_ms = 0;
};

// An answer a counsellor wrote to the client about their complaint. It is kept
// with the complaint; its delivery into the client's channel is bot/'s.
struct ComplaintAnswer {
  int64_t id = 0;  // set by the store
  std::string ticket;
  int64_t staff_id = 0;
  std::string text;  // 1-4000 characters
  int64_t at_ms = 0;
};

// The counsellor responsible for a client's case from at_ms on, until the next
// assignment. Assignments are appended, never changed: the history says who was
// responsible when (feedback is attributed by it).
struct CaseAssignment {
  int64_t id = 0;  // set by the store; listed in id order
  int64_t client_id = 0;
  int64_t staff_id = 0;     // the counsellor assigned
  int64_t assigned_by = 0;  // the staff member who assigned them
  int64_t at_ms = 0;
};

// The states of a complaint, in the order of the process (bot/complaint_workflow.h
// decides which moves are allowed).
bool IsComplaintStatus(const std::string& status);

// InvalidArgument naming the field when a record breaks a rule above (an empty
// ticket, a field other than status/assignee, a status change without a valid
// `to` state, an assignee that is not a positive decimal id, a note or text out of
// range, a staff or client id below 1).
Status ValidateComplaintChange(const ComplaintChange& change);
Status ValidateComplaintAnswer(const ComplaintAnswer& answer);
Status ValidateCaseAssignment(const CaseAssignment& assignment);

}  // namespace careerbot::storage
