#include <set>

#include "storage/field_cipher.h"
#include "storage/report_records.h"

namespace careerbot::storage {

Status ValidateReportMarkdown(const std::string& markdown) {
  // A sealed value was checked as plaintext by the encrypting store (encrypted_store.h).
  if (!IsSealedValue(markdown) && markdown.size() > kMaxReportMarkdown) {
    return Status::InvalidArgument("markdown: at most " + std::to_string(kMaxReportMarkdown) +
                                   " bytes");
  }
  return Status::Ok();
}

Status ValidateReportDraft(const ReportRecord& r) {
  if (r.client_id <= 0) return Status::InvalidArgument("report: client_id must be positive");
  if (r.lang != "zh" && r.lang != "en") return Status::InvalidArgument("report: lang must be zh or en");
  if (r.drafted_by <= 0) return Status::InvalidArgument("report: drafted_by must be a staff id");
  if (r.charts_json.size() < 2 || r.charts_json.front() != '[' || r.charts_json.back() != ']') {
    return Status::InvalidArgument("report: charts must be a JSON array");
  }
  if (r.sections.empty()) return Status::InvalidArgument("report: at least one section");
  std::set<std::string> ids;
  for (const ReportSection& s : r.sections) {
    if (s.id.empty() || s.id.size() > 64 || !ids.insert(s.id).second) {
      return Status::InvalidArgument("report: section ids must be 1-64 bytes and unique (" + s.id + ")");
    }
    if (s.title.empty() || s.title.size() > 200) {
      return Status::InvalidArgument("report: section " + s.id + ": title must be 1-200 bytes");
    }
    if (Status st = ValidateReportMarkdown(s.markdown); !st.ok()) {
      return Status::InvalidArgument("report: section " + s.id + ": " + st.message());
    }
  }
  return Status::Ok();
}

}  // namespace careerbot::storage
