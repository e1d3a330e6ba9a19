#include "knowledge/report_texts.h"

#include <utility>
#include <vector>

#include "knowledge/service_flow.h"

namespace careerbot::knowledge {

Status LoadReportTexts(const std::string& path, const ServiceFlow& flow, TextCatalog* out) {
  TextCatalog texts;
  if (Status s = TextCatalog::LoadFile(path, &texts); !s.ok()) return s;
  // key → the placeholders bot/report_draft.cpp and bot/report_html.cpp fill.
  std::vector<std::pair<std::string, std::vector<std::string>>> keys = {
      {"report.title", {}},
      {"report.subtitle.final", {"date", "version"}},
      {"report.subtitle.draft", {}},
      {"report.footer", {}},
      {"report.not_found.title", {}},
      {"report.not_found.text", {}},
      {"report.field.line", {"label", "value"}},
      {"report.value.age", {"n"}},
      {"report.value.years", {"n"}},
      {"report.basic.none", {}},
      {"report.results.none", {}},
      {"report.results.scale", {"max", "min", "scale", "score"}},
      {"report.results.percentile", {"group", "percentile"}},
      {"report.results.band", {"band"}},
      {"report.results.unscored", {"scale"}},
      {"report.results.holland", {"code"}},
      {"report.results.flat", {}},
      {"report.results.no_norms", {}},
      {"report.results.flagged", {}},
      {"report.chart.radar", {"instrument"}},
      {"report.chart.bars", {"instrument"}},
      {"report.chart.percentile", {"percentile"}},
      {"report.positioning.code", {"code", "meaning", "scale"}},
      {"report.positioning.matches", {}},
      {"report.positioning.occupation", {"group", "title", "zone"}},
      {"report.positioning.none", {}},
      {"report.positioning.no_matches", {}},
      {"report.competence.intro", {}},
      {"report.competence.item", {"band", "scale", "suggestions"}},
      {"report.competence.none", {}},
      {"report.path.short_term", {"text"}},
      {"report.path.mid_term", {"occupations"}},
      {"report.path.mid_term_open", {}},
      {"report.path.long_term", {}},
      {"report.path.list_separator", {}},
      {"report.training.item", {"description", "format", "name", "reason"}},
      {"report.training.none", {}},
      {"report.source", {"source"}},
  };
  for (const char* section : kReportSections) keys.push_back({std::string("report.section.") + section, {}});
  for (const char* field : kReportBasicFields) keys.push_back({std::string("report.field.") + field, {}});
  if (const IntakeField* goal = flow.FindField("goal")) {
    for (const ChoiceOption& c : goal->choices) keys.push_back({"report.path.goal." + c.id, {}});
  }
  for (const auto& [key, names] : keys) {
    if (Status s = texts.RequirePlaceholders(key, names); !s.ok()) return s;
  }
  *out = std::move(texts);
  return Status::Ok();
}

}  // namespace careerbot::knowledge
