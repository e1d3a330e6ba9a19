// The admin API's case assignment: which professional counsellor is responsible
// for a client's case. Assignments are appended, never changed, so the history
// says who was responsible when; the feedback statistics attribute each rating to
// the counsellor responsible when it was given (feedback_stats.h).
#include "bot/admin_http.h"
#include "storage/store.h"

namespace careerbot::bot::admin {
namespace {

using nlohmann::json;

// The client of the path, or an answer already sent (404).
bool PathClient(const RouteContext& context, const httplib::Request& req, httplib::Response& res,
                int64_t* client_id) {
  std::vector<storage::ClientSummary> one;
  Status s = ParseId(req.matches[1], client_id) ? context.store.ListClients({*client_id - 1, 1}, &one)
                                                : Status::NotFound("no such case");
  if (s.ok() && (one.empty() || one[0].client_id != *client_id)) s = Status::NotFound("no such case");
  if (!s.ok()) SendError(res, s);
  return s.ok();
}

Status AssignmentsJson(const RouteContext& context, int64_t client_id, json* out) {
  std::vector<storage::CaseAssignment> assignments;
  Status s = context.store.ListCaseAssignments(client_id, &assignments);
  json items = json::array();
  for (size_t i = 0; s.ok() && i < assignments.size(); ++i) {
    const storage::CaseAssignment& a = assignments[i];
    std::optional<storage::StaffRecord> staff;
    s = context.store.FindStaff(a.staff_id, &staff);
    items.push_back({{"staff_id", a.staff_id},
                     {"name", staff ? json(staff->name) : json(nullptr)},
                     {"assigned_by", a.assigned_by},
                     {"at_ms", a.at_ms}});
  }
  if (!s.ok()) return s;
  *out = {{"client_id", client_id},
          {"assignee", items.empty() ? json(nullptr) : items.back()},
          {"assignments", items}};
  return Status::Ok();
}

void ListAssignments(const RouteContext& context, const Caller& caller, const httplib::Request& req,
                     httplib::Response& res) {
  int64_t client_id = 0;
  if (!PathClient(context, req, res, &client_id)) return;
  json body;
  Status s = AssignmentsJson(context, client_id, &body);
  if (s.ok()) s = Audit(context, caller, "case.assignments", "case/assignments", client_id);
  if (!s.ok()) return SendError(res, s);
  SendJson(res, body);
}

void AssignCase(const RouteContext& context, const Caller& caller, const httplib::Request& req,
                httplib::Response& res) {
  int64_t client_id = 0;
  if (!PathClient(context, req, res, &client_id)) return;
  json body;
  storage::CaseAssignment a;
  Status s = ParseBody(req, &body);
  if (s.ok()) s = StaffIdField(body, &a.staff_id);
  if (s.ok()) s = CheckProfessional(context, a.staff_id);
  if (!s.ok()) return SendError(res, s);
  std::vector<storage::CaseAssignment> before;
  s = context.store.ListCaseAssignments(client_id, &before);
  // The same counsellor again is no new assignment: the history stays true.
  if (s.ok() && (before.empty() || before.back().staff_id != a.staff_id)) {
    a.client_id = client_id;
    a.assigned_by = caller.staff.id;
    a.at_ms = context.now_ms();
    s = context.store.AssignCase(a, &a.id);
  }
  json answer;
  if (s.ok()) s = AssignmentsJson(context, client_id, &answer);
  if (s.ok()) {
    s = Audit(context, caller, "case.assign", "case/assignee:" + std::to_string(a.staff_id),
              client_id);
  }
  if (!s.ok()) return SendError(res, s);
  SendJson(res, answer);
}

}  // namespace

void InstallCaseAssignmentRoutes(httplib::Server& server, const RouteContext& context) {
  const std::string p = "/admin/api/v1/cases";
  const RouteContext& c = context;
  server.Post(p + R"(/(\d+)/assignee)", Guard(c, Permission::kAssignCases, Bound(c, AssignCase)));
  server.Get(p + R"(/(\d+)/assignments)", Guard(c, Permission::kReadCases, Bound(c, ListAssignments)));
}

}  // namespace careerbot::bot::admin
