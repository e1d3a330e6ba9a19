#include "knowledge/training.h"

#include <algorithm>
#include <nlohmann/json.hpp>

#include "knowledge/instrument.h"
#include "knowledge/json_file.h"
#include "knowledge/object_reader.h"
#include "knowledge/occupations.h"
#include "knowledge/text_catalog.h"

namespace careerbot::knowledge {
namespace {

using nlohmann::json;

const char* const kSchema = "training schema (docs/occupations.md)";

Status IntList(const ObjectReader& r, const char* key, int lo, int hi, std::vector<int>* out) {
  if (!r.Has(key)) return Status::Ok();
  const json* v = nullptr;
  if (Status s = r.Array(key, &v); !s.ok()) return s;
  for (const json& e : *v) {
    if (!e.is_number_integer() || e.get<int>() < lo || e.get<int>() > hi) {
      return r.Fail(key, "must hold integers from " + std::to_string(lo) + " to " + std::to_string(hi));
    }
    out->push_back(e.get<int>());
  }
  return Status::Ok();
}

Status ParseDirection(const ObjectReader& top, const TrainingCatalogue& cat, const json& e, size_t i,
                      TrainingDirection* out) {
  TrainingDirection d;
  const std::string position = "directions[" + std::to_string(i) + "]";
  if (Status s = ObjectReader(e, position, "", kSchema).String("id", &d.id); !s.ok()) return s;
  if (!IsPlainId(d.id)) return Bad(position, "id " + Quote(d.id) + " must be 1-64 of A-Z a-z 0-9 _ -");
  const ObjectReader r(e, "direction " + d.id, "", kSchema);
  if (Status s = r.OnlyFields({"id", "name", "description", "format", "audiences", "scales", "interest_letters",
                               "cn_major_groups", "soc_majors"});
      !s.ok()) {
    return s;
  }
  if (Status s = r.Text("name", &d.name); !s.ok()) return s;
  if (Status s = r.Text("description", &d.description); !s.ok()) return s;
  if (Status s = r.Text("format", &d.format); !s.ok()) return s;
  if (Status s = r.StringList("audiences", &d.audiences); !s.ok()) return s;
  if (d.audiences.empty()) return r.Fail("audiences", "must name at least one audience");
  for (const std::string& a : d.audiences) {
    if (!cat.audiences.count(a)) return r.Fail("audiences", "names " + Quote(a) + ", which is not in \"audiences\"");
  }
  if (r.Has("scales")) {
    const json* links = nullptr;
    if (Status s = r.Array("scales", &links); !s.ok()) return s;
    for (size_t k = 0; k < links->size(); ++k) {
      const json* l = nullptr;
      if (Status s = r.Element(*links, "scales", k, &l); !s.ok()) return s;
      const ObjectReader link = r.Nested(*l, "scales[" + std::to_string(k) + "]");
      TrainingScaleLink t;
      if (Status s = link.OnlyFields({"instrument", "scale", "bands"}); !s.ok()) return s;
      if (Status s = link.String("instrument", &t.instrument); !s.ok()) return s;
      if (Status s = link.String("scale", &t.scale); !s.ok()) return s;
      if (Status s = link.StringList("bands", &t.bands); !s.ok()) return s;
      if (t.bands.empty()) return link.Fail("bands", "must name at least one band");
      d.scales.push_back(std::move(t));
    }
  }
  if (r.Has("interest_letters")) {
    if (Status s = r.String("interest_letters", &d.interest_letters); !s.ok()) return s;
    for (char c : d.interest_letters) {
      if (std::string("RIASEC").find(c) == std::string::npos) return r.Fail("interest_letters", "must use R I A S E C only");
    }
  }
  if (Status s = IntList(r, "cn_major_groups", 1, 8, &d.cn_major_groups); !s.ok()) return s;
  if (Status s = IntList(r, "soc_majors", 11, 55, &d.soc_majors); !s.ok()) return s;
  (void)top;
  *out = std::move(d);
  return Status::Ok();
}

Status ParseCatalogue(const json& doc, TrainingCatalogue* cat) {
  if (!doc.is_object()) return Bad("", "the document must be a JSON object");
  const ObjectReader top(doc, "", "", kSchema);
  if (Status s = top.OnlyFields({"schema", "written_by", "audiences", "directions", "notes"}); !s.ok()) return s;
  std::string schema;
  if (Status s = top.String("schema", &schema); !s.ok()) return s;
  if (schema != "training/1") return top.Fail("schema", "must be \"training/1\"");
  if (Status s = top.Text("written_by", &cat->written_by); !s.ok()) return s;
  const json* audiences = nullptr;
  if (Status s = top.Object("audiences", &audiences); !s.ok()) return s;
  const ObjectReader a = top.Nested(*audiences, "audiences");
  for (const auto& [id, value] : audiences->items()) {
    LocalizedText label;
    if (Status s = a.Text(id, &label); !s.ok()) return s;
    cat->audiences.emplace(id, std::move(label));
  }
  const json* directions = nullptr;
  if (Status s = top.Array("directions", &directions); !s.ok()) return s;
  for (size_t i = 0; i < directions->size(); ++i) {
    const json* e = nullptr;
    if (Status s = top.Element(*directions, "directions", i, &e); !s.ok()) return s;
    TrainingDirection d;
    if (Status s = ParseDirection(top, *cat, *e, i, &d); !s.ok()) return s;
    if (cat->Find(d.id)) return Bad("direction " + d.id, "id is used twice");
    cat->directions.push_back(std::move(d));
  }
  return Status::Ok();
}

void Add(std::vector<TrainingSuggestion>* out, const TrainingDirection* d, LocalizedText reason) {
  for (const TrainingSuggestion& s : *out) {
    if (s.direction == d) return;
  }
  out->push_back({d, std::move(reason)});
}

}  // namespace

const TrainingDirection* TrainingCatalogue::Find(std::string_view id) const {
  for (const TrainingDirection& d : directions) {
    if (d.id == id) return &d;
  }
  return nullptr;
}

Status LoadTrainingCatalogue(const std::string& path, TrainingCatalogue* out) {
  json doc;
  if (Status s = ReadJsonFile(path, &doc); !s.ok()) return s;
  TrainingCatalogue cat;
  try {
    if (Status s = ParseCatalogue(doc, &cat); !s.ok()) return s.Annotate(path);
  } catch (const json::exception& e) {
    return Status::InvalidArgument(path + ": " + e.what());
  }
  cat.file = path;
  *out = std::move(cat);
  return Status::Ok();
}

Status CheckTrainingLinks(const TrainingCatalogue& catalogue,
                          const std::map<std::string, Instrument, std::less<>>& instruments) {
  for (const TrainingDirection& d : catalogue.directions) {
    for (const TrainingScaleLink& link : d.scales) {
      const std::string where = catalogue.file + ": direction " + d.id + ": ";
      auto it = instruments.find(link.instrument);
      if (it == instruments.end()) return Status::InvalidArgument(where + "instrument " + Quote(link.instrument) + " is not loaded");
      if (!it->second.FindScale(link.scale)) {
        return Status::InvalidArgument(where + "instrument " + link.instrument + " has no scale " + Quote(link.scale));
      }
      for (const std::string& band : link.bands) {
        bool known = false;
        for (const BandCut& cut : it->second.bands) known = known || cut.id == band;
        if (!known) return Status::InvalidArgument(where + "instrument " + link.instrument + " has no band " + Quote(band));
      }
    }
  }
  return Status::Ok();
}

std::vector<const TrainingDirection*> TrainingForScale(const TrainingCatalogue& catalogue, std::string_view instrument,
                                                       std::string_view scale, std::string_view band) {
  std::vector<const TrainingDirection*> out;
  for (const TrainingDirection& d : catalogue.directions) {
    for (const TrainingScaleLink& link : d.scales) {
      if (link.instrument == instrument && link.scale == scale &&
          std::find(link.bands.begin(), link.bands.end(), band) != link.bands.end()) {
        out.push_back(&d);
        break;
      }
    }
  }
  return out;
}

std::vector<const TrainingDirection*> TrainingForOccupation(const TrainingCatalogue& catalogue,
                                                            const Occupation& occupation) {
  std::vector<const TrainingDirection*> out;
  for (const TrainingDirection& d : catalogue.directions) {
    const bool soc = std::find(d.soc_majors.begin(), d.soc_majors.end(), occupation.soc_major) != d.soc_majors.end();
    const bool cn = std::find(d.cn_major_groups.begin(), d.cn_major_groups.end(), occupation.cn_major) !=
                    d.cn_major_groups.end();
    if (soc || (d.soc_majors.empty() && cn)) out.push_back(&d);
  }
  return out;
}

std::vector<const TrainingDirection*> TrainingForAudience(const TrainingCatalogue& catalogue,
                                                          std::string_view audience) {
  std::vector<const TrainingDirection*> out;
  for (const TrainingDirection& d : catalogue.directions) {
    if (std::find(d.audiences.begin(), d.audiences.end(), audience) != d.audiences.end()) out.push_back(&d);
  }
  return out;
}

std::vector<TrainingSuggestion> SuggestTraining(
    const TrainingCatalogue& catalogue, const TextCatalog& texts,
    const std::vector<std::pair<const Instrument*, const InstrumentResult*>>& results,
    const std::vector<const Occupation*>& occupations, const std::string& holland_code,
    size_t limit) {
  std::vector<TrainingSuggestion> out;
  for (const auto& [instrument, result] : results) {
    for (const ScaleScore& s : result->scales) {
      if (s.band.empty()) continue;
      const Scale* scale = instrument->FindScale(s.scale);
      const LocalizedText* band = instrument->interpretation.BandLabel(s.band);
      for (const TrainingDirection* d : TrainingForScale(catalogue, instrument->id, s.scale, s.band)) {
        auto reason = [&](Lang lang) {
          return texts.Render(
              "training.reason.scale", lang,
              {{"scale", scale->name.in(lang)}, {"band", band ? band->in(lang) : s.band}});
        };
        Add(&out, d, {reason(Lang::kZh), reason(Lang::kEn)});
      }
    }
  }
  for (const Occupation* o : occupations) {
    for (const TrainingDirection* d : TrainingForOccupation(catalogue, *o)) {
      // An occupation without a zh title is named in English in both languages.
      const std::string& zh_title = o->title.zh.empty() ? o->title.en : o->title.zh;
      Add(&out, d,
          {texts.Render("training.reason.occupation", Lang::kZh, {{"title", zh_title}}),
           texts.Render("training.reason.occupation", Lang::kEn, {{"title", o->title.en}})});
    }
  }
  if (!holland_code.empty()) {
    for (const TrainingDirection& d : catalogue.directions) {
      std::string shared;
      for (char c : holland_code) {
        if (d.interest_letters.find(c) != std::string::npos) shared += c;
      }
      if (shared.empty()) continue;
      auto reason = [&](Lang lang) {
        return texts.Render("training.reason.interest_letters", lang, {{"letters", shared}});
      };
      Add(&out, &d, {reason(Lang::kZh), reason(Lang::kEn)});
    }
  }
  if (out.size() > limit) out.resize(limit);
  return out;
}

}  // namespace careerbot::knowledge
