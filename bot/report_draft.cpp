#include "bot/report_draft.h"

#include <algorithm>
#include <charconv>
#include <map>
#include <nlohmann/json.hpp>

#include "bot/report_markdown.h"
#include "bot/report_svg.h"
#include "knowledge/knowledge_base.h"
#include "knowledge/report_result.h"
#include "knowledge/report_texts.h"
#include "knowledge/result_format.h"
#include "knowledge/validity.h"

namespace careerbot::bot {
namespace {

using knowledge::Instrument;
using knowledge::InstrumentResult;
using knowledge::Lang;
using knowledge::TextParams;
using nlohmann::json;

struct Scored {
  const Instrument* instrument = nullptr;
  InstrumentResult result;
};

class Drafter {
 public:
  Drafter(const knowledge::KnowledgeBase& kb, const ClientRecordSet& records, Lang lang)
      : kb_(kb), lang_(lang) {
    ReadProfile(records);
    ReadResults(records);
  }

  void Draft(storage::ReportRecord* out) {
    out->lang = knowledge::LangCode(lang_);
    out->sections.clear();
    Add(out, "basic_info", BasicInfo());
    Add(out, "assessment_results", Results());
    Match();
    Add(out, "career_positioning", Positioning());
    Add(out, "competence_plan", Competence());
    Add(out, "development_path", Path());
    Add(out, "training", Training());
    json charts = json::array();
    for (const Chart& c : charts_) charts.push_back(ChartToJson(c));
    out->charts_json = charts.dump();
  }

 private:
  std::string T(const std::string& key, const TextParams& params = {}) const {
    return kb_.report_texts.Render(key, lang_, params);
  }
  void Add(storage::ReportRecord* out, const std::string& id, const std::string& markdown) const {
    out->sections.push_back({id, T("report.section." + id), markdown, std::nullopt, 0});
  }

  // The needs survey's answers, overridden by the profile (the latest word).
  void ReadProfile(const ClientRecordSet& records) {
    for (const auto& survey : records.surveys) {
      const json doc = json::parse(survey.survey_json, nullptr, false);
      if (!doc.is_object()) continue;
      for (const auto& [field, value] : doc.items()) {
        if (value.is_string()) profile_[field] = value.get<std::string>();
        if (value.is_number_integer()) profile_[field] = std::to_string(value.get<int64_t>());
      }
    }
    for (const auto& p : records.profile) profile_[p.field] = p.value;
  }

  // The latest attempt of each instrument, in the order first scored.
  void ReadResults(const ClientRecordSet& records) {
    std::map<std::string, size_t> latest;
    for (size_t i = 0; i < records.results.size(); ++i) {
      auto [it, fresh] = latest.emplace(records.results[i].instrument, i);
      if (!fresh && records.results[i].attempt >= records.results[it->second].attempt) it->second = i;
    }
    std::vector<size_t> order;
    for (const auto& [unused, i] : latest) order.push_back(i);
    std::sort(order.begin(), order.end());
    for (size_t i : order) {
      const auto& r = records.results[i];
      Scored s;
      s.instrument = kb_.FindInstrument(r.instrument);
      if (s.instrument && knowledge::ResultFromJson(*s.instrument, r.result_json, &s.result).ok()) {
        results_.push_back(std::move(s));
      }
    }
  }

  std::string Profile(const std::string& field) const {
    auto it = profile_.find(field);
    return it == profile_.end() ? "" : it->second;
  }

  // A stored answer as the client reads it: a choice's label (several for a
  // multiple choice), a number with its unit, or their own words, escaped.
  std::string FieldValue(const std::string& field, const std::string& value) const {
    const knowledge::IntakeField* def = kb_.flow.FindField(field);
    auto label = [&](const std::string& id) -> std::string {
      if (!def) return "";
      for (const auto* list : {&def->choices, &def->fallback_choices}) {
        for (const auto& c : *list) {
          if (c.id == id) return kb_.texts.Render(c.label_key, lang_);
        }
      }
      return "";
    };
    if (std::string l = label(value); !l.empty()) return EscapeMarkdown(l);
    if (def && def->kind == knowledge::IntakeField::Kind::kMultiChoice) {
      std::string out;
      size_t start = 0;
      while (start <= value.size()) {
        const size_t end = std::min(value.find(',', start), value.size());
        std::string l = label(value.substr(start, end - start));
        if (!l.empty()) out += (out.empty() ? "" : T("report.path.list_separator")) + EscapeMarkdown(l);
        start = end + 1;
      }
      if (!out.empty()) return out;
    }
    if (field == "age") return T("report.value.age", {{"n", EscapeMarkdown(value)}});
    if (field == "years_experience") return T("report.value.years", {{"n", EscapeMarkdown(value)}});
    return EscapeMarkdown(value);
  }

  std::string BasicInfo() const {
    std::string md;
    for (const char* field : knowledge::kReportBasicFields) {
      const std::string value = Profile(field);
      if (value.empty()) continue;
      md += T("report.field.line", {{"label", T(std::string("report.field.") + field)},
                                    {"value", FieldValue(field, value)}}) + "\n";
    }
    return md.empty() ? T("report.basic.none") : md;
  }

