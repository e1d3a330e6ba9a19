// Results as text and JSON. The few fixed phrases are here rather than in
// texts.json because they are part of how a score is reported (with the numbers
// they frame), and the CLI must print them without the dialog's catalogue.
#include "knowledge/result_format.h"

#include <nlohmann/json.hpp>

#include "knowledge/validity.h"

namespace careerbot::knowledge {
namespace {

using nlohmann::json;

std::string T(Lang lang, const char* zh, const char* en) { return lang == Lang::kEn ? en : zh; }

std::string Letters(const std::vector<std::string>& ids, const char* sep) {
  std::string out;
  for (const std::string& id : ids) out += (out.empty() ? "" : sep) + id;
  return out;
}

std::string ScaleName(const Instrument& in, const std::string& id, Lang lang) {
  const Scale* s = in.FindScale(id);
  return (s ? s->name.in(lang) : id) + " (" + id + ")";
}

std::string ScaleLine(const Instrument& in, const ScaleScore& s, Lang lang) {
  std::string line = ScaleName(in, s.scale, lang) + (lang == Lang::kEn ? ": " : "：");
  if (s.derived) line = (lang == Lang::kEn ? "[total] " : "[总分] ") + line;
  if (!s.scored) {
    return line + (lang == Lang::kEn ? "not scored (" + std::to_string(s.answered) + " of " +
                                           std::to_string(s.items) + " items answered; no imputation)"
                                     : "未计分（" + std::to_string(s.items) + " 题中答了 " +
                                           std::to_string(s.answered) + " 题，不做插补）");
  }
  const std::string range = std::to_string(s.min) + "–" + std::to_string(s.max);
  if (lang == Lang::kEn) {
    line += "raw " + std::to_string(s.raw) + " (" + range + "), mean " + FormatNumber(s.mean, 2);
    if (s.norm) line += ", percentile " + FormatNumber(s.norm->percentile, 1) + ", T " + FormatNumber(s.norm->t, 1);
  } else {
    line += "原始分 " + std::to_string(s.raw) + "（" + range + "），均分 " + FormatNumber(s.mean, 2);
    if (s.norm) line += "，百分位 " + FormatNumber(s.norm->percentile, 1) + "，T 分 " + FormatNumber(s.norm->t, 1);
  }
  if (const LocalizedText* band = in.interpretation.BandLabel(s.band)) line += " · " + band->in(lang);
  return line;
}

std::string TieText(const std::vector<std::pair<std::string, std::string>>& ties, Lang lang,
                    const std::string& order) {
  std::string out;
  for (const auto& [a, b] : ties) {
    out += "\n" + (lang == Lang::kEn ? "  " + a + " and " + b + " scored the same; their order was set by " + order + "."
                                     : "  " + a + " 与 " + b + " 得分相同，先后按" + order + "确定。");
  }
  return out;
}

json ValidityJson(const InstrumentResult& r, Lang lang) {
  json out = json::array();
  for (const ValidityCheck& c : r.validity) {
    json v = {{"rule", c.rule}, {"checked", c.checked}, {"flagged", c.flagged}, {"message", c.message.in(lang)}};
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

std::string FormatResultText(const Instrument& in, const InstrumentResult& r, Lang lang,
                             const FormatOptions& options) {
  const bool en = lang == Lang::kEn;
  std::string text = in.name.in(lang) + (en ? " · version " : " · 版本 ") + r.version;
  if (const Form* form = in.FindForm(r.form)) {
    text += "\n" + T(lang, "版本形式：", "Form: ") + form->name.in(lang);
    if (form->note) text += " — " + form->note->in(lang);
  }
  if (r.has_norms) {
    text += "\n" + T(lang, "常模组：", "Norm group: ") + r.norm_group_label.in(lang) + " [" + r.norm_group + "]";
    if (r.norm_caveat) text += "\n  " + r.norm_caveat->in(lang);
  } else if (!in.norms.empty() && r.form != "full") {
    text += "\n" + T(lang, "常模只适用于完整版，此处仅报告原始分和个人剖面。",
                     "Norms apply to the full form only: raw scores and the client's own profile.");
  } else {
    text += "\n" + T(lang, "常模：本量表暂无常模，仅报告原始分和个人剖面（各维度由高到低的排序）。",
                     "Norms: none yet for this instrument: raw scores and the client's own profile "
                     "(the scales ranked) only.");
  }
  bool complete = true;
  for (const ScaleScore& s : r.scales) {
    if (s.items == 0) continue;  // outside the form
    complete = complete && s.scored;
    text += "\n" + ScaleLine(in, s, lang);
    const Scale* scale = in.FindScale(s.scale);
    if (scale && scale->caveat) text += "\n  " + T(lang, "注意：", "Note: ") + scale->caveat->in(lang);
  }
  if (!complete) {
    text += "\n" + T(lang, "有的维度存在未作答题目，未计分（不做插补）。",
                     "Some scales have unanswered items and are not scored (no imputation).");
  }
  if (in.profile == "holland" && complete) {
    if (r.flat_profile) {
      text += "\n" + T(lang, "六个类型得分完全相同，剖面平坦，无法得出霍兰德代码；建议与咨询师一起讨论兴趣。",
                       "All six areas scored the same: the profile is flat and gives no Holland code; "
                       "talk interests through with a counsellor.");
    } else {
      text += "\n" + T(lang, "霍兰德代码：", "Holland code: ") + r.holland_code;
      text += TieText(r.ties, lang, en ? "the tie-break R>I>A>S>E>C" : " R>I>A>S>E>C 的顺序");
    }
  }
  // With norms the scores speak for themselves; without, the client's own ranking is
  // what can be read (an ipsative profile).
  if (!r.ranking.empty() && !r.has_norms && !r.flat_profile) {
    if (r.ranking_flat) {
      text += "\n" + T(lang, "各维度得分相同，无法从剖面中看出相对高低。",
                       "All ranked scales scored the same: the profile shows no relative strengths.");
    } else {
      text += "\n" + T(lang, "个人剖面（由高到低）：", "Own profile, highest first: ") + Letters(r.ranking, " > ");
      if (in.profile != "holland") text += TieText(r.ranking_ties, lang, en ? "the instrument's scale order" : "量表维度顺序");
    }
  }
  text += "\n" + T(lang, "作答有效性：", "Validity: ") +
          (r.valid() ? T(lang, "未发现问题。", "no problem found.") : T(lang, "需要核实（见下）。", "needs checking (see below)."));
  for (const ValidityCheck& c : r.validity) {
    if (c.checked || c.flagged) text += "\n  " + std::string(c.flagged ? "! " : "- ") + c.message.in(lang);
  }
  if (options.interpretation) {
    for (const ScaleScore& s : r.scales) {
      const BandText* t = InterpretScale(in, s);
      if (!t) continue;
      text += "\n\n" + ScaleName(in, s.scale, lang) + " · " + in.interpretation.BandLabel(s.band)->in(lang);
      text += "\n" + t->meaning.in(lang);
      text += "\n" + T(lang, "优势：", "Strengths: ") + t->strengths.in(lang);
      text += "\n" + T(lang, "留意：", "Watch out: ") + t->watch_outs.in(lang);
      text += "\n" + T(lang, "建议：", "Suggestions: ") + t->suggestions.in(lang);
    }
  }
  if (options.attribution) {
    text += "\n" + T(lang, "译本状态：", "Translation: ") + in.translation_status;
    text += "\n" + T(lang, "来源：", "Source: ") + in.attribution.in(lang);
  }
  return text;
}

std::string ResultToJson(const Instrument& in, const InstrumentResult& r, Lang lang, bool with_interpretation) {
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
              {"validity", ValidityJson(r, lang)},
              {"valid", r.valid()},
              {"translation_status", in.translation_status},
              {"attribution", in.attribution.in(lang)}};
  if (!r.has_norms) {
    doc["norms_note"] = in.norms.empty() ? T(lang, "本量表暂无常模：仅报告原始分和个人剖面。",
                                             "No norms yet for this instrument: raw scores and own profile only.")
                                         : T(lang, "常模只适用于完整版。", "Norms apply to the full form only.");
  }
  if (in.profile == "holland") {
    doc["holland_code"] = r.holland_code;
    doc["flat_profile"] = r.flat_profile;
    doc["ties"] = ties;
  }
  return doc.dump(2);
}

}  // namespace careerbot::knowledge
