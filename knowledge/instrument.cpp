// Parsing and checking instrument files (the schema is in docs/instruments.md):
// the document, response scale, scales, items and scoring. Forms, validity rules
// and the norms/interpretation references are in instrument_options.cpp; scoring
// is in instrument_scoring.cpp.
#include "knowledge/instrument.h"

#include <algorithm>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <set>

#include "knowledge/instrument_parse.h"
#include "knowledge/json_file.h"
#include "knowledge/object_reader.h"

namespace careerbot::knowledge {
namespace {

using nlohmann::json;

Status ParseResponseScale(const ObjectReader& top, const std::vector<Lang>& langs,
                          std::vector<ResponseOption>* out) {
  const json* array = nullptr;
  if (Status s = top.Array("response_scale", &array); !s.ok()) return s;
  if (array->empty()) return top.Fail("response_scale", "must have at least one option");
  std::vector<ResponseOption> options;
  bool any_score = false;
  for (size_t i = 0; i < array->size(); ++i) {
    const json* e = nullptr;
    if (Status s = top.Element(*array, "response_scale", i, &e); !s.ok()) return s;
    const ObjectReader option(*e, "", "response_scale[" + std::to_string(i) + "]");
    ResponseOption o;
    if (Status s = option.OnlyFields({"value", "label", "score"}); !s.ok()) return s;
    if (Status s = option.Int("value", &o.value); !s.ok()) return s;
    // 0 is how an unanswered item is recorded, so no option may use it.
    if (o.value < 1) return option.Fail("value", "must be at least 1 (0 means unanswered)");
    if (!options.empty() && o.value <= options.back().value) {
      return option.Fail("value", "must be greater than the value before it (" +
                                      std::to_string(options.back().value) + " then " +
                                      std::to_string(o.value) +
                                      "): values are distinct and ascending");
    }
    if (Status s = option.Text("label", &o.label, langs); !s.ok()) return s;
    // "score": the item-score transform of the source (O*NET IP-SF: answer - 1).
    // All options or none, so that no answer silently scores its value.
    if (i == 0) any_score = option.Has("score");
    if (option.Has("score") != any_score) {
      return option.Fail("score", "must be given for every option or for none");
    }
    o.score = o.value;
    if (any_score) {
      if (Status s = option.Int("score", &o.score); !s.ok()) return s;
      if (!options.empty() && o.score <= options.back().score) {
        return option.Fail("score", "must be greater than the score before it (" +
                                        std::to_string(options.back().score) + " then " +
                                        std::to_string(o.score) + ")");
      }
    }
    options.push_back(std::move(o));
  }
  *out = std::move(options);
  return Status::Ok();
}

Status ParseScales(const ObjectReader& top, std::vector<Scale>* out) {
  const json* array = nullptr;
  if (Status s = top.Array("scales", &array); !s.ok()) return s;
  if (array->empty()) return top.Fail("scales", "must have at least one scale");
  std::vector<Scale> scales;
  std::set<std::string, std::less<>> seen;
  for (size_t i = 0; i < array->size(); ++i) {
    const json* e = nullptr;
    if (Status s = top.Element(*array, "scales", i, &e); !s.ok()) return s;
    Scale scale;
    const std::string position = "scales[" + std::to_string(i) + "]";
    if (Status s = ObjectReader(*e, position, "").String("id", &scale.id); !s.ok()) return s;
    if (!IsPlainId(scale.id)) {
      return Bad(position, "id " + Quote(scale.id) + " must be 1-64 of A-Z a-z 0-9 _ -");
    }
    const ObjectReader reader(*e, "scale " + scale.id, "");
    if (!seen.insert(scale.id).second) return reader.Fail("id", "is used by more than one scale");
    if (Status s = reader.OnlyFields({"id", "name", "method", "from", "caveat"}); !s.ok()) return s;
    if (Status s = reader.Text("name", &scale.name); !s.ok()) return s;
    if (reader.Has("method")) {
      if (Status s = reader.String("method", &scale.method); !s.ok()) return s;
      if (scale.method != "sum" && scale.method != "mean") {
        return reader.Fail("method", "must be \"sum\" or \"mean\", got " + Quote(scale.method));
      }
    } else {
      scale.method.clear();  // the instrument's scoring.method, filled in later
    }
    if (reader.Has("from")) {
      if (Status s = reader.StringList("from", &scale.from); !s.ok()) return s;
      if (scale.from.empty()) return reader.Fail("from", "must name at least one scale");
    }
    if (reader.Has("caveat")) {
      LocalizedText caveat;
      if (Status s = reader.Text("caveat", &caveat); !s.ok()) return s;
      scale.caveat = std::move(caveat);
    }
    scales.push_back(std::move(scale));
  }
  // A derived scale totals item scales: one level only, so its items are plain.
  for (const Scale& scale : scales) {
    std::set<std::string, std::less<>> sources;
    for (const std::string& id : scale.from) {
      auto it = std::find_if(scales.begin(), scales.end(), [&](const Scale& s) { return s.id == id; });
      const std::string where = "scale " + scale.id;
      if (it == scales.end()) return Bad(where, "from names " + Quote(id) + ", which is not a scale");
      if (it->derived()) return Bad(where, "from names " + Quote(id) + ", which is itself derived");
      if (!sources.insert(id).second) return Bad(where, "from names " + Quote(id) + " twice");
    }
  }
  *out = std::move(scales);
  return Status::Ok();
}

Status ParseItems(const ObjectReader& top, const Instrument& instrument, std::vector<Item>* out) {
  const json* array = nullptr;
  if (Status s = top.Array("items", &array); !s.ok()) return s;
  if (array->empty()) return top.Fail("items", "must have at least one item");
  std::vector<Item> items;
  std::set<std::string, std::less<>> seen;
  for (size_t i = 0; i < array->size(); ++i) {
    const json* e = nullptr;
    if (Status s = top.Element(*array, "items", i, &e); !s.ok()) return s;
    Item item;
    const std::string position = "items[" + std::to_string(i) + "]";
    if (Status s = ObjectReader(*e, position, "").String("id", &item.id); !s.ok()) return s;
    if (!IsPlainId(item.id, /*allow_dot=*/true)) {
      return Bad(position, "id " + Quote(item.id) + " must be 1-64 of A-Z a-z 0-9 _ - .");
    }
    const ObjectReader reader(*e, "item " + item.id, "");
    if (!seen.insert(item.id).second) {
      return reader.Fail("id", "is used by more than one item (again at " + position + ")");
    }
    if (Status s = reader.OnlyFields({"id", "scale", "keyed", "text", "source_ids", "note"}); !s.ok()) {
      return s;
    }
    if (Status s = reader.String("scale", &item.scale); !s.ok()) return s;
    const Scale* scale = instrument.FindScale(item.scale);
    if (!scale) {
      std::vector<std::string> ids;
      for (const Scale& sc : instrument.scales) {
        if (!sc.derived()) ids.push_back(sc.id);
      }
      return Bad("item " + item.id, "scale " + Quote(item.scale) +
                                        " is not one of the instrument's scales (" + Join(ids) +
                                        ")");
    }
    if (scale->derived()) {
      return Bad("item " + item.id, "scale " + Quote(item.scale) +
                                        " is derived (a total of other scales): put the item on "
                                        "one of " + Join(scale->from));
    }
    if (Status s = reader.Int("keyed", &item.keyed); !s.ok()) return s;
    if (item.keyed != 1 && item.keyed != -1) {
      return reader.Fail("keyed", "must be 1 or -1, got " + std::to_string(item.keyed));
    }
    if (Status s = reader.Text("text", &item.text, instrument.languages); !s.ok()) return s;
    std::vector<std::string> kept;  // provenance for maintainers; checked, not loaded
    if (reader.Has("source_ids")) {
      if (Status s = reader.StringList("source_ids", &kept); !s.ok()) return s;
    }
    std::string note;
    if (reader.Has("note")) {
      if (Status s = reader.String("note", &note); !s.ok()) return s;
    }
    items.push_back(std::move(item));
  }
  *out = std::move(items);
  return Status::Ok();
}

// Reverse keying scores the mirrored answer (min + max - answer), which must be
// an option too: a scale 1, 2, 4 cannot be reversed.
Status CheckReversible(const Instrument& in) {
  bool any_reversed = false;
  for (const Item& item : in.items) any_reversed = any_reversed || item.keyed < 0;
  if (!any_reversed) return Status::Ok();
  for (const ResponseOption& o : in.response_scale) {
    const int mirror = in.min_value() + in.max_value() - o.value;
    bool found = false;
    for (const ResponseOption& p : in.response_scale) found = found || p.value == mirror;
    if (!found) {
      return Bad("", "response_scale cannot be reversed for the reverse-keyed items: value " +
                         std::to_string(o.value) + " has no mirror value " + std::to_string(mirror));
    }
  }
  return Status::Ok();
}

Status ParseScoring(const ObjectReader& top, Instrument* instrument) {
  const json* v = nullptr;
  if (Status s = top.Object("scoring", &v); !s.ok()) return s;
  const ObjectReader scoring = top.Nested(*v, "scoring");
  if (Status s = scoring.OnlyFields({"method", "profile", "missing", "rank"}); !s.ok()) return s;
  std::string method, missing;
  if (Status s = scoring.String("method", &method); !s.ok()) return s;
  if (method != "sum" && method != "mean") {
    return scoring.Fail("method", "must be \"sum\" or \"mean\", got " + Quote(method));
  }
  for (Scale& scale : instrument->scales) {
    if (scale.method.empty()) scale.method = method;
  }
  if (Status s = scoring.String("missing", &missing); !s.ok()) return s;
  if (missing != "none") return scoring.Fail("missing", "must be \"none\", got " + Quote(missing));

  if (scoring.Has("rank")) {
    if (Status s = scoring.StringList("rank", &instrument->ranked); !s.ok()) return s;
    if (instrument->ranked.size() < 2) return scoring.Fail("rank", "must name at least two scales");
    std::set<std::string, std::less<>> seen;
    for (const std::string& id : instrument->ranked) {
      if (!instrument->FindScale(id)) return scoring.Fail("rank", "names " + Quote(id) + ", which is not a scale");
      if (!seen.insert(id).second) return scoring.Fail("rank", "names " + Quote(id) + " twice");
    }
  } else {
    for (const Scale& scale : instrument->scales) {
      if (!scale.derived()) instrument->ranked.push_back(scale.id);
    }
  }

  const json* profile = nullptr;
  if (Status s = scoring.Member("profile", &profile); !s.ok()) return s;
  if (profile->is_null()) {
    instrument->profile.clear();
    return Status::Ok();
  }
  if (!profile->is_string() || profile->get_ref<const std::string&>() != "holland") {
    return scoring.Fail("profile", "must be \"holland\" or null, got " + profile->dump());
  }
  // The Holland code is made of scale ids and its ties are broken by scale order,
  // so both are fixed: the six RIASEC letters in hexagon order.
  std::vector<std::string> ids;
  for (const Scale& scale : instrument->scales) ids.push_back(scale.id);
  if (ids != std::vector<std::string>{"R", "I", "A", "S", "E", "C"}) {
    return scoring.Fail("profile",
                        "\"holland\" needs exactly the six scales R, I, A, S, E, C in "
                        "that order, got " +
                            std::to_string(ids.size()) + " (" + Join(ids) + ")");
  }
  instrument->profile = "holland";
  return Status::Ok();
}

Status ParseDocument(const json& doc, Instrument* out) {
  if (!doc.is_object()) {
    return Bad("", std::string("the document must be a JSON object, got ") + doc.type_name());
  }
  const ObjectReader top(doc, "", "");
  if (Status s = top.OnlyFields({"id", "version", "name", "construct", "theory", "citations",
                                 "license", "attribution", "translation_status", "languages",
                                 "instructions", "response_scale", "scales", "items", "scoring",
                                 "forms", "validity", "norms", "interpretation", "notes"});
      !s.ok()) {
    return s;
  }
  Instrument in;
  if (Status s = top.String("id", &in.id); !s.ok()) return s;
  if (!IsPlainId(in.id)) return top.Fail("id", Quote(in.id) + " must be 1-64 of A-Z a-z 0-9 _ -");
  if (Status s = top.String("version", &in.version); !s.ok()) return s;
  if (Status s = top.Text("name", &in.name); !s.ok()) return s;
  if (Status s = top.String("construct", &in.construct); !s.ok()) return s;
  if (Status s = top.String("theory", &in.theory); !s.ok()) return s;
  if (Status s = top.StringList("citations", &in.citations); !s.ok()) return s;
  if (Status s = top.String("license", &in.license); !s.ok()) return s;
  if (Status s = top.Text("attribution", &in.attribution); !s.ok()) return s;
  if (Status s = top.String("translation_status", &in.translation_status); !s.ok()) return s;
  if (top.Has("languages")) {
    if (Status s = top.LangList("languages", &in.languages); !s.ok()) return s;
  }
  if (Status s = top.Text("instructions", &in.instructions, in.languages); !s.ok()) return s;
  if (Status s = ParseResponseScale(top, in.languages, &in.response_scale); !s.ok()) return s;
  if (Status s = ParseScales(top, &in.scales); !s.ok()) return s;
  if (Status s = ParseItems(top, in, &in.items); !s.ok()) return s;
  for (const Scale& scale : in.scales) {
    if (scale.derived()) continue;
    bool used = false;
    for (const Item& item : in.items) used = used || item.scale == scale.id;
    if (!used) return Bad("scale " + scale.id, "has no items");
  }
  if (Status s = CheckReversible(in); !s.ok()) return s;
  if (Status s = ParseScoring(top, &in); !s.ok()) return s;
  if (Status s = ParseForms(top, &in); !s.ok()) return s;
  if (Status s = ParseValidity(top, &in); !s.ok()) return s;
  if (Status s = ParseNormsRef(top, &in); !s.ok()) return s;
  if (Status s = ParseInterpretationRef(top, &in); !s.ok()) return s;
  if (top.Has("notes")) {
    std::vector<std::string> notes;  // for maintainers; checked, not kept
    if (Status s = top.StringList("notes", &notes); !s.ok()) return s;
  }
  *out = std::move(in);
  return Status::Ok();
}

}  // namespace

const Scale* Instrument::FindScale(std::string_view id) const {
  for (const Scale& scale : scales) {
    if (scale.id == id) return &scale;
  }
  return nullptr;
}

const Item* Instrument::FindItem(std::string_view id) const {
  for (const Item& item : items) {
    if (item.id == id) return &item;
  }
  return nullptr;
}

const Form* Instrument::FindForm(std::string_view id) const {
  for (const Form& form : forms) {
    if (form.id == id) return &form;
  }
  return nullptr;
}

bool Instrument::Supports(Lang lang) const {
  for (Lang l : languages) {
    if (l == lang) return true;
  }
  return false;
}

std::vector<size_t> Instrument::ItemsOf(std::string_view scale_id) const {
  std::vector<size_t> out;
  const Scale* scale = FindScale(scale_id);
  if (!scale) return out;
  for (size_t i = 0; i < items.size(); ++i) {
    bool on = items[i].scale == scale->id;
    for (const std::string& source : scale->from) on = on || items[i].scale == source;
    if (on) out.push_back(i);
  }
  return out;
}

Status ParseInstrument(std::string_view json_text, const std::string& source_name,
                       Instrument* out) {
  json doc;
  if (Status s = ParseJson(json_text, source_name, &doc); !s.ok()) return s;
  try {
    return ParseDocument(doc, out).Annotate(source_name);
  } catch (const json::exception& e) {
    // Not expected (every access is checked first); kept so that a missed check
    // is still an error naming the file rather than an escaped exception.
    return Status::InvalidArgument(source_name + ": " + e.what());
  }
}

Status LoadInstrumentFile(const std::string& path, const std::string& knowledge_dir,
                          Instrument* out) {
  std::string text;
  if (Status s = ReadTextFile(path, &text); !s.ok()) return s;
  Instrument instrument;
  if (Status s = ParseInstrument(text, path, &instrument); !s.ok()) return s;
  if (instrument.interpretation_file.empty()) {
    return Status::InvalidArgument(path + ": interpretation must name a file: every scale needs "
                                          "its band texts (docs/instruments.md)");
  }
  if (Status s = ResolveInstrumentReferences(knowledge_dir, &instrument); !s.ok()) {
    return s.Annotate(path);
  }
  *out = std::move(instrument);
  return Status::Ok();
}

Status LoadInstrumentFile(const std::string& path, Instrument* out) {
  const std::filesystem::path p(path);
  return LoadInstrumentFile(path, p.parent_path().parent_path().string(), out);
}

}  // namespace careerbot::knowledge
