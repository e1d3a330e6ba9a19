#include "bot/archive_routes.h"

#include "bot/admin_http.h"
#include "bot/archive_view.h"

namespace careerbot::bot::admin {

void InstallArchiveRoutes(httplib::Server& server, const RouteContext& context) {
  const RouteContext& c = context;
  // Numbers are letters, digits and '-' in every format archive.format allows
  // around them; anything else cannot name an archive.
  server.Get(R"(/admin/api/v1/archives/([A-Za-z0-9_.-]{1,64}))",
             Guard(c, Permission::kReadArchives,
                   [&c](const Caller& caller, const httplib::Request& req, httplib::Response& res) {
                     const std::string number = req.matches[1];
                     nlohmann::json body;
                     Status s = ArchiveJson(c.store, number, &body);
                     // Written before the data goes out, as every admin read.
                     if (s.ok()) {
                       s = Audit(c, caller, "archive.read", "archive:" + number,
                                 body.at("client_id").get<int64_t>());
                     }
                     if (!s.ok()) return SendError(res, s);
                     SendJson(res, body);
                   }));
}

}  // namespace careerbot::bot::admin
