#include "dialog/result_text.h"

#include <nlohmann/json.hpp>

#include "knowledge/knowledge_base.h"

namespace careerbot::dialog {

void SayResult(const ServiceMachine& m, const knowledge::Instrument& instrument,
               const knowledge::InstrumentResult& result) {
  std::string text = m.Text("result.header", {{"instrument", instrument.name.in(m.lang())}});
  bool complete = true;
  for (const auto& score : result.scales) {
    const knowledge::Scale* scale = instrument.FindScale(score.scale);
    complete = complete && score.scored;
    const int max = score.items * instrument.max_value();
    text += "\n" + m.Text("result.scale_line", {{"scale", scale->name.in(m.lang())},
                                                 {"code", score.scale},
                                                 {"raw", std::to_string(score.raw)},
                                                 {"max", std::to_string(max)}});
  }
  if (instrument.profile == "holland" && complete) {
    if (result.flat_profile) {
      text += "\n" + m.Text("result.flat");
    } else {
      text += "\n" + m.Text("result.code", {{"code", result.holland_code}});
      for (const auto& [a, b] : result.ties) {
        text += "\n" + m.Text("result.tie", {{"a", a}, {"b", b}});
      }
    }
  }
  m.SayWithChoices(std::move(text), {});
  m.Say("result.counsellor");
}

std::string ResultJson(const knowledge::InstrumentResult& result) {
  nlohmann::json scales = nlohmann::json::array();
  for (const auto& s : result.scales) {
    scales.push_back({{"scale", s.scale}, {"raw", s.raw}, {"mean", s.mean}, {"scored", s.scored}});
  }
  nlohmann::json ties = nlohmann::json::array();
  for (const auto& [a, b] : result.ties) ties.push_back({a, b});
  return nlohmann::json{{"instrument", result.instrument},
                        {"version", result.version},
                        {"scales", scales},
                        {"holland_code", result.holland_code},
                        {"flat_profile", result.flat_profile},
                        {"ties", ties}}
      .dump();
}

}  // namespace careerbot::dialog
