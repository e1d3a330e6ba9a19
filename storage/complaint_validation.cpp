#include <string_view>

#include "base/utf8.h"
#include "storage/complaint_records.h"
#include "storage/field_cipher.h"

namespace careerbot::storage {
namespace {

constexpr size_t kMaxNote = 2000, kMaxAnswer = 4000;

// Characters, not bytes: a limit written for people counts what they see.
size_t CodePoints(std::string_view s) {
  size_t n = 0;
  for (unsigned char c : s) n += (c & 0xC0) != 0x80;
  return n;
}

// Whether text fits the limit. A sealed value (encrypted_store.h) was checked as
// plaintext by the decorator before it was sealed; its length here says nothing.
bool FitsLimit(std::string_view text, size_t limit) {
  return IsSealedValue(text) || (IsValidUtf8(text) && CodePoints(text) <= limit);
}

bool IsDecimalId(const std::string& s) {
  if (s.empty() || s.size() > 18 || s[0] == '0') return false;
  for (char c : s) {
    if (c < '0' || c > '9') return false;
  }
  return true;
}

}  // namespace

bool IsComplaintStatus(const std::string& status) {
  return status == "received" || status == "acknowledged" || status == "investigating" ||
         status == "resolved" || status == "rejected" || status == "closed";
}

Status ValidateComplaintChange(const ComplaintChange& c) {
  if (c.ticket.empty()) return Status::InvalidArgument("ticket: must not be empty");
  if (c.staff_id < 1) return Status::InvalidArgument("staff_id: must be a staff id");
  if (!FitsLimit(c.note, kMaxNote)) {
    return Status::InvalidArgument("note: must be UTF-8 text of at most 2000 characters");
  }
  if (c.field == "status") {
    if (!c.from || !IsComplaintStatus(*c.from)) {
      return Status::InvalidArgument("from: must be a complaint status");
    }
    if (!c.to || !IsComplaintStatus(*c.to)) {
      return Status::InvalidArgument("to: must be a complaint status");
    }
    return Status::Ok();
  }
  if (c.field == "assignee") {
    if ((c.from && !IsDecimalId(*c.from)) || !c.to || !IsDecimalId(*c.to)) {
      return Status::InvalidArgument("to: an assignee must be a staff id");
    }
    return Status::Ok();
  }
  return Status::InvalidArgument("field: must be status or assignee");
}

Status ValidateComplaintAnswer(const ComplaintAnswer& a) {
  if (a.ticket.empty()) return Status::InvalidArgument("ticket: must not be empty");
  if (a.staff_id < 1) return Status::InvalidArgument("staff_id: must be a staff id");
  if (a.text.empty() || !FitsLimit(a.text, kMaxAnswer)) {
    return Status::InvalidArgument("text: must be UTF-8 text of 1 to 4000 characters");
  }
  return Status::Ok();
}

Status ValidateCaseAssignment(const CaseAssignment& a) {
  if (a.client_id < 1) return Status::InvalidArgument("client_id: must be a client id");
  if (a.staff_id < 1) return Status::InvalidArgument("staff_id: must be a staff id");
  if (a.assigned_by < 1) return Status::InvalidArgument("assigned_by: must be a staff id");
  return Status::Ok();
}

}  // namespace careerbot::storage
