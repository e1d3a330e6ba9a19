// The report routes (docs/admin-api.md, "Reports"; docs/reports.md): staff draft,
// edit, read and finalize a client's report through the admin API, and the client
// reads a finalized version at GET /r/{token}. Every staff read or change is
// audited before the answer goes out; the public page is not staff access and
// writes no audit entry (nor logs the token).
#include "base/utf8.h"
#include "bot/admin_http.h"
#include "bot/admin_webhook.h"
#include "bot/admin_webhook_events.h"
#include "bot/log.h"
#include "bot/report_html.h"
#include "bot/report_routes.h"
#include "bot/report_service.h"
#include "bot/report_view.h"
#include "knowledge/knowledge_base.h"
#include "storage/store.h"

namespace careerbot::bot {
namespace {

using nlohmann::json;

// A report page holds personal data: never cached, never leaking its address in a
// Referer, never framed, and able to load nothing but its own inline style.
void SetPageHeaders(httplib::Response& res) {
  res.set_header("Cache-Control", "no-store");
  res.set_header("Referrer-Policy", "no-referrer");
  res.set_header("X-Content-Type-Options", "nosniff");
  res.set_header("X-Robots-Tag", "noindex, nofollow");
  res.set_header("Content-Security-Policy",
                 "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; "
                 "form-action 'none'; frame-ancestors 'none'");
}

void SendPage(httplib::Response& res, int status, const std::string& html) {
  SetPageHeaders(res);
  res.status = status;
  res.set_content(html, "text/html; charset=utf-8");
}

}  // namespace

namespace admin {
namespace {

ReportServices Services(const RouteContext& c) { return {c.store, *c.knowledge, c.config}; }

// The client of the path, or an answer already sent (404).
bool PathClient(const RouteContext& context, const httplib::Request& req, httplib::Response& res, int64_t* id) {
  std::vector<storage::ClientSummary> one;
  Status s = ParseId(req.matches[1], id) ? context.store.ListClients({*id - 1, 1}, &one) : Status::Ok();
  if (s.ok() && (one.empty() || one[0].client_id != *id)) s = Status::NotFound("no such case");
  if (!s.ok()) SendError(res, s);
  return s.ok();
}

// The version the path names ("draft" is 0) among the client's reports.
Status PathReport(const RouteContext& context, int64_t client_id, const std::string& ref,
                  storage::ReportRecord* out) {
  int64_t version = 0;
  if (ref != "draft" && !ParseId(ref, &version)) return Status::NotFound("no such report version");
  std::optional<storage::ReportRecord> found;
  if (version > 1000000) return Status::NotFound("no such report version");
  if (Status s = context.store.FindReport(client_id, static_cast<int>(version), &found); !s.ok()) return s;
  if (!found) return Status::NotFound(ref == "draft" ? "the case has no report draft" : "no such report version");
  *out = std::move(*found);
  return Status::Ok();
}

std::string Object(const std::string& ref) { return "report:" + ref; }

void ListReports(const RouteContext& c, const Caller& who, const httplib::Request& req, httplib::Response& res) {
  int64_t id = 0;
  if (!PathClient(c, req, res, &id)) return;
  std::vector<storage::ReportRecord> reports;
  Status s = c.store.ListReports(id, &reports);
  if (s.ok()) s = Audit(c, who, "reports.list", "reports", id);
  if (!s.ok()) return SendError(res, s);
  json items = json::array();
  for (const auto& r : reports) items.push_back(ReportSummaryJson(r));
  SendJson(res, {{"client_id", id}, {"reports", items}});
}

void Draft(const RouteContext& c, const Caller& who, const httplib::Request& req, httplib::Response& res) {
  int64_t id = 0;
  if (!PathClient(c, req, res, &id)) return;
  json body = json::object();
  Status s = req.body.empty() ? Status::Ok() : ParseBody(req, &body);
  std::optional<knowledge::Lang> lang;
  if (s.ok() && body.contains("lang")) {
    const json& l = body.at("lang");
    if (!l.is_string() || (l != "zh" && l != "en")) {
      s = Status::InvalidArgument("lang: must be zh or en");
    } else {
      lang = knowledge::ParseLang(l.get<std::string>());
    }
  }
  if (s.ok() && body.contains("replace") && !body.at("replace").is_boolean()) {
    s = Status::InvalidArgument("replace: must be true or false");
  }
  const bool replace = s.ok() && body.value("replace", false);
  storage::ReportRecord draft;
  if (s.ok()) s = DraftReport(Services(c), id, who.staff.id, lang, replace, c.now_ms(), &draft);
  if (s.code() == Status::Code::kAlreadyExists) {
    s = Status::AlreadyExists("the case has a report draft: edit it, or send {\"replace\": true} to draft it again");
  }
  if (s.ok()) s = Audit(c, who, "report.draft", Object("draft"), id);
  if (!s.ok()) return SendError(res, s);
  SendJson(res, ReportJson(draft), 201);
}

void Get(const RouteContext& c, const Caller& who, const httplib::Request& req, httplib::Response& res) {
  int64_t id = 0;
  if (!PathClient(c, req, res, &id)) return;
  storage::ReportRecord report;
  Status s = PathReport(c, id, req.matches[2], &report);
  if (s.ok()) s = Audit(c, who, "report.read", Object(req.matches[2]), id);
  if (!s.ok()) return SendError(res, s);
  SendJson(res, ReportJson(report));
}

void GetHtml(const RouteContext& c, const Caller& who, const httplib::Request& req, httplib::Response& res) {
  int64_t id = 0;
  if (!PathClient(c, req, res, &id)) return;
  storage::ReportRecord report;
  Status s = PathReport(c, id, req.matches[2], &report);
  if (s.ok()) s = Audit(c, who, "report.read", Object(std::string(req.matches[2]) + "/html"), id);
  if (!s.ok()) return SendError(res, s);
  SendPage(res, 200, RenderReportHtml(report, c.knowledge->report_texts));
}

void EditSection(const RouteContext& c, const Caller& who, const httplib::Request& req, httplib::Response& res) {
  int64_t id = 0;
  if (!PathClient(c, req, res, &id)) return;
  const std::string section = req.matches[2];
  json body;
  std::string markdown;
  Status s = ParseBody(req, &body);
  if (s.ok()) s = StringField(body, "markdown", &markdown);
  if (s.ok() && !IsValidUtf8(markdown)) s = Status::InvalidArgument("markdown: must be UTF-8");
  if (s.ok()) s = storage::ValidateReportMarkdown(markdown);
  if (s.ok()) s = c.store.EditReportSection(id, section, markdown, who.staff.id, c.now_ms());
  storage::ReportRecord draft;
  if (s.ok()) s = PathReport(c, id, "draft", &draft);
  if (s.ok()) s = Audit(c, who, "report.edit", Object("draft/section:" + section), id);
  if (!s.ok()) return SendError(res, s);
  SendJson(res, ReportJson(draft));
}

void Finalize(const RouteContext& c, const Caller& who, const httplib::Request& req, httplib::Response& res) {
  int64_t id = 0;
  if (!PathClient(c, req, res, &id)) return;
  ReportLink link;
  Status s = FinalizeReport(Services(c), id, who.staff.id, c.now_ms(), &link);
  if (s.ok()) s = Audit(c, who, "report.finalize", Object(std::to_string(link.version)), id);
  if (!s.ok()) return SendError(res, s);
  LogInfo("report_finalized", {{"client_id", std::to_string(id)}, {"version", std::to_string(link.version)}});
  // Counsellors' systems hear of it (report.finalized); the report is final either way.
  if (c.webhooks != nullptr) {
    size_t queued = 0;
    Status q = QueueAdminEvent(c.store, *c.webhooks, id, ReportFinalizedEvent(link.version, who.staff.id, c.now_ms()), &queued);
    if (!q.ok()) LogError("report_event_not_queued", {{"client_id", std::to_string(id)}, {"error", q.ToString()}});
    if (queued > 0 && c.wake_outbox) c.wake_outbox();
  }
  // Finalized either way; a client who cannot be told now is told by a new link later.
  bool pushed = false;
  Status told = TellReportReady(c, id, who.staff.id, link.version, link.url, &pushed);
  // The only answer that shows the link: the store keeps its hash.
  SendJson(res, {{"version", link.version}, {"url", link.url}, {"expires_at_ms", link.expires_at_ms},
                 {"client_told", told.ok() ? (pushed ? "queued" : "with_next_reply") : "not_told"}}, 201);
}

void NewLink(const RouteContext& c, const Caller& who, const httplib::Request& req, httplib::Response& res) {
  int64_t id = 0, version = 0;
  if (!PathClient(c, req, res, &id)) return;
  ReportLink link;
  // The audit entry is kept with the new link, in one transaction.
  Status s = ParseId(req.matches[2], &version) && version <= 1000000
                 ? RenewReportLink(Services(c), id, static_cast<int>(version), c.now_ms(),
                                   AuditEntryFor(c, who, "report.link", Object(std::to_string(version) + "/link"), id),
                                   &link)
                 : Status::NotFound("no such report version");
  if (!s.ok()) return SendError(res, s);
  bool pushed = false;
  Status told = TellReportReady(c, id, who.staff.id, link.version, link.url, &pushed);
  SendJson(res, {{"version", link.version}, {"url", link.url}, {"expires_at_ms", link.expires_at_ms},
                 {"client_told", told.ok() ? (pushed ? "queued" : "with_next_reply") : "not_told"}}, 201);
}

}  // namespace

void InstallReportRoutes(httplib::Server& server, const RouteContext& context) {
  if (!context.knowledge) return;
  const std::string p = "/admin/api/v1/cases/(\\d+)/reports";
  const RouteContext& c = context;
  auto route = [&c](void (*fn)(const RouteContext&, const Caller&, const httplib::Request&, httplib::Response&)) {
    return [&c, fn](const Caller& who, const httplib::Request& req, httplib::Response& res) { fn(c, who, req, res); };
  };
  server.Get(p, Guard(c, Permission::kReadCases, route(ListReports)));
  server.Post(p, Guard(c, Permission::kDraftReports, route(Draft)));
  server.Get(p + "/(draft|\\d+)", Guard(c, Permission::kReadCases, route(Get)));
  server.Get(p + "/(draft|\\d+)/html", Guard(c, Permission::kReadCases, route(GetHtml)));
  server.Put(p + "/draft/sections/([a-z_]{1,64})", Guard(c, Permission::kDraftReports, route(EditSection)));
  server.Post(p + "/draft/finalize", Guard(c, Permission::kFinalizeReports, route(Finalize)));
  server.Post(p + "/(\\d+)/link", Guard(c, Permission::kFinalizeReports, route(NewLink)));
}

}  // namespace admin

void InstallReportPageRoute(httplib::Server& server, const RouteContext& context) {
  const RouteContext& c = context;
  // Everything under /r/ answers here, so a malformed token gets the same page as
  // an unknown or expired one.
  server.Get(R"(/r/(.*))", [&c](const httplib::Request& req, httplib::Response& res) {
    std::optional<storage::ReportRecord> report;
    if (Status s = FindReportByLink(c.store, req.matches[1], c.now_ms(), &report); !s.ok()) {
      LogError("report_page_failed", {{"error", s.ToString()}});
      return SendPage(res, 503, ReportNotFoundHtml(c.knowledge->report_texts));
    }
    if (!report) return SendPage(res, 404, ReportNotFoundHtml(c.knowledge->report_texts));
    SendPage(res, 200, RenderReportHtml(*report, c.knowledge->report_texts));
  });
}

}  // namespace careerbot::bot
