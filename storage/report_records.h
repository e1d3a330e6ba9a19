// A client's career-planning report (specification 4.6.1, 5.5): Markdown sections
// drafted from the client's records, edited by counsellors, and frozen as
// numbered versions when a professional finalizes them. Plain structs and the
// checks both stores apply before writing, so a refused record is refused the
// same way everywhere.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "base/status.h"

namespace careerbot::storage {

struct ReportSection {
  std::string id;        // "basic_info", "assessment_results", …: unique in a report
  std::string title;     // in the report's language
  std::string markdown;  // at most kMaxReportMarkdown bytes
  std::optional<int64_t> edited_by;  // the staff member who changed it last; nullopt: as drafted
  int64_t edited_at_ms = 0;          // 0 when never edited
};

// One report of a client: the draft (version 0; at most one per client) or a
// finalized version (1, 2, … per client, never changed again).
struct ReportRecord {
  int64_t client_id = 0;
  int version = 0;
  std::string lang;         // "zh" | "en": the language the client reads
  std::string charts_json;  // the charts drafted from the data (bot/report_draft.h), a JSON array
  std::vector<ReportSection> sections;  // in reading order
  int64_t drafted_by = 0;   // staff id
  int64_t drafted_at_ms = 0;
  std::optional<int64_t> finalized_by;  // staff id; set for versions >= 1
  int64_t finalized_at_ms = 0;
  // When the link the client reads a finalized version by stops working (a
  // personal link of purpose "report", storage/link_records.h); nullopt when the
  // version has none. Filled by reads; writes ignore it.
  std::optional<int64_t> link_expires_at_ms;

  bool final() const { return version > 0; }
};

inline constexpr size_t kMaxReportMarkdown = 100000;

// InvalidArgument naming the field: client id not positive, lang not zh or en,
// no sections, a section id empty, longer than 64 bytes or repeated, a title
// empty or longer than 200 bytes, Markdown longer than kMaxReportMarkdown, charts
// not a JSON-looking array ("[" … "]"), drafted_by not positive.
Status ValidateReportDraft(const ReportRecord& draft);
Status ValidateReportMarkdown(const std::string& markdown);

}  // namespace careerbot::storage
