// Private to the admin routes (admin_routes.cpp, admin_case_routes.cpp): the
// authenticated caller, the guard that checks token and permission, the audit
// helper and small request parsers.
#pragma once

#include <httplib.h>

#include <cstdint>
#include <functional>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "base/status.h"
#include "bot/permissions.h"
#include "bot/routes.h"
#include "storage/staff_records.h"
#include "bot/client_pages.h"
#include "storage/store.h"

namespace careerbot::bot::admin {

struct Caller {
  storage::StaffRecord staff;
  std::string remote_addr;
};

using Handler = std::function<void(const Caller&, const httplib::Request&, httplib::Response&)>;

// Answers 401 without a valid token and 403 when the caller's role lacks
// `permission`; otherwise runs `handler`.
httplib::Server::Handler Guard(const RouteContext& context, Permission permission, Handler handler);

// A route function bound to the context, as Guard takes it.
using RouteFn = void (*)(const RouteContext&, const Caller&, const httplib::Request&,
                         httplib::Response&);
inline Handler Bound(const RouteContext& context, RouteFn fn) {
  return [&context, fn](const Caller& who, const httplib::Request& req, httplib::Response& res) {
    fn(context, who, req, res);
  };
}

// Writes one audit entry for the caller (docs/admin-api.md, "Audit").
Status Audit(const RouteContext& context, const Caller& caller, const std::string& action,
             const std::string& object, std::optional<int64_t> client_id);
// The entry Audit writes, for a store method that keeps it with its own change
// in one transaction (IssuePersonalLink).
storage::AuditEntry AuditEntryFor(const RouteContext& context, const Caller& caller, const std::string& action,
                                  const std::string& object, std::optional<int64_t> client_id);

void SendJson(httplib::Response& res, const nlohmann::json& body, int status = 200);

// A positive decimal id of at most 18 digits; false otherwise.
bool ParseId(const std::string& text, int64_t* id);

// The page parameters of a list: limit (1..200, 50 when absent) and cursor (the
// next_cursor of the page before: a positive id; 0 when absent).
Status ParsePage(const httplib::Request& req, size_t* limit, int64_t* after);

// Parses a JSON object body; InvalidArgument naming what is wrong.
Status ParseBody(const httplib::Request& req, nlohmann::json* body);
// A string member; InvalidArgument "NAME: must be a string" when absent or not one.
Status StringField(const nlohmann::json& body, const char* name, std::string* out);

// The member "staff_id": a positive integer; InvalidArgument otherwise.
Status StaffIdField(const nlohmann::json& body, int64_t* id);
// InvalidArgument (naming staff_id) unless the staff member exists, is
// professional (S-3.2: professionals handle complaints and counsel) and holds a
// valid token. Used for assignees of complaints and cases (complaint_routes.cpp).
Status CheckProfessional(const RouteContext& context, int64_t staff_id);

// Installs the case and hand-off routes (admin_case_routes.cpp).
void InstallCaseRoutes(httplib::Server& server, const RouteContext& context);
// Installs the counsellors' actions in a conversation (admin_counsel_routes.cpp).
void InstallCounselRoutes(httplib::Server& server, const RouteContext& context);
// Installs the complaint routes (complaint_routes.cpp): the list, the overdue
// list, one complaint, and its handling (state, assignee, answers).
void InstallComplaintRoutes(httplib::Server& server, const RouteContext& context);
// Installs the case assignment routes (case_assignment_routes.cpp).
void InstallCaseAssignmentRoutes(httplib::Server& server, const RouteContext& context);
// Installs GET /feedback/stats (feedback_stats_routes.cpp).
void InstallFeedbackStatsRoutes(httplib::Server& server, const RouteContext& context);

}  // namespace careerbot::bot::admin
