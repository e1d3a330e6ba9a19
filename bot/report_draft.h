// Drafting a client's career-planning report (specification 4.6.1, 5.5) from
// everything stored about them (bot/client_record_set.h) and the knowledge base:
//   basic_info          a) the intake profile and needs survey: age, education, experience …
//   assessment_results  b) each instrument's latest result: scores, ranges, percentiles
//                          where norms exist, bands; charts: a radar of the interest
//                          areas (RIASEC), bars for the other scales
//   career_positioning  c) the Holland code, what its highest area means, matched occupations
//   competence_plan        the suggestions of the interpretation bands, weakest scale first
//   development_path       near, medium and long term, from the client's goal and matches
//   training               training directions for the results and matched occupations
// Every word comes from knowledge/data (report_texts.json, texts.json, the
// interpretation, occupation and training files) in the report's language; the
// client's own answers are escaped so they read as text, never as Markdown.
// Pure: the same records and knowledge give the same draft.
#pragma once

#include "base/status.h"
#include "bot/client_record_set.h"
#include "knowledge/lang.h"
#include "storage/report_records.h"

namespace careerbot::knowledge {
struct KnowledgeBase;
}

namespace careerbot::bot {

// The language the client was served in, as their latest result records it; zh
// (the default language) when they have none.
knowledge::Lang ReportLang(const ClientRecordSet& records);

// Fills out->lang, sections (titles and Markdown) and charts_json; the caller
// sets the client, who drafted it and when. A stored result that no longer fits
// its instrument (or names one the knowledge base lacks) is left out.
void DraftReportContent(const knowledge::KnowledgeBase& kb, const ClientRecordSet& records,
                        knowledge::Lang lang, storage::ReportRecord* out);

}  // namespace careerbot::bot
