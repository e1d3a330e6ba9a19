// Private to bot/: the admin API's report routes (report_routes.cpp), installed by
// InstallAdminRoutes; the public page route is InstallReportPageRoute (routes.h).
#pragma once

#include <httplib.h>

namespace careerbot::bot {
struct RouteContext;
namespace admin {

// Nothing is installed without context.knowledge.
void InstallReportRoutes(httplib::Server& server, const RouteContext& context);

}  // namespace admin
}  // namespace careerbot::bot
