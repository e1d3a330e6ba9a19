// The admin API's complaint routes (S-6.2): the list and the overdue list (no
// personal text), one complaint with its history and answers, and its handling:
// a move to another state (bot/complaint_workflow.h decides which), an assignee
// (a professional staff member), and answers to the client. Every read and change
// is written to the audit log before the answer goes out.
#include <algorithm>
#include <utility>

#include "bot/admin_http.h"
#include "bot/complaint_workflow.h"
#include "storage/store.h"

namespace careerbot::bot::admin {
namespace {

using nlohmann::json;

constexpr char kTicketPattern[] = "(C-[0-9A-Z]{8})";

// The list's view: no description or contact (those are the client's words).
json ComplaintSummaryJson(const storage::ComplaintHandling& h) {
  const storage::ComplaintRecord& r = h.complaint;
  return {{"client_id", h.client_id},
          {"ticket", r.ticket},
          {"category", r.category},
          {"status", r.status},
          {"assignee_staff_id", h.assignee_staff_id ? json(*h.assignee_staff_id) : json(nullptr)},
          {"filed_at_ms", r.filed_at_ms},
          {"updated_at_ms", r.updated_at_ms}};
}

json ChangeJson(const storage::ComplaintChange& c) {
  // Assignees are staff ids: numbers in JSON, as everywhere else in the API.
  auto value = [&](const std::optional<std::string>& v) {
    if (!v) return json(nullptr);
    return c.field == "assignee" ? json(std::stoll(*v)) : json(*v);
  };
  return {{"field", c.field},     {"from", value(c.from)}, {"to", value(c.to)},
          {"note", c.note},       {"staff_id", c.staff_id}, {"at_ms", c.at_ms}};
}

// The 409 of a move (or an answer) the complaint's state does not allow: names
// the state it is in and where it may go from there.
void SendConflict(httplib::Response& res, const std::string& ticket, const std::string& current,
                  const std::string& what) {
  const std::vector<std::string>& allowed = AllowedComplaintMoves(current);
  std::string moves;
  for (const std::string& m : allowed) moves += (moves.empty() ? "" : ", ") + m;
  const std::string message = "complaint " + ticket + " is " + current + ": " + what + "; " +
                              (allowed.empty() ? "it is final" : "it may move to " + moves);
  SendJson(res,
           {{"error",
             {{"code", "conflict"}, {"message", message}, {"current", current}, {"allowed", allowed}}}},
           409);
}

// The complaint of the path, or an answer already sent (404).
bool PathComplaint(const RouteContext& context, const httplib::Request& req,
                   httplib::Response& res, storage::ComplaintHandling* out) {
  std::optional<storage::ComplaintHandling> found;
  Status s = context.store.FindComplaintByTicket(req.matches[1], &found);
  if (s.ok() && !found) s = Status::NotFound("no such complaint");
  if (!s.ok()) {
    SendError(res, s);
    return false;
  }
  *out = std::move(*found);
  return true;
}

// An optional "note" member: a string, or absent ("").
Status NoteField(const json& body, std::string* note) {
  note->clear();
  if (!body.contains("note")) return Status::Ok();
  return StringField(body, "note", note);
}

void ListComplaints(const RouteContext& context, const Caller& caller, const httplib::Request& req,
                    httplib::Response& res) {
  const std::string status = req.get_param_value("status");
  if (req.has_param("status") && !storage::IsComplaintStatus(status)) {
    return SendError(
        res,
        Status::InvalidArgument(
            "status: must be received, acknowledged, investigating, resolved, rejected or closed"));
  }
  int64_t assignee = 0;
  if (req.has_param("assignee") && !ParseId(req.get_param_value("assignee"), &assignee)) {
    return SendError(res, Status::InvalidArgument("assignee: must be a staff id"));
  }
  std::vector<storage::ComplaintHandling> all;
  Status s = context.store.ListAllComplaints(&all);
  std::string object = "complaints";
  if (req.has_param("status")) object += "?status=" + status;
  if (assignee) object += std::string(req.has_param("status") ? "&" : "?") + "assignee=" +
                          std::to_string(assignee);
  if (s.ok()) s = Audit(context, caller, "complaints.list", object, std::nullopt);
  if (!s.ok()) return SendError(res, s);
  json items = json::array();
  for (const auto& h : all) {
    if (!status.empty() && h.complaint.status != status) continue;
    if (assignee && h.assignee_staff_id != assignee) continue;
    items.push_back(ComplaintSummaryJson(h));
  }
  SendJson(res, {{"complaints", items}});
}

void ListOverdue(const RouteContext& context, const Caller& caller, const httplib::Request&,
                 httplib::Response& res) {
  std::vector<storage::ComplaintHandling> all;
  Status s = context.store.ListAllComplaints(&all);
  if (s.ok()) s = Audit(context, caller, "complaints.overdue", "complaints/overdue", std::nullopt);
  if (!s.ok()) return SendError(res, s);
  const int64_t now = context.now_ms();
  json items = json::array();
  for (const OverdueComplaint& o :
       FindOverdueComplaints(all, context.config.complaints.time_limits, now)) {
    json item = ComplaintSummaryJson(o.handling);
    item["limit"] = o.limit;
    item["due_at_ms"] = o.due_at_ms;
    item["overdue_ms"] = o.overdue_ms;
    items.push_back(std::move(item));
  }
  SendJson(res, {{"now_ms", now}, {"complaints", items}});
}

// The whole complaint: its record, assignee, where it may go, history and answers.
Status ComplaintDetailJson(const RouteContext& context, const storage::ComplaintHandling& h,
                           json* out) {
  std::vector<storage::ComplaintChange> history;
  std::vector<storage::ComplaintAnswer> answers;
  Status s = context.store.ListComplaintHistory(h.complaint.ticket, &history);
  if (s.ok()) s = context.store.ListComplaintAnswers(h.complaint.ticket, &answers);
  json assignee = nullptr;
  if (s.ok() && h.assignee_staff_id) {
    std::optional<storage::StaffRecord> staff;
    s = context.store.FindStaff(*h.assignee_staff_id, &staff);
    if (s.ok() && staff) assignee = {{"staff_id", staff->id}, {"name", staff->name}};
  }
  if (!s.ok()) return s;
  const storage::ComplaintRecord& r = h.complaint;
  const int64_t due =
      ComplaintDueAtMs(context.config.complaints.time_limits, r.status, r.filed_at_ms);
  *out = ComplaintSummaryJson(h);
  (*out)["description"] = r.description;
  (*out)["contact"] = r.contact ? json(*r.contact) : json(nullptr);
  (*out)["assignee"] = assignee;
  (*out)["allowed_moves"] = AllowedComplaintMoves(r.status);
  (*out)["due_at_ms"] = due < 0 ? json(nullptr) : json(due);
  json changes = json::array(), written = json::array();
  for (const auto& c : history) changes.push_back(ChangeJson(c));
  for (const auto& a : answers) {
    written.push_back(
        {{"id", a.id}, {"staff_id", a.staff_id}, {"text", a.text}, {"at_ms", a.at_ms}});
  }
  (*out)["history"] = changes;
  (*out)["answers"] = written;
  return Status::Ok();
}

// Answers the complaint as it now is (after a change), audited as `action`.
void SendComplaint(const RouteContext& context, const Caller& caller, const std::string& action,
                   const std::string& ticket, httplib::Response& res, int status = 200) {
  std::optional<storage::ComplaintHandling> now;
  Status s = context.store.FindComplaintByTicket(ticket, &now);
  if (s.ok() && !now) s = Status::NotFound("no such complaint");
  json body;
  if (s.ok()) s = ComplaintDetailJson(context, *now, &body);
  if (s.ok()) s = Audit(context, caller, action, "complaint:" + ticket, now->client_id);
  if (!s.ok()) return SendError(res, s);
  SendJson(res, body, status);
}

void GetComplaint(const RouteContext& context, const Caller& caller, const httplib::Request& req,
                  httplib::Response& res) {
  storage::ComplaintHandling h;
  if (!PathComplaint(context, req, res, &h)) return;
  SendComplaint(context, caller, "complaint.read", h.complaint.ticket, res);
}

void MoveComplaint(const RouteContext& context, const Caller& caller, const httplib::Request& req,
                   httplib::Response& res) {
  storage::ComplaintHandling h;
  if (!PathComplaint(context, req, res, &h)) return;
  json body;
  storage::ComplaintChange change;
  std::string to;
  Status s = ParseBody(req, &body);
  if (s.ok()) s = StringField(body, "status", &to);
  if (s.ok() && !storage::IsComplaintStatus(to)) {
    s = Status::InvalidArgument(
        "status: must be received, acknowledged, investigating, resolved, rejected or closed");
  }
  if (s.ok()) s = NoteField(body, &change.note);
  if (!s.ok()) return SendError(res, s);
  const std::vector<std::string>& allowed = AllowedComplaintMoves(h.complaint.status);
  if (std::find(allowed.begin(), allowed.end(), to) == allowed.end()) {
    return SendConflict(res, h.complaint.ticket, h.complaint.status, "it cannot move to " + to);
  }
  change.ticket = h.complaint.ticket;
  change.staff_id = caller.staff.id;
  change.field = "status";
  change.from = h.complaint.status;
  change.to = to;
  change.at_ms = context.now_ms();
  bool applied = false;
  s = context.store.ChangeComplaint(change, &applied);
  if (s.ok() && !applied) {
    // Moved by someone else since it was read: answer with the state it is in now.
    if (!PathComplaint(context, req, res, &h)) return;
    return SendConflict(res, h.complaint.ticket, h.complaint.status, "it cannot move to " + to);
  }
  if (!s.ok()) return SendError(res, s);
  SendComplaint(context, caller, "complaint.move", h.complaint.ticket, res);
}

void AssignComplaint(const RouteContext& context, const Caller& caller,
                     const httplib::Request& req, httplib::Response& res) {
  storage::ComplaintHandling h;
  if (!PathComplaint(context, req, res, &h)) return;
  json body;
  storage::ComplaintChange change;
  int64_t staff_id = 0;
  Status s = ParseBody(req, &body);
  if (s.ok()) s = StaffIdField(body, &staff_id);
  if (s.ok()) s = NoteField(body, &change.note);
  if (s.ok()) s = CheckProfessional(context, staff_id);
  if (!s.ok()) return SendError(res, s);
  if (h.complaint.status == "closed") {
    return SendConflict(res, h.complaint.ticket, h.complaint.status, "it cannot be reassigned");
  }
  if (h.assignee_staff_id != staff_id) {  // the same assignee again changes nothing
    change.ticket = h.complaint.ticket;
    change.staff_id = caller.staff.id;
    change.field = "assignee";
    if (h.assignee_staff_id) change.from = std::to_string(*h.assignee_staff_id);
    change.to = std::to_string(staff_id);
    change.at_ms = context.now_ms();
    bool applied = false;
    s = context.store.ChangeComplaint(change, &applied);
    if (s.ok() && !applied) {
      s = Status::AlreadyExists("complaint " + h.complaint.ticket +
                                " was reassigned meanwhile; read it again");
    }
    if (!s.ok()) return SendError(res, s);
  }
  SendComplaint(context, caller, "complaint.assign", h.complaint.ticket, res);
}

void AnswerComplaint(const RouteContext& context, const Caller& caller,
                     const httplib::Request& req, httplib::Response& res) {
  storage::ComplaintHandling h;
  if (!PathComplaint(context, req, res, &h)) return;
  json body;
  storage::ComplaintAnswer answer;
  Status s = ParseBody(req, &body);
  if (s.ok()) s = StringField(body, "text", &answer.text);
  if (!s.ok()) return SendError(res, s);
  if (h.complaint.status == "closed") {
    return SendConflict(res, h.complaint.ticket, h.complaint.status, "it takes no more answers");
  }
  answer.ticket = h.complaint.ticket;
  answer.staff_id = caller.staff.id;
  answer.at_ms = context.now_ms();
  s = context.store.AddComplaintAnswer(answer, &answer.id);
  if (s.ok()) {
    s = Audit(context, caller, "complaint.answer",
              "complaint:" + answer.ticket + "/answer:" + std::to_string(answer.id), h.client_id);
  }
  if (!s.ok()) return SendError(res, s);
  // Stored first: the answer is kept even when its delivery fails later.
  if (context.complaint_answered) {
    context.complaint_answered(
        {h.client_id, answer.ticket, answer.staff_id, answer.text, answer.at_ms});
  }
  SendJson(res,
           {{"id", answer.id},
            {"ticket", answer.ticket},
            {"staff_id", answer.staff_id},
            {"text", answer.text},
            {"at_ms", answer.at_ms}},
           201);
}

}  // namespace

Status CheckProfessional(const RouteContext& context, int64_t staff_id) {
  std::optional<storage::StaffRecord> staff;
  if (Status s = context.store.FindStaff(staff_id, &staff); !s.ok()) return s;
  const std::string who = "staff_id: staff member " + std::to_string(staff_id);
  if (!staff) return Status::InvalidArgument(who + " does not exist");
  if (staff->role != "professional") {
    return Status::InvalidArgument(who + " is " + staff->role +
                                   "; the assignee must be a professional staff member");
  }
  if (!staff->has_active_token) {
    return Status::InvalidArgument(who + " has no valid token (revoked); assign someone active");
  }
  return Status::Ok();
}

Status StaffIdField(const json& body, int64_t* id) {
  if (!body.contains("staff_id") || !body.at("staff_id").is_number_integer() ||
      body.at("staff_id").get<int64_t>() < 1) {
    return Status::InvalidArgument("staff_id: must be a staff id (a positive integer)");
  }
  *id = body.at("staff_id").get<int64_t>();
  return Status::Ok();
}

void InstallComplaintRoutes(httplib::Server& server, const RouteContext& context) {
  const std::string p = "/admin/api/v1/complaints";
  const std::string one = p + "/" + kTicketPattern;
  const RouteContext& c = context;
  server.Get(p, Guard(c, Permission::kReadCases, Bound(c, ListComplaints)));
  server.Get(p + "/overdue", Guard(c, Permission::kReadCases, Bound(c, ListOverdue)));
  server.Get(one, Guard(c, Permission::kReadCases, Bound(c, GetComplaint)));
  server.Post(one + "/status", Guard(c, Permission::kHandleComplaints, Bound(c, MoveComplaint)));
  server.Post(one + "/assignee",
              Guard(c, Permission::kHandleComplaints, Bound(c, AssignComplaint)));
  server.Post(one + "/answers", Guard(c, Permission::kHandleComplaints, Bound(c, AnswerComplaint)));
}

}  // namespace careerbot::bot::admin
