#include "bot/export_view.h"

#include "bot/admin_case.h"
#include "bot/archive_view.h"
#include "bot/report_view.h"
#include "storage/store.h"

namespace careerbot::bot {

Status ClientExportJson(storage::Store& store, int64_t client_id, int64_t now_ms, nlohmann::json* out) {
  std::vector<storage::ClientSummary> one;
  Status s = client_id > 0 ? store.ListClients({client_id - 1, 1}, &one) : Status::Ok();
  if (s.ok() && (one.empty() || one[0].client_id != client_id)) s = Status::NotFound("no such client");
  nlohmann::json detail;
  if (s.ok()) s = CaseDetailJson(store, one[0], &detail);
  std::vector<storage::AnswerRecord> answers;
  if (s.ok()) s = store.ListAnswers(client_id, &answers);
  std::vector<storage::ReportRecord> reports;
  if (s.ok()) s = store.ListReports(client_id, &reports);
  std::optional<storage::ArchiveRecord> archive;
  if (s.ok()) s = store.FindArchive(client_id, &archive);
  nlohmann::json archive_json = nullptr;
  if (s.ok() && archive) s = ArchiveJson(store, archive->number, &archive_json);
  if (!s.ok()) return s;
  nlohmann::json doc = {{"export", "careerbot.client"}, {"version", 1}, {"exported_at_ms", now_ms}};
  doc.update(detail);
  doc.erase("answers_count");
  doc["answers"] = nlohmann::json::array();
  for (const auto& a : answers) {
    doc["answers"].push_back({{"instrument", a.instrument},
                              {"attempt", a.attempt},
                              {"item", a.item},
                              {"value", a.value},
                              {"answered_at_ms", a.answered_at_ms}});
  }
  // The case lists the reports' versions; the copy holds them whole.
  doc["reports"] = nlohmann::json::array();
  for (const auto& r : reports) {
    std::optional<storage::ReportRecord> whole;
    if (Status rs = store.FindReport(client_id, r.version, &whole); !rs.ok()) return rs;
    if (whole) doc["reports"].push_back(ReportJson(*whole));
  }
  doc["archive"] = archive_json;
  *out = std::move(doc);
  return Status::Ok();
}

}  // namespace careerbot::bot
