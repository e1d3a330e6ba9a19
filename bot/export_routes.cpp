#include "bot/export_routes.h"

#include <chrono>

#include "bot/admin_http.h"
#include "bot/export_link.h"
#include "bot/export_view.h"
#include "bot/log.h"
#include "storage/store.h"

namespace careerbot::bot::admin {

void InstallExportRoutes(httplib::Server& server, const RouteContext& context) {
  const RouteContext& c = context;
  server.Get(R"(/admin/api/v1/clients/(\d+)/export)",
             Guard(c, Permission::kExportClients,
                   [&c](const Caller& caller, const httplib::Request& req, httplib::Response& res) {
                     int64_t id = 0;
                     if (!ParseId(req.matches[1], &id)) return SendError(res, Status::NotFound("no such client"));
                     const int64_t now = std::chrono::duration_cast<std::chrono::milliseconds>(
                                             std::chrono::system_clock::now().time_since_epoch())
                                             .count();
                     nlohmann::json body;
                     Status s = ClientExportJson(c.store, id, now, &body);
                     if (s.ok()) s = Audit(c, caller, "client.export", "client:" + std::to_string(id), id);
                     if (!s.ok()) return SendError(res, s);
                     res.set_header("Content-Disposition",
                                    "attachment; filename=\"client-" + std::to_string(id) + ".json\"");
                     SendJson(res, body);
                   }));
}

}  // namespace careerbot::bot::admin

namespace careerbot::bot {

void InstallExportLinkRoute(httplib::Server& server, const RouteContext& context) {
  const RouteContext& c = context;
  // Everything under /x/ answers here, so a malformed token is answered like an
  // unknown, expired or erased client's one. The token is never logged.
  server.Get(R"(/x/(.*))", [&c](const httplib::Request& req, httplib::Response& res) {
    // A copy of personal data: never cached, its address never sent on as a Referer.
    res.set_header("Cache-Control", "no-store");
    res.set_header("Referrer-Policy", "no-referrer");
    res.set_header("X-Content-Type-Options", "nosniff");
    res.set_header("X-Robots-Tag", "noindex, nofollow");
    const int64_t now = c.now_ms();
    std::optional<int64_t> client;
    Status s = FindExportLinkClient(c.store, req.matches[1], now, &client);
    if (s.ok() && !client) s = Status::NotFound("no such link: it is unknown, expired or its data was erased");
    nlohmann::json body;
    if (s.ok()) s = ClientExportJson(c.store, *client, now, &body);
    if (s.ok()) {
      storage::AuditEntry audit;
      audit.action = "export_link.download";
      audit.object = "export_link";
      audit.client_id = *client;
      audit.remote_addr = "client";
      audit.at_ms = now;
      s = c.store.AppendAudit(audit, nullptr);
    }
    if (!s.ok()) {
      if (s.code() != Status::Code::kNotFound) LogError("export_link_failed", {{"error", s.ToString()}});
      return SendError(res, s);
    }
    res.set_header("Content-Disposition", "attachment; filename=\"careerbot-my-data.json\"");
    admin::SendJson(res, body);
  });
}

}  // namespace careerbot::bot