  std::string ScaleName(const Instrument& in, const std::string& id) const {
    const knowledge::Scale* scale = in.FindScale(id);
    return scale ? scale->name.in(lang_) : id;
  }

  // The reported score's possible range: the raw range, or per item for a mean.
  static std::pair<double, double> Range(const Instrument& in, const knowledge::ScaleScore& s) {
    const knowledge::Scale* scale = in.FindScale(s.scale);
    double lo = s.min, hi = s.max;
    if (scale && scale->method == "mean" && s.items > 0) {
      lo /= s.items;
      hi /= s.items;
    }
    return {lo, hi};
  }
  static double Fraction(const Instrument& in, const knowledge::ScaleScore& s) {
    const auto [lo, hi] = Range(in, s);
    return hi > lo ? (s.score - lo) / (hi - lo) : 0;
  }
  static int Digits(const Instrument& in, const knowledge::ScaleScore& s) {
    const knowledge::Scale* scale = in.FindScale(s.scale);
    return scale && scale->method == "mean" ? 2 : 0;
  }

  std::string Results() {
    std::string md;
    for (const Scored& r : results_) {
      const Instrument& in = *r.instrument;
      md += "### " + EscapeMarkdown(in.name.in(lang_)) + "\n\n";
      Chart chart;
      chart.kind = in.profile == "holland" ? "radar" : "bars";
      chart.title = T(in.profile == "holland" ? "report.chart.radar" : "report.chart.bars",
                      {{"instrument", in.name.in(lang_)}});
      for (const auto& s : r.result.scales) {
        if (s.items == 0) continue;
        const std::string name = ScaleName(in, s.scale);
        if (!s.scored) {
          md += T("report.results.unscored", {{"scale", EscapeMarkdown(name)}}) + "\n";
          continue;
        }
        const auto [lo, hi] = Range(in, s);
        const int digits = Digits(in, s);
        const std::string score = knowledge::FormatNumber(s.score, digits);
        std::string line = T("report.results.scale", {{"scale", EscapeMarkdown(name)},
                                                      {"score", score},
                                                      {"min", knowledge::FormatNumber(lo, digits)},
                                                      {"max", knowledge::FormatNumber(hi, digits)}});
        std::string note;
        if (s.norm) {
          const std::string percentile = knowledge::FormatNumber(s.norm->percentile, 0);
          line += T("report.results.percentile",
                    {{"percentile", percentile}, {"group", EscapeMarkdown(r.result.norm_group_label.in(lang_))}});
          note = T("report.chart.percentile", {{"percentile", percentile}});
        }
        if (const auto* band = in.interpretation.BandLabel(s.band)) {
          line += T("report.results.band", {{"band", EscapeMarkdown(band->in(lang_))}});
        }
        md += line + "\n";
        chart.axes.push_back({name, Fraction(in, s), score, note});
      }
      md += "\n";
      if (in.profile == "holland") {
        md += (r.result.flat_profile ? T("report.results.flat")
                                     : T("report.results.holland", {{"code", r.result.holland_code}})) +
              "\n\n";
      }
      if (!r.result.has_norms) md += T("report.results.no_norms") + "\n\n";
      if (!r.result.valid()) md += T("report.results.flagged") + "\n\n";
      if (!chart.axes.empty()) charts_.push_back(std::move(chart));
    }
    return md.empty() ? T("report.results.none") : md;
  }

  const Scored* Holland() const {
    for (const Scored& r : results_) {
      if (r.instrument->profile == "holland" && !r.result.holland_code.empty()) return &r;
    }
    return nullptr;
  }

  // Occupations for the interest profile, education and experience (with work
  // values when the client has them).
  void Match() {
    const Scored* holland = Holland();
    if (!holland) return;
    const auto interests = knowledge::InterestProfile(holland->result);
    if (!interests) return;
    std::optional<knowledge::Profile6> values;
    for (const Scored& r : results_) {
      if (!values) values = knowledge::WorkValuesProfile(r.result);
    }
    int years = 0;
    const std::string y = Profile("years_experience");
    std::from_chars(y.data(), y.data() + y.size(), years);
    std::string education = Profile("education");
    if (education.empty()) education = "bachelor";  // the matcher needs one; the counsellor corrects it
    knowledge::MatchResult m;
    if (knowledge::MatchOccupations(kb_.occupations, kb_.result_texts, *interests, education,
                                    std::max(years, 0), values, 5, &m)
            .ok()) {
      matches_ = std::move(m);
    }
  }

