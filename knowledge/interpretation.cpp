// Interpretation files ("interpretation/1", docs/instruments.md).
#include "knowledge/interpretation.h"

#include <nlohmann/json.hpp>

#include "knowledge/instrument.h"
#include "knowledge/json_file.h"
#include "knowledge/object_reader.h"

namespace careerbot::knowledge {
namespace {

using nlohmann::json;

const char* const kSchema = "interpretation schema (docs/instruments.md)";

Status ParseBandText(const ObjectReader& reader, BandText* out) {
  if (Status s = reader.OnlyFields({"meaning", "strengths", "watch_outs", "suggestions"}); !s.ok()) return s;
  BandText t;
  if (Status s = reader.Text("meaning", &t.meaning); !s.ok()) return s;
  if (Status s = reader.Text("strengths", &t.strengths); !s.ok()) return s;
  if (Status s = reader.Text("watch_outs", &t.watch_outs); !s.ok()) return s;
  if (Status s = reader.Text("suggestions", &t.suggestions); !s.ok()) return s;
  *out = std::move(t);
  return Status::Ok();
}

Status ParseDocument(const json& doc, Interpretation* out) {
  if (!doc.is_object()) return Bad("", std::string("the document must be a JSON object, got ") + doc.type_name());
  const ObjectReader top(doc, "", "", kSchema);
  if (Status s = top.OnlyFields({"schema", "id", "written_by", "bands", "scales", "notes"}); !s.ok()) return s;
  std::string schema;
  if (Status s = top.String("schema", &schema); !s.ok()) return s;
  if (schema != "interpretation/1") return top.Fail("schema", "must be \"interpretation/1\", got " + Quote(schema));
  Interpretation in;
  if (Status s = top.String("id", &in.id); !s.ok()) return s;
  if (Status s = top.Text("written_by", &in.written_by); !s.ok()) return s;
  const json* bands = nullptr;
  if (Status s = top.Array("bands", &bands); !s.ok()) return s;
  if (bands->size() < 2) return top.Fail("bands", "must have at least two bands");
  for (size_t i = 0; i < bands->size(); ++i) {
    const json* e = nullptr;
    if (Status s = top.Element(*bands, "bands", i, &e); !s.ok()) return s;
    const ObjectReader b = top.Nested(*e, "bands[" + std::to_string(i) + "]");
    if (Status s = b.OnlyFields({"id", "label"}); !s.ok()) return s;
    std::string id;
    LocalizedText label;
    if (Status s = b.String("id", &id); !s.ok()) return s;
    if (in.BandLabel(id)) return b.Fail("id", Quote(id) + " is listed twice");
    if (Status s = b.Text("label", &label); !s.ok()) return s;
    in.band_labels.emplace_back(id, std::move(label));
  }
  const json* scales = nullptr;
  if (Status s = top.Object("scales", &scales); !s.ok()) return s;
  if (scales->empty()) return top.Fail("scales", "must have at least one scale");
  for (const auto& [id, value] : scales->items()) {
    const std::string where = "scale " + id;
    if (!value.is_object()) return Bad(where, std::string("must be an object, got ") + value.type_name());
    const ObjectReader scale(value, where, "", kSchema);
    if (Status s = scale.OnlyFields({"about", "bands"}); !s.ok()) return s;
    ScaleInterpretation si;
    if (Status s = scale.Text("about", &si.about); !s.ok()) return s;
    const json* texts = nullptr;
    if (Status s = scale.Object("bands", &texts); !s.ok()) return s;
    for (const auto& [band, text] : texts->items()) {
      if (!in.BandLabel(band)) return Bad(where, "bands." + band + " is not a band of the file");
    }
    for (const auto& [band, label] : in.band_labels) {
      auto it = texts->find(band);
      if (it == texts->end()) return Bad(where + ", band " + band, "has no texts");
      if (!it->is_object()) return Bad(where + ", band " + band, "must be an object");
      BandText bt;
      if (Status s = ParseBandText(ObjectReader(*it, where + ", band " + band, "", kSchema), &bt); !s.ok()) {
        return s;
      }
      si.bands.emplace(band, std::move(bt));
    }
    in.scales.emplace(id, std::move(si));
  }
  if (top.Has("notes")) {
    std::vector<std::string> notes;
    if (Status s = top.StringList("notes", &notes); !s.ok()) return s;
  }
  *out = std::move(in);
  return Status::Ok();
}

}  // namespace

const ScaleInterpretation* Interpretation::FindScale(std::string_view scale) const {
  auto it = scales.find(scale);
  return it == scales.end() ? nullptr : &it->second;
}

const BandText* Interpretation::Find(std::string_view scale, std::string_view band) const {
  const ScaleInterpretation* s = FindScale(scale);
  if (!s) return nullptr;
  auto it = s->bands.find(band);
  return it == s->bands.end() ? nullptr : &it->second;
}

const LocalizedText* Interpretation::BandLabel(std::string_view band) const {
  for (const auto& [id, label] : band_labels) {
    if (id == band) return &label;
  }
  return nullptr;
}

Status ParseInterpretation(std::string_view json_text, const std::string& source_name,
                           Interpretation* out) {
  json doc;
  if (Status s = ParseJson(json_text, source_name, &doc); !s.ok()) return s;
  Interpretation in;
  try {
    if (Status s = ParseDocument(doc, &in); !s.ok()) return s.Annotate(source_name);
  } catch (const json::exception& e) {
    return Status::InvalidArgument(source_name + ": " + e.what());
  }
  in.file = source_name;
  *out = std::move(in);
  return Status::Ok();
}

Status LoadInterpretationFile(const std::string& path, Interpretation* out) {
  std::string text;
  if (Status s = ReadTextFile(path, &text); !s.ok()) return s;
  return ParseInterpretation(text, path, out);
}

Status CheckInterpretationFits(const Instrument& instrument, const Interpretation& texts) {
  for (const BandCut& cut : instrument.bands) {
    if (!texts.BandLabel(cut.id)) {
      return Status::InvalidArgument(texts.file + ": has no band " + Quote(cut.id) +
                                     ", which the instrument's interpretation.bands uses");
    }
  }
  for (const Scale& scale : instrument.scales) {
    if (!texts.FindScale(scale.id)) {
      return Status::InvalidArgument(texts.file + ": scale " + scale.id + " has no texts (instrument " +
                                     instrument.id + " needs every scale interpreted)");
    }
  }
  return Status::Ok();
}

}  // namespace careerbot::knowledge
