// The texts of the career-planning report (S-4.6.1): headings, labels and the
// pre-filled advice phrases, loaded from knowledge/data/report_texts.json (the
// TextCatalog format). Loading checks that every key the report uses exists with
// the placeholders it fills, so a typo stops start-up instead of reaching a client.
#pragma once

#include <string>

#include "base/status.h"
#include "knowledge/text_catalog.h"

namespace careerbot::knowledge {

struct ServiceFlow;

// The report's section ids, in reading order: a) basic information, b) assessment
// results, c) development advice in four parts (specification 4.6.1).
inline constexpr const char* kReportSections[] = {
    "basic_info",      "assessment_results", "career_positioning",
    "competence_plan", "development_path",   "training"};

// The intake fields the basic-information section shows, in order.
inline constexpr const char* kReportBasicFields[] = {
    "name",       "gender", "age",  "education", "major",       "status",         "years_experience",
    "occupation", "industry", "city", "goal",    "target_city", "target_industry"};

// Loads `path` and checks it holds every report key with its placeholders, and a
// development-path phrase for every goal choice of `flow`.
Status LoadReportTexts(const std::string& path, const ServiceFlow& flow, TextCatalog* out);

}  // namespace careerbot::knowledge
