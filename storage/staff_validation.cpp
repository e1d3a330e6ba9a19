#include <cstdio>

#include "base/calendar_date.h"
#include "storage/link_records.h"
#include "storage/staff_records.h"

namespace careerbot::storage {
namespace {

constexpr size_t kMaxText = 200;

Status CheckText(const std::string& value, const char* field) {
  if (value.empty() || value.size() > kMaxText) {
    return Status::InvalidArgument(std::string(field) + ": must be 1 to 200 characters");
  }
  return Status::Ok();
}

}  // namespace

bool IsStaffRole(const std::string& role) {
  return role == "professional" || role == "auxiliary" || role == "admin";
}

bool TitleFitsRole(const std::string& title, const std::string& role) {
  if (role == "professional") {
    return title == "consultant" || title == "lecturer" || title == "coach" ||
           title == "course_developer";
  }
  if (role == "auxiliary")
    return title == "assessor" || title == "operations" || title == "teaching_assistant";
  if (role == "admin") return title == "admin";
  return false;
}

Status ValidateStaff(const StaffRecord& s) {
  if (Status st = CheckText(s.name, "name"); !st.ok()) return st;
  if (!IsStaffRole(s.role))
    return Status::InvalidArgument("role: must be professional, auxiliary or admin");
  if (!TitleFitsRole(s.title, s.role)) {
    return Status::InvalidArgument(
        "title: " + s.role + " staff may be " +
        (s.role == "professional" ? std::string("consultant, lecturer, coach or course_developer")
         : s.role == "auxiliary"  ? std::string("assessor, operations or teaching_assistant")
                                  : std::string("admin")));
  }
  return CheckText(s.education, "education");
}

Status ValidateTraining(const TrainingRecord& t) {
  if (!IsCalendarDate(t.date)) return Status::InvalidArgument("date: must be a calendar date YYYY-MM-DD");
  if (Status st = CheckText(t.topic, "topic"); !st.ok()) return st;
  if (t.kind != "knowledge" && t.kind != "practical") {
    return Status::InvalidArgument("kind: must be knowledge or practical");
  }
  if (!(t.hours > 0 && t.hours <= 1000))
    return Status::InvalidArgument("hours: must be more than 0 and at most 1000");
  return Status::Ok();
}

Status ValidateTokenHash(const std::string& hash) {
  bool hex = hash.size() == 64;
  for (char c : hash) hex = hex && ((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'));
  return hex ? Status::Ok()
             : Status::InvalidArgument("token hash: must be 64 lowercase hex digits");
}

Status ValidateAuditEntry(const AuditEntry& e) {
  if (e.action.empty()) return Status::InvalidArgument("audit: the action is empty");
  if (e.remote_addr.empty()) return Status::InvalidArgument("audit: the remote address is empty");
  return Status::Ok();
}

Status ValidatePersonalLink(const PersonalLinkRecord& link) {
  if (link.client_id <= 0) return Status::InvalidArgument("personal link: the client id must be positive");
  if (link.purpose != "export" && link.purpose != "report") {
    return Status::InvalidArgument("personal link: purpose must be export or report");
  }
  if ((link.purpose == "report") != link.report_version.has_value()) {
    return Status::InvalidArgument("personal link: report_version is set exactly for purpose report");
  }
  if (link.report_version && *link.report_version < 1) {
    return Status::InvalidArgument("personal link: report_version must be at least 1");
  }
  if (Status s = ValidateTokenHash(link.token_hash); !s.ok()) return s;
  if (link.expires_at_ms <= link.issued_at_ms) {
    return Status::InvalidArgument("personal link: it must expire after it is issued");
  }
  return Status::Ok();
}

}  // namespace careerbot::storage
