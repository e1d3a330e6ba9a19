#include "knowledge/result_texts.h"

#include <utility>
#include <vector>

namespace careerbot::knowledge {
namespace {

// key → the placeholders result_format.cpp, validity.cpp, occupations.cpp and
// training.cpp fill.
const std::vector<std::pair<std::string, std::vector<std::string>>>& ResultTextKeys() {
  static const std::vector<std::pair<std::string, std::vector<std::string>>> keys = {
      {"summary.header", {"instrument", "version"}},
      {"summary.form", {"form"}},
      {"summary.form_with_note", {"form", "note"}},
      {"summary.norm_group", {"group", "group_id"}},
      {"summary.norm_caveat", {"caveat"}},
      {"summary.norms_full_form_only", {}},
      {"summary.no_norms", {}},
      {"summary.scale_name", {"code", "name"}},
      {"summary.scale_total", {"scale"}},
      {"summary.scale_unscored", {"answered", "items", "scale"}},
      {"summary.scale_scored", {"max", "mean", "min", "raw", "scale"}},
      {"summary.scale_norm", {"percentile", "t"}},
      {"summary.scale_band", {"band"}},
      {"summary.scale_caveat", {"caveat"}},
      {"summary.incomplete", {}},
      {"summary.flat_profile", {}},
      {"summary.holland_code", {"code"}},
      {"summary.tie.holland", {"a", "b"}},
      {"summary.tie.scale_order", {"a", "b"}},
      {"summary.ranking_flat", {}},
      {"summary.ranking", {"ranking"}},
      {"summary.ranking_separator", {}},
      {"summary.validity.ok", {}},
      {"summary.validity.needs_checking", {}},
      {"summary.validity.flagged", {"message"}},
      {"summary.validity.checked", {"message"}},
      {"summary.band.heading", {"band", "scale"}},
      {"summary.band.strengths", {"text"}},
      {"summary.band.watch_outs", {"text"}},
      {"summary.band.suggestions", {"text"}},
      {"summary.translation", {"status"}},
      {"summary.source", {"source"}},
      {"result_json.no_norms", {}},
      {"result_json.full_form_only", {}},
      {"validity.straight_lining.undefined", {}},
      {"validity.straight_lining.all_same", {"answer", "answered"}},
      {"validity.straight_lining.flagged", {"limit", "run"}},
      {"validity.straight_lining.ok", {"run"}},
      {"validity.too_fast.undefined", {}},
      {"validity.too_fast.too_few_times", {}},
      {"validity.too_fast.flagged", {"limit", "median"}},
      {"validity.too_fast.ok", {"median"}},
      {"validity.inconsistency.undefined", {}},
      {"validity.inconsistency.unanswered", {}},
      {"validity.inconsistency.flagged", {"differing", "pairs", "points"}},
      {"validity.inconsistency.ok", {"differing", "pairs", "points"}},
      {"match.why", {"letters", "r", "values", "zone", "zone_label"}},
      {"match.why.shared", {"interest_code", "occupation_code", "shared"}},
      {"match.why.none_shared", {"interest_code", "occupation_code"}},
      {"match.why.values", {"r"}},
      {"training.reason.scale", {"band", "scale"}},
      {"training.reason.occupation", {"title"}},
      {"training.reason.interest_letters", {"letters"}},
  };
  return keys;
}

}  // namespace

Status LoadResultTexts(const std::string& path, TextCatalog* out) {
  TextCatalog texts;
  if (Status s = TextCatalog::LoadFile(path, &texts); !s.ok()) return s;
  for (const auto& [key, names] : ResultTextKeys()) {
    if (Status s = texts.RequirePlaceholders(key, names); !s.ok()) return s;
  }
  *out = std::move(texts);
  return Status::Ok();
}

}  // namespace careerbot::knowledge