  std::string Positioning() const {
    const Scored* holland = Holland();
    if (!holland) return T("report.positioning.none");
    const Instrument& in = *holland->instrument;
    std::string md;
    const std::string top = holland->result.holland_code.substr(0, 1);
    if (const auto* score = holland->result.Find(top)) {
      if (const auto* band = knowledge::InterpretScale(in, *score)) {
        md += T("report.positioning.code", {{"code", holland->result.holland_code},
                                            {"scale", EscapeMarkdown(ScaleName(in, top))},
                                            {"meaning", EscapeMarkdown(band->meaning.in(lang_))}}) +
              "\n\n";
      }
    }
    if (matches_.matches.empty()) return md + T("report.positioning.no_matches");
    md += T("report.positioning.matches") + "\n\n";
    for (const auto& match : matches_.matches) {
      const auto* group = kb_.occupations.FindCnMajor(match.occupation->cn_major);
      const auto* zone = kb_.occupations.FindJobZone(match.occupation->job_zone);
      md += T("report.positioning.occupation",
              {{"title", EscapeMarkdown(match.occupation->title.in(lang_))},
               {"group", group ? EscapeMarkdown(group->name.in(lang_)) : ""},
               {"zone", zone ? EscapeMarkdown(zone->label.in(lang_)) : ""}}) +
            "\n";
    }
    return md + "\n" + T("report.source", {{"source", EscapeMarkdown(matches_.attribution.in(lang_))}});
  }

  std::string Competence() const {
    struct Item {
      double fraction;
      std::string line;
    };
    std::vector<Item> items;
    for (const Scored& r : results_) {
      const Instrument& in = *r.instrument;
      if (in.profile == "holland") continue;  // interests are positioning, not competences
      for (const auto& s : r.result.scales) {
        const auto* text = s.scored ? knowledge::InterpretScale(in, s) : nullptr;
        const auto* band = in.interpretation.BandLabel(s.band);
        if (!text || !band) continue;
        items.push_back({Fraction(in, s), T("report.competence.item",
                                            {{"scale", EscapeMarkdown(ScaleName(in, s.scale))},
                                             {"band", EscapeMarkdown(band->in(lang_))},
                                             {"suggestions", EscapeMarkdown(text->suggestions.in(lang_))}})});
      }
    }
    if (items.empty()) return T("report.competence.none");
    // Weakest first; at most five, so the plan stays one a client can follow.
    std::stable_sort(items.begin(), items.end(), [](const Item& a, const Item& b) { return a.fraction < b.fraction; });
    if (items.size() > 5) items.resize(5);
    std::string md = T("report.competence.intro") + "\n\n";
    for (const Item& i : items) md += i.line + "\n";
    return md;
  }

  std::string Path() const {
    std::string goal = Profile("goal");
    if (!kb_.report_texts.Has("report.path.goal." + goal)) goal = "other";
    std::string md = T("report.path.short_term", {{"text", T("report.path.goal." + goal)}}) + "\n";
    std::string titles;
    for (size_t i = 0; i < matches_.matches.size() && i < 3; ++i) {
      titles += (i ? T("report.path.list_separator") : "") +
                EscapeMarkdown(matches_.matches[i].occupation->title.in(lang_));
    }
    md += (titles.empty() ? T("report.path.mid_term_open") : T("report.path.mid_term", {{"occupations", titles}})) +
          "\n";
    return md + T("report.path.long_term") + "\n";
  }

  std::string Training() const {
    std::vector<std::pair<const Instrument*, const InstrumentResult*>> pairs;
    for (const Scored& r : results_) pairs.emplace_back(r.instrument, &r.result);
    std::vector<const knowledge::Occupation*> occupations;
    for (const auto& m : matches_.matches) occupations.push_back(m.occupation);
    const Scored* holland = Holland();
    const auto suggestions =
        knowledge::SuggestTraining(kb_.training, kb_.result_texts, pairs, occupations,
                                   holland ? holland->result.holland_code : "", 5);
    if (suggestions.empty()) return T("report.training.none");
    std::string md;
    for (const auto& s : suggestions) {
      md += T("report.training.item", {{"name", EscapeMarkdown(s.direction->name.in(lang_))},
                                       {"description", EscapeMarkdown(s.direction->description.in(lang_))},
                                       {"format", EscapeMarkdown(s.direction->format.in(lang_))},
                                       {"reason", EscapeMarkdown(s.reason.in(lang_))}}) +
            "\n";
    }
    return md + "\n" + T("report.source", {{"source", EscapeMarkdown(kb_.training.written_by.in(lang_))}});
  }

  const knowledge::KnowledgeBase& kb_;
  const Lang lang_;
  std::map<std::string, std::string> profile_;
  std::vector<Scored> results_;
  knowledge::MatchResult matches_;
  std::vector<Chart> charts_;
};

}  // namespace

Lang ReportLang(const ClientRecordSet& records) {
  for (auto it = records.results.rbegin(); it != records.results.rend(); ++it) {
    const json doc = json::parse(it->result_json, nullptr, false);
    if (doc.is_object() && doc.contains("language") && doc.at("language").is_string()) {
      if (auto lang = knowledge::ParseLang(doc.at("language").get<std::string>())) return *lang;
    }
  }
  return Lang::kZh;
}

void DraftReportContent(const knowledge::KnowledgeBase& kb, const ClientRecordSet& records, Lang lang,
                        storage::ReportRecord* out) {
  Drafter(kb, records, lang).Draft(out);
}

}  // namespace careerbot::bot
