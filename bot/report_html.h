// The report as one self-contained HTML page (GET /r/{token}, and the admin API's
// HTML of any version): UTF-8, the lang attribute of the report's language, its
// sections' Markdown rendered safely (bot/report_markdown.h), the charts as inline
// SVG after the assessment results' heading, a style sheet for screen and print,
// and nothing else: no script, no external resource.
#pragma once

#include <string>

#include "storage/report_records.h"

namespace careerbot::knowledge {
class TextCatalog;
}

namespace careerbot::bot {

// The page of a report version (a draft says so under the title).
std::string RenderReportHtml(const storage::ReportRecord& report, const knowledge::TextCatalog& texts);

// The page for a link that is unknown, malformed or expired: the same for all
// three, in both languages (who asks is not known), telling nothing else.
std::string ReportNotFoundHtml(const knowledge::TextCatalog& texts);

// YYYY-MM-DD of at_ms in China Standard Time (UTC+8), as reports date things.
std::string ReportDate(int64_t at_ms);

}  // namespace careerbot::bot
