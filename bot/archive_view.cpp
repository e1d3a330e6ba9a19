#include "bot/archive_view.h"

#include "storage/store.h"

namespace careerbot::bot {

Status ArchiveJson(storage::Store& store, const std::string& number, nlohmann::json* out) {
  std::optional<storage::ArchiveRecord> archive;
  Status s = store.FindArchiveByNumber(number, &archive);
  if (s.ok() && !archive) s = Status::NotFound("no archive " + number);
  std::vector<storage::ArchiveDocument> docs;
  if (s.ok()) s = store.ListArchiveDocuments(number, &docs);
  if (!s.ok()) return s;
  nlohmann::json documents = nlohmann::json::array();
  for (const auto& d : docs) {
    documents.push_back({{"kind", d.kind}, {"reference", d.reference}, {"filed_at_ms", d.filed_at_ms}});
  }
  *out = {{"number", archive->number},     {"client_id", archive->client_id},
          {"category", archive->category}, {"year", archive->year},
          {"seq", archive->seq},           {"opened_at_ms", archive->opened_at_ms},
          {"documents", documents}};
  return Status::Ok();
}

}  // namespace careerbot::bot
