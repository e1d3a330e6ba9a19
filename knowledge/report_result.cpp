#include "knowledge/report_result.h"

#include <nlohmann/json.hpp>

namespace careerbot::knowledge {

Status ResultFromJson(const Instrument& instrument, const std::string& json_text, InstrumentResult* out) {
  using nlohmann::json;
  const json doc = json::parse(json_text, nullptr, false);
  const std::string what = "result of " + instrument.id + ": ";
  if (!doc.is_object() || doc.value("instrument", "") != instrument.id) {
    return Status::InvalidArgument(what + "not a result document of this instrument");
  }
  InstrumentResult r;
  try {
    r.instrument = instrument.id;
    r.version = doc.value("version", "");
    r.form = doc.value("form", "full");
    for (const json& s : doc.at("scales")) {
      ScaleScore score;
      score.scale = s.at("scale").get<std::string>();
      if (!instrument.FindScale(score.scale)) return Status::InvalidArgument(what + "unknown scale " + score.scale);
      score.scored = s.at("scored").get<bool>();
      score.items = s.at("items").get<int>();
      score.answered = s.at("answered").get<int>();
      score.raw = s.at("raw").get<int>();
      score.mean = s.at("mean").get<double>();
      score.score = s.at("score").get<double>();
      score.min = s.at("min").get<int>();
      score.max = s.at("max").get<int>();
      score.derived = s.value("derived", false);
      if (s.contains("percentile") && s.at("percentile").is_number()) {
        score.norm = NormScore{s.at("percentile").get<double>(), s.value("t", 0.0)};
      }
      if (s.contains("band") && s.at("band").is_string()) score.band = s.at("band").get<std::string>();
      r.scales.push_back(std::move(score));
    }
    r.holland_code = doc.value("holland_code", "");
    r.flat_profile = doc.value("flat_profile", false);
    if (doc.contains("ranking")) r.ranking = doc.at("ranking").get<std::vector<std::string>>();
    r.ranking_flat = doc.value("ranking_flat", false);
    if (doc.contains("norms") && doc.at("norms").is_object()) {
      r.has_norms = true;
      r.norm_group = doc.at("norms").value("group", "");
      for (const NormGroupRef& g : instrument.norm_groups) {
        if (g.id == r.norm_group) {
          r.norm_group_label = g.label;
          r.norm_caveat = g.caveat;
        }
      }
    }
    if (doc.contains("validity") && doc.at("validity").is_array()) {
      for (const json& v : doc.at("validity")) {
        if (!v.is_object()) continue;
        ValidityCheck check;
        check.rule = v.value("rule", "");
        check.checked = v.value("checked", false);
        check.flagged = v.value("flagged", false);
        r.validity.push_back(std::move(check));
      }
    }
  } catch (const json::exception& e) {
    return Status::InvalidArgument(what + e.what());
  }
  *out = std::move(r);
  return Status::Ok();
}

}  // namespace careerbot::knowledge
