// GET /admin/api/v1/clients/{id}/export: everything stored about one client
// (bot/export_view.h), for professional staff (clients.export), audit-logged as
// "client.export" before it answers. The client's own link to the same document,
// GET /x/{token}, is InstallExportLinkRoute (routes.h).
#pragma once

#include <httplib.h>

#include "bot/routes.h"

namespace careerbot::bot::admin {

void InstallExportRoutes(httplib::Server& server, const RouteContext& context);

}  // namespace careerbot::bot::admin
