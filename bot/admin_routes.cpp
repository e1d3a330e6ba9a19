// The admin API: authentication, staff and training routes, the OpenAPI document;
// the case routes are in admin_case_routes.cpp.
#include "bot/admin_routes.h"

#include "bot/admin_http.h"
#include "bot/admin_token.h"
#include "bot/archive_routes.h"
#include "bot/export_routes.h"
#include "bot/log.h"
#include "bot/report_routes.h"
#include "bot/training_report.h"
#include "storage/store.h"
#include "base/json_text.h"

namespace careerbot::bot {
namespace admin {
namespace {

using nlohmann::json;

constexpr char kPrefix[] = "/admin/api/v1";

json StaffJson(const storage::StaffRecord& s) {
  return {{"id", s.id},
          {"name", s.name},
          {"role", s.role},
          {"title", s.title},
          {"education", s.education},
          {"created_at_ms", s.created_at_ms},
          {"has_active_token", s.has_active_token}};
}

json TrainingJson(const storage::TrainingRecord& t) {
  return {{"id", t.id},       {"staff_id", t.staff_id}, {"date", t.date},
          {"topic", t.topic}, {"kind", t.kind},         {"hours", t.hours}};
}

Status Authenticate(const RouteContext& context, const httplib::Request& req, Caller* caller) {
  const std::string token = BearerToken(req.get_header_value("Authorization"));
  if (token.empty())
    return Status::Unauthenticated("a staff token is required: Authorization: Bearer <token>");
  const std::string hash = HashStaffToken(token);
  std::optional<storage::StaffRecord> staff;
  if (Status s = context.store.FindStaffByTokenHash(hash, &staff); !s.ok()) return s;
  if (!staff || !TokenHashesEqual(staff->token_hash, hash)) {
    return Status::Unauthenticated("the token is not valid (unknown or revoked)");
  }
  caller->staff = std::move(*staff);
  caller->remote_addr = req.remote_addr.empty() ? "unknown" : req.remote_addr;
  return Status::Ok();
}

void GetMe(const Caller& caller, httplib::Response& res) {
  json permissions = json::array();
  for (const PermissionRow& row : PermissionTable()) {
    if (RoleMay(caller.staff.role, row.permission)) permissions.push_back(row.name);
  }
  json body = StaffJson(caller.staff);
  body["permissions"] = permissions;
  SendJson(res, body);
}

void ListStaff(const RouteContext& context, httplib::Response& res) {
  std::vector<storage::StaffRecord> staff;
  if (Status s = context.store.ListStaff(&staff); !s.ok()) return SendError(res, s);
  json items = json::array();
  for (const auto& s : staff) items.push_back(StaffJson(s));
  SendJson(res, {{"staff", items}});
}

void CreateStaff(const RouteContext& context, const Caller& caller, const httplib::Request& req,
                 httplib::Response& res) {
  json body;
  storage::StaffRecord staff;
  Status s = ParseBody(req, &body);
  if (s.ok()) s = StringField(body, "name", &staff.name);
  if (s.ok()) s = StringField(body, "role", &staff.role);
  if (s.ok()) s = StringField(body, "title", &staff.title);
  if (s.ok()) s = StringField(body, "education", &staff.education);
  if (s.ok()) s = storage::ValidateStaff(staff);
  std::string token;
  if (s.ok()) s = GenerateStaffToken(&token);
  int64_t id = 0;
  const int64_t now = context.now_ms();
  if (s.ok()) s = context.store.AddStaff(staff, HashStaffToken(token), now, &id);
  if (s.ok())
    s = Audit(context, caller, "staff.create", "staff:" + std::to_string(id), std::nullopt);
  if (!s.ok()) return SendError(res, s);
  staff.id = id;
  staff.created_at_ms = now;
  staff.has_active_token = true;
  // The only time the token is shown.
  SendJson(res, {{"staff", StaffJson(staff)}, {"token", token}}, 201);
}

// The staff member of the path, or an answer already sent (404).
bool PathStaff(const RouteContext& context, const httplib::Request& req, httplib::Response& res,
               int64_t* id) {
  std::optional<storage::StaffRecord> staff;
  Status s = ParseId(req.matches[1], id) ? context.store.FindStaff(*id, &staff) : Status::Ok();
  if (s.ok() && !staff) s = Status::NotFound("no such staff member");
  if (!s.ok()) SendError(res, s);
  return s.ok();
}

void AddTraining(const RouteContext& context, const Caller& caller, const httplib::Request& req,
                 httplib::Response& res) {
  int64_t staff_id = 0;
  if (!PathStaff(context, req, res, &staff_id)) return;
  json body;
  storage::TrainingRecord t;
  t.staff_id = staff_id;
  t.created_at_ms = context.now_ms();
  Status s = ParseBody(req, &body);
  if (s.ok()) s = StringField(body, "date", &t.date);
  if (s.ok()) s = StringField(body, "topic", &t.topic);
  if (s.ok()) s = StringField(body, "kind", &t.kind);
  if (s.ok() && !(body.contains("hours") && body.at("hours").is_number())) {
    s = Status::InvalidArgument("hours: must be a number");
  }
  if (s.ok()) t.hours = body.at("hours").get<double>();
  if (s.ok()) s = context.store.AddTraining(t, &t.id);
  if (s.ok()) {
    s = Audit(context, caller, "training.create",
              "staff:" + std::to_string(staff_id) + "/training:" + std::to_string(t.id),
              std::nullopt);
  }
  if (!s.ok()) return SendError(res, s);
  SendJson(res, TrainingJson(t), 201);
}

void ListTraining(const RouteContext& context, const Caller& caller, const httplib::Request& req,
                  httplib::Response& res) {
  int64_t staff_id = 0;
  // Everyone may read their own training; anyone else's needs training.read. The
  // check comes before the lookup, so a 404 tells nothing to those not allowed.
  if (!(ParseId(req.matches[1], &staff_id) && staff_id == caller.staff.id) &&
      !RoleMay(caller.staff.role, Permission::kReadTraining)) {
    return SendError(
        res, Status::PermissionDenied("needs permission training.read (or your own staff id)"));
  }
  if (!PathStaff(context, req, res, &staff_id)) return;
  std::vector<storage::TrainingRecord> training;
  if (Status s = context.store.ListTraining(staff_id, &training); !s.ok()) return SendError(res, s);
  json items = json::array();
  double hours = 0;
  for (const auto& t : training) {
    items.push_back(TrainingJson(t));
    hours += t.hours;
  }
  SendJson(res, {{"staff_id", staff_id}, {"training", items}, {"total_hours", hours}});
}

// Every staff member's training in a period (?from=YYYY-MM-DD&to=YYYY-MM-DD, both optional).
void GetTrainingReport(const RouteContext& context, const httplib::Request& req, httplib::Response& res) {
  TrainingPeriod period;
  if (req.has_param("from")) period.from = req.get_param_value("from");
  if (req.has_param("to")) period.to = req.get_param_value("to");
  if (Status s = ValidateTrainingPeriod(period); !s.ok()) return SendError(res, s);
  TrainingReport report;
  if (Status s = BuildTrainingReport(context.store, period, &report); !s.ok()) return SendError(res, s);
  SendJson(res, TrainingReportJson(report));
}

// The audit log itself names no client's data, so reading it is not audited.
void ListAuditLog(const RouteContext& context, const httplib::Request& req,
                  httplib::Response& res) {
  size_t limit = 0;
  int64_t after = 0;
  if (Status s = ParsePage(req, &limit, &after); !s.ok()) return SendError(res, s);
  std::vector<storage::AuditEntry> entries;
  // One more than asked: whether a next page exists.
  if (Status s = context.store.ListAudit(after, limit + 1, &entries); !s.ok())
    return SendError(res, s);
  const bool more = entries.size() > limit;
  if (more) entries.pop_back();
  json items = json::array();
  for (const auto& e : entries) {
    items.push_back({{"id", e.id},
                     {"staff_id", e.staff_id ? json(*e.staff_id) : json(nullptr)},
                     {"action", e.action},
                     {"object", e.object},
                     {"client_id", e.client_id ? json(*e.client_id) : json(nullptr)},
                     {"remote_addr", e.remote_addr},
                     {"at_ms", e.at_ms}});
  }
  json body = {{"entries", items}};
  body["next_cursor"] = more ? json(std::to_string(entries.back().id)) : json(nullptr);
  SendJson(res, body);
}

}  // namespace

httplib::Server::Handler Guard(const RouteContext& context, Permission permission,
                               Handler handler) {
  return [&context, permission, handler](const httplib::Request& req, httplib::Response& res) {
    Caller caller;
    if (Status s = Authenticate(context, req, &caller); !s.ok()) {
      if (s.code() == Status::Code::kUnauthenticated) {
        res.set_header("WWW-Authenticate", "Bearer");
        // For whoever watches for token guessing; the token itself is never logged.
        LogInfo("admin_unauthenticated", {{"path", req.path}, {"remote_addr", req.remote_addr}});
      }
      return SendError(res, s);
    }
    if (!RoleMay(caller.staff.role, permission)) {
      LogInfo("admin_forbidden", {{"path", req.path},
                                  {"staff_id", std::to_string(caller.staff.id)},
                                  {"permission", PermissionName(permission)},
                                  {"remote_addr", caller.remote_addr}});
      return SendError(res, Status::PermissionDenied(std::string("needs permission ") +
                                                     PermissionName(permission)));
    }
    handler(caller, req, res);
  };
}

storage::AuditEntry AuditEntryFor(const RouteContext& context, const Caller& caller, const std::string& action,
                                  const std::string& object, std::optional<int64_t> client_id) {
  storage::AuditEntry e;
  e.staff_id = caller.staff.id;
  e.action = action;
  e.object = object;
  e.client_id = client_id;
  e.remote_addr = caller.remote_addr;
  e.at_ms = context.now_ms();
  return e;
}

Status Audit(const RouteContext& context, const Caller& caller, const std::string& action,
             const std::string& object, std::optional<int64_t> client_id) {
  Status s = context.store.AppendAudit(AuditEntryFor(context, caller, action, object, client_id), nullptr);
  if (!s.ok()) LogError("audit_failed", {{"action", action}, {"error", s.ToString()}});
  return s;
}

void SendJson(httplib::Response& res, const json& body, int status) {
  res.status = status;
  res.set_content(body.dump(), "application/json");
}

bool ParseId(const std::string& text, int64_t* id) {
  if (text.empty() || text.size() > 18 || text[0] == '0') return false;
  for (char c : text) {
    if (c < '0' || c > '9') return false;
  }
  *id = std::stoll(text);
  return true;
}

Status ParsePage(const httplib::Request& req, size_t* limit, int64_t* after) {
  constexpr int64_t kDefaultLimit = 50, kMaxLimit = 200;
  int64_t v = kDefaultLimit;
  if (req.has_param("limit") && (!ParseId(req.get_param_value("limit"), &v) || v > kMaxLimit)) {
    return Status::InvalidArgument("limit: must be an integer from 1 to 200");
  }
  *limit = static_cast<size_t>(v);
  *after = 0;
  if (req.has_param("cursor") && !ParseId(req.get_param_value("cursor"), after)) {
    return Status::InvalidArgument("cursor: must be the next_cursor of an earlier page");
  }
  return Status::Ok();
}

Status ParseBody(const httplib::Request& req, json* body) {
  *body = ParseJsonText(req.body);
  if (body->is_discarded() || !body->is_object()) {
    return Status::InvalidArgument("the body must be a JSON object");
  }
  return Status::Ok();
}

Status StringField(const json& body, const char* name, std::string* out) {
  if (!body.contains(name) || !body.at(name).is_string()) {
    return Status::InvalidArgument(std::string(name) + ": must be a string");
  }
  *out = body.at(name).get<std::string>();
  return Status::Ok();
}

}  // namespace admin

Status InstallAdminRoutes(httplib::Server& server, const RouteContext& context) {
  using namespace admin;
  const std::string p = kPrefix;
  const RouteContext& c = context;
  // The API's description is public: it holds no data, and tools read it unauthenticated.
  server.Get(p + "/openapi.yaml", [](const httplib::Request&, httplib::Response& res) {
    res.set_content(AdminOpenApiYaml(), "application/yaml");
  });
  server.Get(p + "/me", Guard(c, Permission::kReadSelf,
                              [](const Caller& who, const httplib::Request&,
                                 httplib::Response& res) { GetMe(who, res); }));
  server.Get(p + "/staff", Guard(c, Permission::kReadStaff,
                                 [&c](const Caller&, const httplib::Request&,
                                      httplib::Response& res) { ListStaff(c, res); }));
  server.Post(p + "/staff", Guard(c, Permission::kManageStaff,
                                  [&c](const Caller& who, const httplib::Request& req,
                                       httplib::Response& res) { CreateStaff(c, who, req, res); }));
  server.Post(p + R"(/staff/(\d+)/training)",
              Guard(c, Permission::kManageStaff,
                    [&c](const Caller& who, const httplib::Request& req, httplib::Response& res) {
                      AddTraining(c, who, req, res);
                    }));
  server.Get(p + R"(/staff/(\d+)/training)",
             Guard(c, Permission::kReadSelf,
                   [&c](const Caller& who, const httplib::Request& req, httplib::Response& res) {
                     ListTraining(c, who, req, res);
                   }));
  server.Get(p + "/training/report",
             Guard(c, Permission::kReadTraining,
                   [&c](const Caller&, const httplib::Request& req, httplib::Response& res) {
                     GetTrainingReport(c, req, res);
                   }));
  server.Get(p + "/audit", Guard(c, Permission::kReadAudit,
                                 [&c](const Caller&, const httplib::Request& req,
                                      httplib::Response& res) { ListAuditLog(c, req, res); }));
  InstallCaseRoutes(server, context);
  InstallCounselRoutes(server, context);
  InstallComplaintRoutes(server, context);
  InstallCaseAssignmentRoutes(server, context);
  InstallFeedbackStatsRoutes(server, context);
  InstallArchiveRoutes(server, context);
  InstallExportRoutes(server, context);
  InstallReportRoutes(server, context);
  return Status::Ok();
}

}  // namespace careerbot::bot
