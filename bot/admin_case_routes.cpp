// The admin API's reads of clients' services: cases (status derived per
// admin_case.h) and open hand-offs (complaints: complaint_routes.cpp; feedback
// statistics: feedback_stats_routes.cpp). Every one writes its audit entry
// before it answers.
//
// The list of cases walks the clients in pages of the store (ListClients) and
// reads each one's records: fine for the thousands of clients of one
// institution; an index per case status joins when the case workflow stores its
// transitions. Hand-offs are read by their status's index.
#include <set>

#include "bot/admin_case.h"
#include "bot/admin_http.h"
#include "storage/store.h"

namespace careerbot::bot::admin {
namespace {

using nlohmann::json;

void ListCases(const RouteContext& context, const Caller& caller, const httplib::Request& req,
               httplib::Response& res) {
  size_t limit = 0;
  int64_t after = 0;
  Status s = ParsePage(req, &limit, &after);
  std::optional<CaseStatus> filter;
  if (s.ok() && req.has_param("status")) {
    CaseStatus st = CaseStatus::kNeedsSurvey;
    if (!ParseCaseStatus(req.get_param_value("status"), &st)) {
      s = Status::InvalidArgument(
          "status: must be one of needs_survey, agreement_signed, plan_proposed, "
          "plan_approved, in_progress, report_drafted, report_final, closed");
    }
    filter = st;
  }
  if (!s.ok()) return SendError(res, s);
  json items = json::array();
  bool more = false;
  int64_t last = 0;
  s = ForEachClient(context.store, after, [&](const storage::ClientSummary& c, bool* go_on) {
    if (items.size() == limit) {  // a further match exists only if one is found: look for it
      CaseStatus st;
      Status ls = LoadCaseStatus(context.store, c, &st);
      if (ls.ok() && (!filter || st == *filter)) {
        more = true;
        *go_on = false;
      }
      return ls;
    }
    CaseStatus st;
    Status ls = LoadCaseStatus(context.store, c, &st);
    if (ls.ok() && (!filter || st == *filter)) {
      items.push_back(CaseSummaryJson(c, st));
      last = c.client_id;
    }
    return ls;
  });
  if (s.ok()) {
    s = Audit(context, caller, "cases.list",
              req.has_param("status") ? "cases?status=" + req.get_param_value("status") : "cases",
              std::nullopt);
  }
  if (!s.ok()) return SendError(res, s);
  json body = {{"cases", items}};
  body["next_cursor"] = more ? json(std::to_string(last)) : json(nullptr);
  SendJson(res, body);
}

void GetCase(const RouteContext& context, const Caller& caller, const httplib::Request& req,
             httplib::Response& res) {
  int64_t id = 0;
  if (!ParseId(req.matches[1], &id)) return SendError(res, Status::NotFound("no such case"));
  std::vector<storage::ClientSummary> one;
  Status s = context.store.ListClients({id - 1, 1}, &one);
  if (s.ok() && (one.empty() || one[0].client_id != id)) s = Status::NotFound("no such case");
  json body;
  if (s.ok()) s = CaseDetailJson(context.store, one[0], &body);
  // Written before the data goes out: a read the log cannot record is not answered.
  if (s.ok()) s = Audit(context, caller, "case.read", "case", id);
  if (!s.ok()) return SendError(res, s);
  SendJson(res, body);
}

void ListHandoffs(const RouteContext& context, const Caller& caller, const httplib::Request& req,
                  httplib::Response& res) {
  static const std::set<std::string> kStatuses = {"open", "taken", "ended"};
  const std::string status = req.get_param_value("status");
  if (req.has_param("status") && !kStatuses.count(status)) {
    return SendError(res, Status::InvalidArgument("status: must be open, taken or ended"));
  }
  // By the store's index on the status, in the order counsellors take them
  // (urgent first, then the oldest request): not client by client.
  std::vector<storage::HandoffRecord> handoffs;
  Status s = context.store.ListHandoffsByStatus(status, &handoffs);
  if (s.ok())
    s = Audit(context, caller, "handoffs.list",
              status.empty() ? "handoffs" : "handoffs?status=" + status, std::nullopt);
  if (!s.ok()) return SendError(res, s);
  json items = json::array();
  for (const storage::HandoffRecord& h : handoffs) {
    items.push_back({{"id", h.id},
                     {"client_id", h.client_id},
                     {"reason", h.reason},
                     {"urgent", h.urgent},
                     {"status", h.status},
                     {"requested_at_ms", h.requested_at_ms},
                     {"taken_by", h.taken_by ? json(*h.taken_by) : json(nullptr)}});
  }
  SendJson(res, {{"handoffs", items}});
}

// A note on the case for the other staff (S-5): who wrote it and when is kept.
void AddNote(const RouteContext& context, const Caller& caller, const httplib::Request& req,
             httplib::Response& res) {
  int64_t id = 0;
  if (!ParseId(req.matches[1], &id)) return SendError(res, Status::NotFound("no such case"));
  json body;
  storage::CaseNote note;
  Status s = ParseBody(req, &body);
  if (s.ok()) s = StringField(body, "text", &note.text);
  note.client_id = id;
  note.staff_id = caller.staff.id;
  note.at_ms = context.now_ms();
  if (s.ok()) s = context.store.AddCaseNote(note, &note.id);
  if (s.code() == Status::Code::kNotFound) s = Status::NotFound("no such case");
  if (s.ok()) s = Audit(context, caller, "case.note", "note:" + std::to_string(note.id), id);
  if (!s.ok()) return SendError(res, s);
  SendJson(res, {{"id", note.id}, {"staff_id", note.staff_id}, {"text", note.text}, {"at_ms", note.at_ms}}, 201);
}

}  // namespace

void InstallCaseRoutes(httplib::Server& server, const RouteContext& context) {
  const std::string p = "/admin/api/v1";
  const RouteContext& c = context;
  auto route = [&c](void (*fn)(const RouteContext&, const Caller&, const httplib::Request&,
                               httplib::Response&)) {
    return [&c, fn](const Caller& who, const httplib::Request& req, httplib::Response& res) {
      fn(c, who, req, res);
    };
  };
  server.Get(p + "/cases", Guard(c, Permission::kReadCases, route(ListCases)));
  server.Get(p + R"(/cases/(\d+))", Guard(c, Permission::kReadCases, route(GetCase)));
  server.Post(p + R"(/cases/(\d+)/notes)", Guard(c, Permission::kAssist, route(AddNote)));
  server.Get(p + "/handoffs", Guard(c, Permission::kReadCases, route(ListHandoffs)));
}

}  // namespace careerbot::bot::admin
