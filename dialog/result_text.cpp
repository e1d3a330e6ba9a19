#include "dialog/result_text.h"

#include <stdexcept>

#include "knowledge/knowledge_base.h"
#include "knowledge/result_format.h"
#include "knowledge/validity.h"

namespace careerbot::dialog {
namespace {

using knowledge::Instrument;
using knowledge::InstrumentResult;

std::string ScaleName(const ServiceMachine& m, const Instrument& instrument, const std::string& id) {
  const knowledge::Scale* scale = instrument.FindScale(id);
  return scale ? scale->name.in(m.lang()) : id;
}

std::string ScaleLine(const ServiceMachine& m, const Instrument& instrument, const knowledge::ScaleScore& s) {
  if (!s.scored) return m.Text("result.scale_unscored", {{"scale", ScaleName(m, instrument, s.scale)}, {"code", s.scale}});
  std::string line = m.Text("result.scale_line", {{"scale", ScaleName(m, instrument, s.scale)},
                                                  {"code", s.scale},
                                                  {"raw", std::to_string(s.raw)},
                                                  {"min", std::to_string(s.min)},
                                                  {"max", std::to_string(s.max)}});
  if (s.norm) {
    line += m.Text("result.scale_norm", {{"percentile", knowledge::FormatNumber(s.norm->percentile, 0)},
                                         {"t", knowledge::FormatNumber(s.norm->t, 1)}});
  }
  if (const knowledge::LocalizedText* band = instrument.interpretation.BandLabel(s.band)) {
    line += m.Text("result.scale_band", {{"band", band->in(m.lang())}});
  }
  return line;
}

std::string Listed(const ServiceMachine& m, const Instrument& instrument, const std::vector<std::string>& ids) {
  std::string out;
  const std::string separator = m.Text("list.separator");
  for (const auto& id : ids) out += (out.empty() ? "" : separator) + ScaleName(m, instrument, id);
  return out;
}

// The result as the client reads it: a line per scale (raw score and range,
// percentile and T-score where norms exist, the band), then what the profile
// says (the Holland code, or the client's own ranking), the norm group or the
// absence of norms, what the highest scale means, and any validity flag.
void SayResult(const ServiceMachine& m, const Instrument& instrument, const InstrumentResult& result) {
  std::string text = m.Text("result.header", {{"instrument", instrument.name.in(m.lang())}});
  bool complete = true;
  for (const auto& score : result.scales) {
    complete = complete && score.scored;
    text += "\n" + ScaleLine(m, instrument, score);
  }
  if (instrument.profile == "holland" && complete) {
    if (result.flat_profile) {
      text += "\n" + m.Text("result.flat");
    } else {
      text += "\n" + m.Text("result.code", {{"code", result.holland_code}});
      for (const auto& [a, b] : result.ties) text += "\n" + m.Text("result.tie", {{"a", a}, {"b", b}});
    }
  } else if (!result.ranking.empty() && !result.ranking_flat) {
    text += "\n" + m.Text("result.ranking", {{"ranking", Listed(m, instrument, result.ranking)}});
  }
  if (result.has_norms) {
    text += "\n" + m.Text("result.norm_group", {{"group", result.norm_group_label.in(m.lang())}});
    if (result.norm_caveat) text += " " + result.norm_caveat->in(m.lang());
  } else {
    text += "\n" + m.Text("result.no_norms");
  }
  if (!result.ranking.empty() && !result.flat_profile && !result.ranking_flat) {
    if (const knowledge::ScaleScore* top = result.Find(result.ranking.front())) {
      if (const knowledge::BandText* band = knowledge::InterpretScale(instrument, *top)) {
        text += "\n" + m.Text("result.highlight", {{"scale", ScaleName(m, instrument, top->scale)},
                                                    {"meaning", band->meaning.in(m.lang())}});
      }
    }
  }
  for (const auto& check : result.validity) {
    if (!check.flagged) continue;
    text += "\n" + m.Text("result.validity." + check.rule, {{"value", knowledge::FormatNumber(check.value, 1)},
                                                            {"threshold", knowledge::FormatNumber(check.threshold, 1)}});
  }
  m.SayText(std::move(text));
}

// How long each item took: from the moment it was shown (the previous answer, or
// the start of the instrument) to its answer. Unknown (negative) when either is missing.
std::vector<double> AnswerSeconds(const SessionContext& ctx) {
  std::vector<double> shown, answered;
  double previous = static_cast<double>(ctx.started_at_ms) / 1000.0;
  for (int64_t at : ctx.answered_at_ms) {
    shown.push_back(previous);
    answered.push_back(static_cast<double>(at) / 1000.0);
    if (at > 0) previous = static_cast<double>(at) / 1000.0;
  }
  return knowledge::DurationsFromTimestamps(shown, answered);
}

}  // namespace

void ScoreAndTell(const ServiceMachine& m, const Instrument& instrument) {
  const SessionContext& ctx = m.ctx();
  knowledge::ScoreOptions options;
  options.seconds = AnswerSeconds(ctx);
  options.lang = m.lang();
  InstrumentResult result;
  if (Status s = knowledge::ScoreInstrument(instrument, ctx.answers, options, &result); !s.ok()) {
    throw std::runtime_error("scoring failed: " + s.ToString());  // answers were validated one by one
  }
  SayResult(m, instrument, result);
  m.Record(AssessmentCompleted{
      instrument.id, instrument.version, ctx.attempt,
      knowledge::ResultToJson(instrument, result, m.kb().result_texts, m.lang())});
}

}  // namespace careerbot::dialog
