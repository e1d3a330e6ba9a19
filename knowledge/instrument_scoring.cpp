// ScoreInstrument: keyed scores per scale (derived totals included), the Holland
// code for RIASEC instruments, the client's own ranking, norms, bands and validity.
//
// The instrument comes from the loader, so its items name known scales and, for
// profile "holland", its scales are R I A S E C in that order; the checks here
// guard only what a caller can get wrong (answers, form, timings, norm group).
#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

#include "knowledge/instrument.h"
#include "knowledge/validity.h"

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

// The client's own profile: ranked by mean (scales may have different numbers of
// items, as the work values do), equal means in the instrument's order.
void Ranking(const Instrument& instrument, InstrumentResult* result) {
  std::vector<const ScaleScore*> ranked;
  for (const std::string& id : instrument.ranked) {
    const ScaleScore* s = result->Find(id);
    if (s->items == 0) continue;  // not in the form given
    if (!s->scored) return;        // no ranking from a partial sheet
    ranked.push_back(s);
  }
  if (ranked.size() < 2) return;
  std::stable_sort(ranked.begin(), ranked.end(),
                   [](const ScaleScore* a, const ScaleScore* b) { return a->mean > b->mean; });
  for (size_t i = 0; i < ranked.size(); ++i) {
    result->ranking.push_back(ranked[i]->scale);
    if (i + 1 < ranked.size() && ranked[i]->mean == ranked[i + 1]->mean) {
      result->ranking_ties.emplace_back(ranked[i]->scale, ranked[i + 1]->scale);
    }
  }
  result->ranking_flat = ranked.front()->mean == ranked.back()->mean;
}

std::string Band(const Instrument& instrument, const ScaleScore& score) {
  if (!score.scored || instrument.bands.empty()) return "";
  double value = score.mean;
  if (instrument.band_basis == "t") {
    if (!score.norm) return "";  // no norm group: a T-band cannot be told
    value = score.norm->t;
  }
  for (const BandCut& cut : instrument.bands) {
    if (!cut.below || value < *cut.below) return cut.id;
  }
  return instrument.bands.back().id;
}

Status CheckOptions(const Instrument& instrument, const std::vector<int>& answers,
                    const ScoreOptions& options, std::vector<bool>* given) {
  if (instrument.response_scale.empty() || instrument.scales.empty()) {
    return Status::InvalidArgument(instrument.id + ": not a loaded instrument (no response scale or no scales)");
  }
  if (answers.size() != instrument.items.size()) {
    return Status::InvalidArgument(instrument.id + ": " + std::to_string(answers.size()) + " answers for " +
                                   std::to_string(instrument.items.size()) + " items");
  }
  if (!options.seconds.empty() && options.seconds.size() != instrument.items.size()) {
    return Status::InvalidArgument(instrument.id + ": " + std::to_string(options.seconds.size()) +
                                   " answer times for " + std::to_string(instrument.items.size()) + " items");
  }
  given->assign(instrument.items.size(), true);
  if (options.form != "full") {
    const Form* form = instrument.FindForm(options.form);
    if (!form) return Status::InvalidArgument(instrument.id + ": no form \"" + options.form + "\"");
    given->assign(instrument.items.size(), false);
    for (size_t i = 0; i < instrument.items.size(); ++i) {
      for (const std::string& id : form->items) {
        if (instrument.items[i].id == id) (*given)[i] = true;
      }
    }
  }
  if (!options.norm_group.empty()) {
    bool known = false;
    for (const NormGroupRef& g : instrument.norm_groups) known = known || g.id == options.norm_group;
    if (!known) {
      return Status::InvalidArgument(instrument.id + ": no norm group \"" + options.norm_group + "\"");
    }
  }
  for (size_t i = 0; i < answers.size(); ++i) {
    const Item& item = instrument.items[i];
    if (answers[i] == 0) continue;
    if (!(*given)[i]) {
      return Status::InvalidArgument(instrument.id + ": item " + item.id + " is not in form " + options.form +
                                     ": its answer must be 0");
    }
    if (!OnResponseScale(instrument, answers[i])) {
      return Status::InvalidArgument(instrument.id + ": item " + item.id + ": answer " +
                                     std::to_string(answers[i]) + " is not on the response scale (" +
                                     ResponseValues(instrument) + "; 0 = unanswered)");
    }
  }
  return Status::Ok();
}

