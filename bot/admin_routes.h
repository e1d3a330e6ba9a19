// The admin API (/admin/api/v1/…, docs/admin-api.md and docs/admin-api.yaml):
// staff authenticate with a Bearer token (bot/admin_token.h), every route needs a
// permission of bot/permissions.h, and every read or change of a client's data is
// written to the audit log before the answer goes out (no audit entry, no data).
#pragma once

#include <httplib.h>

#include "base/status.h"

namespace careerbot::bot {

struct RouteContext;

Status InstallAdminRoutes(httplib::Server& server, const RouteContext& context);

// The OpenAPI document of the admin API, embedded from docs/admin-api.yaml at
// build time (admin_openapi.cpp.in).
const char* AdminOpenApiYaml();

}  // namespace careerbot::bot
