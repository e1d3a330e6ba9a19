// A report as the admin API and the client's data export show it (docs/admin-api.yaml,
// ReportSummary and Report).
#pragma once

#include <nlohmann/json.hpp>

#include "storage/report_records.h"

namespace careerbot::bot {

// version, status (draft | final), lang, who drafted and finalized it and when,
// the link's expiry: no content.
nlohmann::json ReportSummaryJson(const storage::ReportRecord& report);
// The summary plus client_id, the sections and the charts.
nlohmann::json ReportJson(const storage::ReportRecord& report);

}  // namespace careerbot::bot
