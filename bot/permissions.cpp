#include "bot/permissions.h"

namespace careerbot::bot {

const std::vector<PermissionRow>& PermissionTable() {
  //                                                            auxiliary professional admin planned
  static const std::vector<PermissionRow> table = {
      {Permission::kReadSelf, "self.read", true, true, true, false},
      {Permission::kReadStaff, "staff.read", true, true, true, false},
      {Permission::kManageStaff, "staff.manage", false, false, true, false},
      {Permission::kReadTraining, "training.read", false, false, true, false},
      {Permission::kReadCases, "cases.read", true, true, false, false},
      {Permission::kReadFeedbackStats, "feedback.stats", false, true, true, false},
      {Permission::kAssist, "cases.assist", true, true, false, false},
      {Permission::kApprovePlans, "plans.approve", false, true, false, false},
      // Drafting and editing a report is assisting (S-3.2: auxiliary staff "view and
      // assist", e.g. an assessor writes up results); finalizing is a professional's.
      {Permission::kDraftReports, "reports.draft", true, true, false, false},
      {Permission::kFinalizeReports, "reports.finalize", false, true, false, false},
      {Permission::kCounsel, "handoffs.counsel", false, true, false, false},
      {Permission::kHandleComplaints, "complaints.handle", false, true, false, false},
      {Permission::kReadAudit, "audit.read", false, false, true, false},
      {Permission::kReadArchives, "archives.read", false, true, false, false},
      {Permission::kExportClients, "clients.export", false, true, false, false},
      {Permission::kCloseCases, "cases.close", false, true, false, false},
      {Permission::kAssignCases, "cases.assign", false, true, false, false},
      {Permission::kEraseClients, "clients.erase", false, true, false, false},
  };
  return table;
}

bool RoleMay(const std::string& role, Permission permission) {
  for (const PermissionRow& row : PermissionTable()) {
    if (row.permission != permission) continue;
    if (role == "auxiliary") return row.auxiliary;
    if (role == "professional") return row.professional;
    if (role == "admin") return row.admin;
    return false;
  }
  return false;
}

const char* PermissionName(Permission permission) {
  for (const PermissionRow& row : PermissionTable()) {
    if (row.permission == permission) return row.name;
  }
  return "unknown";
}

}  // namespace careerbot::bot
