// Results as text and JSON. Every phrase is a text of result_texts.json (summary.*,
// result_json.*); this file picks the texts, fills their numbers and joins the lines.
#include "knowledge/result_format.h"

#include <nlohmann/json.hpp>

#include "knowledge/validity.h"

namespace careerbot::knowledge {
namespace {

using nlohmann::json;

// Renders the result texts in one language: the formatter's only way to words.
class Words {
 public:
  Words(const TextCatalog& texts, Lang lang) : texts_(texts), lang_(lang) {}
  std::string operator()(std::string_view key, const TextParams& params = {}) const {
    return texts_.Render(key, lang_, params);
  }
  std::string operator()(const TextRef& text) const { return texts_.Render(text, lang_); }
  Lang lang() const { return lang_; }

 private:
  const TextCatalog& texts_;
  Lang lang_;
};

std::string Joined(const std::vector<std::string>& ids, const std::string& separator) {
  std::string out;
  for (const std::string& id : ids) out += (out.empty() ? "" : separator) + id;
  return out;
}

std::string ScaleName(const Instrument& in, const std::string& id, const Words& w) {
  const Scale* s = in.FindScale(id);
  return w("summary.scale_name", {{"name", s ? s->name.in(w.lang()) : id}, {"code", id}});
}

std::string ScaleLine(const Instrument& in, const ScaleScore& s, const Words& w) {
  std::string name = ScaleName(in, s.scale, w);
  if (s.derived) name = w("summary.scale_total", {{"scale", name}});
  if (!s.scored) {
    return w("summary.scale_unscored", {{"scale", name},
                                        {"items", std::to_string(s.items)},
                                        {"answered", std::to_string(s.answered)}});
  }
  std::string line = w("summary.scale_scored", {{"scale", name},
                                                {"raw", std::to_string(s.raw)},
                                                {"min", std::to_string(s.min)},
                                                {"max", std::to_string(s.max)},
                                                {"mean", FormatNumber(s.mean, 2)}});
  if (s.norm) {
    line += w("summary.scale_norm", {{"percentile", FormatNumber(s.norm->percentile, 1)},
                                     {"t", FormatNumber(s.norm->t, 1)}});
  }
  if (const LocalizedText* band = in.interpretation.BandLabel(s.band)) {
    line += w("summary.scale_band", {{"band", band->in(w.lang())}});
  }
  return line;
}

// One line per tie, `key` saying how the order between the two was set.
std::string TieText(const std::vector<std::pair<std::string, std::string>>& ties, const Words& w,
                    std::string_view key) {
  std::string out;
  for (const auto& [a, b] : ties) out += "\n" + w(key, {{"a", a}, {"b", b}});
  return out;
}

json ValidityJson(const InstrumentResult& r, const Words& w) {
  json out = json::array();
  for (const ValidityCheck& c : r.validity) {
    json v = {{"rule", c.rule},
              {"checked", c.checked},
              {"flagged", c.flagged},
              {"message", w(c.message)}};
    v["value"] = c.checked ? json(c.value) : json(nullptr);
    v["threshold"] = c.checked ? json(c.threshold) : json(nullptr);
    out.push_back(std::move(v));
  }
  return out;
}

json TextsJson(const BandText& t, Lang lang) {
  return {{"meaning", t.meaning.in(lang)},
          {"strengths", t.strengths.in(lang)},
          {"watch_outs", t.watch_outs.in(lang)},
          {"suggestions", t.suggestions.in(lang)}};
}

}  // namespace

const BandText* InterpretScale(const Instrument& instrument, const ScaleScore& score) {
  if (score.band.empty()) return nullptr;
  return instrument.interpretation.Find(score.scale, score.band);
}

std::string FormatResultText(const Instrument& in, const InstrumentResult& r,
                             const TextCatalog& texts, Lang lang, const FormatOptions& options) {
  const Words w(texts, lang);
  std::string text =
      w("summary.header", {{"instrument", in.name.in(lang)}, {"version", r.version}});
  if (const Form* form = in.FindForm(r.form)) {
    text += "\n" + (form->note ? w("summary.form_with_note",
                                   {{"form", form->name.in(lang)}, {"note", form->note->in(lang)}})
                               : w("summary.form", {{"form", form->name.in(lang)}}));
  }
  if (r.has_norms) {
    text += "\n" + w("summary.norm_group",
                     {{"group", r.norm_group_label.in(lang)}, {"group_id", r.norm_group}});
    if (r.norm_caveat)
      text += "\n" + w("summary.norm_caveat", {{"caveat", r.norm_caveat->in(lang)}});
  } else if (!in.norms.empty() && r.form != "full") {
    text += "\n" + w("summary.norms_full_form_only");
  } else {
    text += "\n" + w("summary.no_norms");
  }
  bool complete = true;
  for (const ScaleScore& s : r.scales) {
    if (s.items == 0) continue;  // outside the form
    complete = complete && s.scored;
    text += "\n" + ScaleLine(in, s, w);
    const Scale* scale = in.FindScale(s.scale);
    if (scale && scale->caveat)
      text += "\n" + w("summary.scale_caveat", {{"caveat", scale->caveat->in(lang)}});
  }
  if (!complete) text += "\n" + w("summary.incomplete");
  if (in.profile == "holland" && complete) {
    if (r.flat_profile) {
      text += "\n" + w("summary.flat_profile");
    } else {
      text += "\n" + w("summary.holland_code", {{"code", r.holland_code}});
      text += TieText(r.ties, w, "summary.tie.holland");
    }
  }
  // With norms the scores speak for themselves; without, the client's own ranking is
  // what can be read (an ipsative profile).
  if (!r.ranking.empty() && !r.has_norms && !r.flat_profile) {
    if (r.ranking_flat) {
      text += "\n" + w("summary.ranking_flat");
    } else {
      text += "\n" + w("summary.ranking",
                       {{"ranking", Joined(r.ranking, w("summary.ranking_separator"))}});
      if (in.profile != "holland") text += TieText(r.ranking_ties, w, "summary.tie.scale_order");
    }
  }
  text += "\n" + w(r.valid() ? "summary.validity.ok" : "summary.validity.needs_checking");
  for (const ValidityCheck& c : r.validity) {
    if (c.checked || c.flagged) {
      text += "\n" + w(c.flagged ? "summary.validity.flagged" : "summary.validity.checked",
                       {{"message", w(c.message)}});
    }
  }
  if (options.interpretation) {
    for (const ScaleScore& s : r.scales) {
      const BandText* t = InterpretScale(in, s);
      if (!t) continue;
      text += "\n\n" +
              w("summary.band.heading", {{"scale", ScaleName(in, s.scale, w)},
                                         {"band", in.interpretation.BandLabel(s.band)->in(lang)}});
      text += "\n" + t->meaning.in(lang);
      text += "\n" + w("summary.band.strengths", {{"text", t->strengths.in(lang)}});
      text += "\n" + w("summary.band.watch_outs", {{"text", t->watch_outs.in(lang)}});
      text += "\n" + w("summary.band.suggestions", {{"text", t->suggestions.in(lang)}});
    }
  }
  if (options.attribution) {
    text += "\n" + w("summary.translation", {{"status", in.translation_status}});
    text += "\n" + w("summary.source", {{"source", in.attribution.in(lang)}});
  }
  return text;
}

std::string ResultToJson(const Instrument& in, const InstrumentResult& r, const TextCatalog& texts,
                         Lang lang, bool with_interpretation) {
  const Words w(texts, lang);
  json scales = json::array();
  for (const ScaleScore& s : r.scales) {
    if (s.items == 0) continue;
    const Scale* scale = in.FindScale(s.scale);
    json j = {{"scale", s.scale},       {"name", scale ? scale->name.in(lang) : s.scale},
              {"derived", s.derived},   {"method", scale ? scale->method : "sum"},
              {"items", s.items},       {"answered", s.answered},
              {"scored", s.scored},     {"raw", s.raw},
              {"mean", s.mean},         {"score", s.score},
              {"min", s.min},           {"max", s.max}};
    j["percentile"] = s.norm ? json(s.norm->percentile) : json(nullptr);
    j["t"] = s.norm ? json(s.norm->t) : json(nullptr);
    j["band"] = s.band.empty() ? json(nullptr) : json(s.band);
    const LocalizedText* label = in.interpretation.BandLabel(s.band);
    j["band_label"] = label ? json(label->in(lang)) : json(nullptr);
    if (scale && scale->caveat) j["caveat"] = scale->caveat->in(lang);
    if (with_interpretation) {
      const BandText* t = InterpretScale(in, s);
      j["interpretation"] = t ? TextsJson(*t, lang) : json(nullptr);
    }
    scales.push_back(std::move(j));
  }
  json ties = json::array(), ranking_ties = json::array();
  for (const auto& [a, b] : r.ties) ties.push_back({a, b});
  for (const auto& [a, b] : r.ranking_ties) ranking_ties.push_back({a, b});
  json norms = nullptr;
  if (r.has_norms) {
    norms = {{"group", r.norm_group}, {"label", r.norm_group_label.in(lang)}};
    norms["caveat"] = r.norm_caveat ? json(r.norm_caveat->in(lang)) : json(nullptr);
  }
  json doc = {{"instrument", r.instrument},
              {"version", r.version},
              {"name", in.name.in(lang)},
              {"language", LangCode(lang)},
              {"form", r.form},
              {"scales", scales},
              {"norms", norms},
              {"ranking", r.ranking},
              {"ranking_ties", ranking_ties},
              {"ranking_flat", r.ranking_flat},
              {"validity", ValidityJson(r, w)},
              {"valid", r.valid()},
              {"translation_status", in.translation_status},
              {"attribution", in.attribution.in(lang)}};
  if (!r.has_norms) {
    doc["norms_note"] = w(in.norms.empty() ? "result_json.no_norms" : "result_json.full_form_only");
  }
  if (in.profile == "holland") {
    doc["holland_code"] = r.holland_code;
    doc["flat_profile"] = r.flat_profile;
    doc["ties"] = ties;
  }
  return doc.dump(2);
}

}  // namespace careerbot::knowledge
