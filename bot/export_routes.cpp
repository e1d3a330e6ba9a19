#include "bot/export_routes.h"

#include <chrono>

#include "bot/admin_http.h"
#include "bot/export_view.h"

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
