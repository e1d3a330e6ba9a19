// Everything stored about one client as one JSON document (the client's right
// to a copy of their data): the same for `careerbot export` and
// GET /admin/api/v1/clients/{id}/export (docs/operations.md, docs/admin-api.md).
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>

#include "base/status.h"

namespace careerbot::storage {
class Store;
}

namespace careerbot::bot {

// {"export": "careerbot.client", "version": 1, "exported_at_ms", then the case
// document of GET /cases/{id} (profile, consents, needs surveys, plans, results,
// feedback, complaints, hand-offs, the journal as "messages"), "answers" (every
// item answer) and "archive" (its number and filed documents, or null)}.
// NotFound for an unknown client id.
Status ClientExportJson(storage::Store& store, int64_t client_id, int64_t now_ms, nlohmann::json* out);

}  // namespace careerbot::bot
