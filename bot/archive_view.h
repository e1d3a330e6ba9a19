// A case's archive as JSON, the same for `careerbot archive list NUMBER` and
// GET /admin/api/v1/archives/{number} (docs/admin-api.md, docs/operations.md).
#pragma once

#include <nlohmann/json.hpp>
#include <string>

#include "base/status.h"

namespace careerbot::storage {
class Store;
}

namespace careerbot::bot {

// {"number", "client_id", "category", "year", "seq", "opened_at_ms",
//  "documents": [{"kind", "reference", "filed_at_ms"}, …]}; NotFound for an
// unknown number.
Status ArchiveJson(storage::Store& store, const std::string& number, nlohmann::json* out);

}  // namespace careerbot::bot
