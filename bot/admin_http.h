// Private to the admin routes (admin_routes.cpp, admin_case_routes.cpp): the
// authenticated caller, the guard that checks token and permission, the audit
// helper and small request parsers.
#pragma once

#include <httplib.h>

#include <cstdint>
#include <functional>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "base/status.h"
#include "bot/permissions.h"
#include "bot/routes.h"
#include "storage/staff_records.h"

namespace careerbot::bot::admin {

struct Caller {
  storage::StaffRecord staff;
  std::string remote_addr;
};

using Handler = std::function<void(const Caller&, const httplib::Request&, httplib::Response&)>;

// Answers 401 without a valid token and 403 when the caller's role lacks
// `permission`; otherwise runs `handler`.
httplib::Server::Handler Guard(const RouteContext& context, Permission permission, Handler handler);

// Writes one audit entry for the caller (docs/admin-api.md, "Audit").
Status Audit(const RouteContext& context, const Caller& caller, const std::string& action,
             const std::string& object, std::optional<int64_t> client_id);

void SendJson(httplib::Response& res, const nlohmann::json& body, int status = 200);

// A positive decimal id of at most 18 digits; false otherwise.
bool ParseId(const std::string& text, int64_t* id);

// The page parameters of a list: limit (1..200, 50 when absent) and cursor (the
// next_cursor of the page before: a positive id; 0 when absent).
Status ParsePage(const httplib::Request& req, size_t* limit, int64_t* after);

// Parses a JSON object body; InvalidArgument naming what is wrong.
Status ParseBody(const httplib::Request& req, nlohmann::json* body);
// A string member; InvalidArgument "NAME: must be a string" when absent or not one.
Status StringField(const nlohmann::json& body, const char* name, std::string* out);

// Installs the case, hand-off, complaint and feedback routes (admin_case_routes.cpp).
void InstallCaseRoutes(httplib::Server& server, const RouteContext& context);
// Installs the counsellors' actions in a conversation (admin_counsel_routes.cpp).
void InstallCounselRoutes(httplib::Server& server, const RouteContext& context);

}  // namespace careerbot::bot::admin