void ApplyNorms(const Instrument& instrument, const ScoreOptions& options, InstrumentResult* result) {
  // Norms were computed on the full item set; a short form's sums are not on their scale.
  if (instrument.norms.empty() || options.form != "full") return;
  const std::string group = ChooseNormGroup(instrument, options.lang, options.region, options.norm_group);
  if (group.empty()) return;
  for (const NormGroupRef& g : instrument.norm_groups) {
    if (g.id != group) continue;
    result->has_norms = true;
    result->norm_group = g.id;
    result->norm_group_label = g.label;
    result->norm_caveat = g.caveat;
  }
  for (ScaleScore& s : result->scales) {
    const NormRecord* record = instrument.norms.Find(group, s.scale);
    if (!s.scored || !record) continue;
    s.norm = NormScore{PercentileRank(*record, s.raw), TScore(*record, s.raw)};
  }
}

}  // namespace

bool InstrumentResult::valid() const {
  for (const ValidityCheck& c : validity) {
    if (c.flagged) return false;
  }
  return true;
}

const ScaleScore* InstrumentResult::Find(std::string_view scale) const {
  for (const ScaleScore& s : scales) {
    if (s.scale == scale) return &s;
  }
  return nullptr;
}

std::string ChooseNormGroup(const Instrument& instrument, std::optional<Lang> lang, const std::string& region,
                            const std::string& explicit_group) {
  if (instrument.norm_groups.empty()) return "";
  if (!explicit_group.empty()) return explicit_group;
  if (!region.empty()) {
    for (const NormGroupRef& g : instrument.norm_groups) {
      for (const std::string& r : g.regions) {
        if (r == region) return g.id;
      }
    }
  }
  if (lang) {
    for (const NormGroupRef& g : instrument.norm_groups) {
      for (Lang l : g.languages) {
        if (l == *lang) return g.id;
      }
    }
  }
  for (const NormGroupRef& g : instrument.norm_groups) {
    if (g.is_default) return g.id;
  }
  return "";
}

std::vector<double> DurationsFromTimestamps(const std::vector<double>& shown_at,
                                            const std::vector<double>& answered_at) {
  std::vector<double> out(std::max(shown_at.size(), answered_at.size()), -1.0);
  for (size_t i = 0; i < out.size(); ++i) {
    if (i < shown_at.size() && i < answered_at.size() && shown_at[i] > 0 && answered_at[i] >= shown_at[i]) {
      out[i] = answered_at[i] - shown_at[i];
    }
  }
  return out;
}

Status ScoreInstrument(const Instrument& instrument, const std::vector<int>& answers,
                       InstrumentResult* out) {
  return ScoreInstrument(instrument, answers, ScoreOptions{}, out);
}

Status ScoreInstrument(const Instrument& instrument, const std::vector<int>& answers,
                       const ScoreOptions& options, InstrumentResult* out) {
  std::vector<bool> given;
  if (Status s = CheckOptions(instrument, answers, options, &given); !s.ok()) return s;
  InstrumentResult result;
  result.instrument = instrument.id;
  result.version = instrument.version;
  result.form = options.form;

  bool all_scored = true;
  for (const Scale& scale : instrument.scales) {
    ScaleScore score;
    score.scale = scale.id;
    score.derived = scale.derived();
    for (size_t i : instrument.ItemsOf(scale.id)) {
      if (!given[i]) continue;
      ++score.items;
      if (answers[i] == 0) continue;
      ++score.answered;
      score.raw += KeyedScore(instrument, instrument.items[i], answers[i]);
    }
    score.min = score.items * instrument.min_score();
    score.max = score.items * instrument.max_score();
    score.scored = score.items > 0 && score.answered == score.items;
    if (score.scored) {
      score.mean = static_cast<double>(score.raw) / score.items;
      score.score = scale.method == "mean" ? score.mean : score.raw;
    } else {
      score.raw = 0;  // no imputation, and no partial sum that could pass for a score
      all_scored = all_scored && score.items == 0;
    }
    result.scales.push_back(std::move(score));
  }
  if (instrument.profile == "holland" && all_scored) HollandCode(&result);
  Ranking(instrument, &result);
  ApplyNorms(instrument, options, &result);
  for (ScaleScore& s : result.scales) s.band = Band(instrument, s);
  result.validity = CheckValidity(instrument, answers, given, options.seconds);
  *out = std::move(result);
  return Status::Ok();
}

}  // namespace careerbot::knowledge
