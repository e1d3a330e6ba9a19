// Who may do what in the admin API: ONE table (permissions.cpp), the same one
// docs/admin-api.md shows. A route names the permission it needs; the role of the
// caller's token decides. Roles (S-3.2): auxiliary staff read cases and assist;
// professional staff also approve plans, finalize reports, counsel and handle
// complaints; admins manage staff and do not read clients' data (least privilege:
// running the institution needs no access to anyone's answers).
//
// Permissions marked planned belong to routes of later slices of issue 7; they are
// in the table now so the matrix is decided once, not route by route.
#pragma once

#include <string>
#include <vector>

namespace careerbot::bot {

enum class Permission {
  kReadSelf,           // GET /me, and one's own training
  kReadStaff,          // the staff directory
  kManageStaff,        // add staff, record training, revoke and rotate tokens
  kReadTraining,       // anyone's training records
  kReadCases,          // cases, their records, the hand-off and complaint lists
  kReadFeedbackStats,  // aggregates only, no client named
  kAssist,             // notes on a case for the other staff
  kApprovePlans,       // change and approve a client's service plan (S-5.3)
  kDraftReports,       // draft a client's report and edit its sections (assisting, S-3.2)
  kFinalizeReports,    // freeze a report version and give the client its link
  kCounsel,            // take a hand-off, write to the client, end it (S-4.4)
  kHandleComplaints,   // move complaints through their states, assign them, answer the client
  kReadAudit,          // the audit log
  kReadArchives,       // case archives and their filed documents (S-3.5.2)
  kExportClients,      // everything stored about one client, as one document
  kCloseCases,         // close a case: the agreement's duties done, feedback asked (S-5.6)
  kAssignCases,        // make a professional counsellor responsible for a case
  kEraseClients,       // delete a client's personal data at their request
};

struct PermissionRow {
  Permission permission;
  const char* name;  // as the documentation and the 403 message spell it
  bool auxiliary, professional, admin;
  bool planned;  // no route uses it yet
};

// Every permission, in the order of the enum.
const std::vector<PermissionRow>& PermissionTable();

// False for an unknown role.
bool RoleMay(const std::string& role, Permission permission);
const char* PermissionName(Permission permission);

}  // namespace careerbot::bot
