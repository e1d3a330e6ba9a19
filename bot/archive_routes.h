// GET /admin/api/v1/archives/{number}: a case's archive and its filed documents
// (S-3.5.2), for professional staff (archives.read), audit-logged as
// "archive.read" before it answers.
#pragma once

#include <httplib.h>

#include "bot/routes.h"

namespace careerbot::bot::admin {

void InstallArchiveRoutes(httplib::Server& server, const RouteContext& context);

}  // namespace careerbot::bot::admin
