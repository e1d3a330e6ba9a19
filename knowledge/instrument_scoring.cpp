// ScoreInstrument: raw sums per scale and, for RIASEC instruments, the Holland code.
//
// The instrument comes from the loader, so its items name known scales and, for
// profile "holland", its scales are R I A S E C in that order; the checks here
// guard only what a caller can get wrong (the answers).
#include <algorithm>
#include <string>
#include <vector>

#include "knowledge/instrument.h"

namespace careerbot::knowledge {
namespace {

constexpr size_t kHollandLetters = 3;

std::string ResponseValues(const Instrument& instrument) {
  std::string out;
  for (const ResponseOption& o : instrument.response_scale) {
    out += (out.empty() ? "" : ", ") + std::to_string(o.value);
  }
  return out;
}

bool OnResponseScale(const Instrument& instrument, int value) {
  for (const ResponseOption& o : instrument.response_scale) {
    if (o.value == value) return true;
  }
  return false;
}

// Fills holland_code, flat_profile and ties from scored scales in R I A S E C order.
void HollandCode(InstrumentResult* result) {
  const std::vector<ScaleScore>& scales = result->scales;
  // stable_sort keeps equal raws in scale order: the R>I>A>S>E>C tie-break.
  std::vector<size_t> rank(scales.size());
  for (size_t i = 0; i < rank.size(); ++i) rank[i] = i;
  std::stable_sort(rank.begin(), rank.end(),
                   [&](size_t a, size_t b) { return scales[a].raw > scales[b].raw; });
  if (scales[rank.front()].raw == scales[rank.back()].raw) {
    result->flat_profile = true;  // no letter stands out: not interpretable
    return;
  }
  for (size_t p = 0; p < kHollandLetters && p < rank.size(); ++p) {
    result->holland_code += scales[rank[p]].scale;
    // A letter equal to the next ranked one (the 3rd against the 4th included)
    // owes its place to the tie-break: the report should say so.
    if (p + 1 < rank.size() && scales[rank[p]].raw == scales[rank[p + 1]].raw) {
      result->ties.emplace_back(scales[rank[p]].scale, scales[rank[p + 1]].scale);
    }
  }
}

}  // namespace

Status ScoreInstrument(const Instrument& instrument, const std::vector<int>& answers,
                       InstrumentResult* out) {
  if (instrument.response_scale.empty() || instrument.scales.empty()) {
    return Status::InvalidArgument(instrument.id +
                                   ": not a loaded instrument (no response scale "
                                   "or no scales)");
  }
  if (answers.size() != instrument.items.size()) {
    return Status::InvalidArgument(instrument.id + ": " + std::to_string(answers.size()) +
                                   " answers for " + std::to_string(instrument.items.size()) +
                                   " items");
  }
  InstrumentResult result;
  result.instrument = instrument.id;
  result.version = instrument.version;
  for (const Scale& scale : instrument.scales) {
    ScaleScore score;
    score.scale = scale.id;
    result.scales.push_back(std::move(score));
  }

  const int reverse_base = instrument.min_value() + instrument.max_value();
  for (size_t i = 0; i < instrument.items.size(); ++i) {
    const Item& item = instrument.items[i];
    auto score = std::find_if(result.scales.begin(), result.scales.end(),
                              [&](const ScaleScore& s) { return s.scale == item.scale; });
    if (score == result.scales.end()) {
      return Status::InvalidArgument(instrument.id + ": item " + item.id + ": unknown scale \"" +
                                     item.scale + "\"");
    }
    ++score->items;
    const int answer = answers[i];
    if (answer == 0) continue;
    if (!OnResponseScale(instrument, answer)) {
      return Status::InvalidArgument(instrument.id + ": item " + item.id + ": answer " +
                                     std::to_string(answer) + " is not on the response scale (" +
                                     ResponseValues(instrument) + "; 0 = unanswered)");
    }
    ++score->answered;
    score->raw += item.keyed < 0 ? reverse_base - answer : answer;
  }

  bool all_scored = true;
  for (ScaleScore& score : result.scales) {
    score.scored = score.items > 0 && score.answered == score.items;
    if (score.scored) {
      score.mean = static_cast<double>(score.raw) / score.items;
    } else {
      score.raw = 0;  // no imputation, and no partial sum that could pass for a score
      all_scored = false;
    }
  }
  if (instrument.profile == "holland" && all_scored) HollandCode(&result);
  *out = std::move(result);
  return Status::Ok();
}

}  // namespace careerbot::knowledge
