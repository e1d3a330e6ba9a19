#include "bot/report_view.h"

namespace careerbot::bot {
namespace {

using nlohmann::json;

json OptionalId(const std::optional<int64_t>& v) { return v ? json(*v) : json(nullptr); }

}  // namespace

json ReportSummaryJson(const storage::ReportRecord& r) {
  return {{"version", r.version},
          {"status", r.final() ? "final" : "draft"},
          {"lang", r.lang},
          {"drafted_by", r.drafted_by},
          {"drafted_at_ms", r.drafted_at_ms},
          {"finalized_by", OptionalId(r.finalized_by)},
          {"finalized_at_ms", r.final() ? json(r.finalized_at_ms) : json(nullptr)},
          {"link_expires_at_ms", OptionalId(r.link_expires_at_ms)}};
}

json ReportJson(const storage::ReportRecord& r) {
  json doc = ReportSummaryJson(r);
  doc["client_id"] = r.client_id;
  doc["sections"] = json::array();
  for (const auto& s : r.sections) {
    doc["sections"].push_back({{"id", s.id},
                               {"title", s.title},
                               {"markdown", s.markdown},
                               {"edited_by", OptionalId(s.edited_by)},
                               {"edited_at_ms", s.edited_by ? json(s.edited_at_ms) : json(nullptr)}});
  }
  json charts = json::parse(r.charts_json, nullptr, false);
  doc["charts"] = charts.is_array() ? charts : json::array();
  return doc;
}

}  // namespace careerbot::bot
