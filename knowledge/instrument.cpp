// Parsing and checking instrument files (the schema is in docs/instruments.md).
// Scoring is in instrument_scoring.cpp.
//
// Every read of the document goes through ObjectReader, which checks presence and
// type before it touches a value, so a malformed file is an InvalidArgument that
// names the field, never a nlohmann exception or a default-constructed value.
#include "knowledge/instrument.h"

#include <climits>
#include <cstdint>
#include <initializer_list>
#include <nlohmann/json.hpp>
#include <set>

#include "knowledge/json_file.h"

namespace careerbot::knowledge {
namespace {

using nlohmann::json;

// Messages read "<where>: <what>": <where> is "item R9", "scale R", "items[3]" (an
// item whose id is not known yet) or empty for the instrument's own fields, and
// <what> starts with the field's path ("text.en is missing"). ParseInstrument
// prefixes the source name.
Status Bad(const std::string& where, const std::string& what) {
  return Status::InvalidArgument(where.empty() ? what : where + ": " + what);
}

std::string Quote(std::string_view s) { return "\"" + std::string(s) + "\""; }

std::string Join(const std::vector<std::string>& parts) {
  std::string out;
  for (const std::string& p : parts) out += (out.empty() ? "" : ", ") + p;
  return out;
}

// Ids appear in snapshots, choice ids and Holland codes: keep them plain ASCII.
bool IsPlainId(std::string_view s) {
  if (s.empty() || s.size() > 64) return false;
  for (char c : s) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                    c == '_' || c == '-';
    if (!ok) return false;
  }
  return true;
}

// Reads the members of one JSON object that the caller has checked is an object.
// `path` is the object's own field path ("" at the top level, "text",
// "response_scale[2]"); errors name `where` and path.member.
class ObjectReader {
 public:
  ObjectReader(const json& obj, std::string where, std::string path)
      : obj_(obj), where_(std::move(where)), path_(std::move(path)) {}

  std::string FieldPath(std::string_view key) const {
    return path_.empty() ? std::string(key) : path_ + "." + std::string(key);
  }
  Status Fail(std::string_view key, const std::string& what) const {
    return Bad(where_, FieldPath(key) + " " + what);
  }

  // Unknown members are refused: a misspelt optional field ("keyd") would
  // otherwise be dropped silently and change the scoring.
  Status OnlyFields(std::initializer_list<std::string_view> known) const {
    for (const auto& [key, value] : obj_.items()) {
      bool listed = false;
      for (std::string_view k : known) listed = listed || k == key;
      if (!listed)
        return Fail(key, "is not a field of the instrument schema (docs/instruments.md)");
    }
    return Status::Ok();
  }

  bool Has(std::string_view key) const { return obj_.find(std::string(key)) != obj_.end(); }

  Status Member(std::string_view key, const json** out) const {
    auto it = obj_.find(std::string(key));
    if (it == obj_.end()) return Fail(key, "is missing");
    *out = &*it;
    return Status::Ok();
  }

  Status Typed(std::string_view key, bool (json::*is)() const noexcept, const char* expected,
               const json** out) const {
    if (Status s = Member(key, out); !s.ok()) return s;
    if (!((**out).*is)()) {
      return Fail(key, std::string("must be ") + expected + ", got " + (**out).type_name());
    }
    return Status::Ok();
  }

  Status String(std::string_view key, std::string* out) const {
    const json* v = nullptr;
    if (Status s = Typed(key, &json::is_string, "a string", &v); !s.ok()) return s;
    const std::string& text = v->get_ref<const std::string&>();
    if (text.empty()) return Fail(key, "must not be empty");
    *out = text;
    return Status::Ok();
  }

  Status Int(std::string_view key, int* out) const {
    const json* v = nullptr;
    if (Status s = Typed(key, &json::is_number_integer, "an integer", &v); !s.ok()) return s;
    const bool fits = v->is_number_unsigned()
                          ? v->get<std::uint64_t>() <= static_cast<std::uint64_t>(INT_MAX)
                          : v->get<std::int64_t>() >= INT_MIN && v->get<std::int64_t>() <= INT_MAX;
    if (!fits) return Fail(key, "is out of range");
    *out = static_cast<int>(v->get<std::int64_t>());
    return Status::Ok();
  }

  // A member that must be an object; `*out` reads it with the same `where`.
  Status Object(std::string_view key, const json** out) const {
    return Typed(key, &json::is_object, "an object", out);
  }
  Status Array(std::string_view key, const json** out) const {
    return Typed(key, &json::is_array, "an array", out);
  }
  ObjectReader Nested(const json& obj, std::string_view key) const {
    return ObjectReader(obj, where_, FieldPath(key));
  }

  // {"zh": "…", "en": "…"}: both required and non-empty, nothing else.
  Status Text(std::string_view key, LocalizedText* out) const {
    const json* v = nullptr;
    if (Status s = Object(key, &v); !s.ok()) return s;
    const ObjectReader text = Nested(*v, key);
    if (Status s = text.OnlyFields({"zh", "en"}); !s.ok()) return s;
    LocalizedText result;
    if (Status s = text.String("zh", &result.zh); !s.ok()) return s;
    if (Status s = text.String("en", &result.en); !s.ok()) return s;
    *out = std::move(result);
    return Status::Ok();
  }

  // An array of non-empty strings (possibly empty).
  Status StringList(std::string_view key, std::vector<std::string>* out) const {
    const json* v = nullptr;
    if (Status s = Array(key, &v); !s.ok()) return s;
    std::vector<std::string> result;
    for (size_t i = 0; i < v->size(); ++i) {
      const json& e = v->at(i);
      const std::string at = FieldPath(key) + "[" + std::to_string(i) + "]";
      if (!e.is_string() || e.get_ref<const std::string&>().empty()) {
        return Bad(where_, at + " must be a non-empty string");
      }
      result.push_back(e.get<std::string>());
    }
    *out = std::move(result);
    return Status::Ok();
  }

  // Positional element `i` of array member `key`, which must be an object.
  Status Element(const json& array, std::string_view key, size_t i, const json** out) const {
    const json& e = array.at(i);
    const std::string at = FieldPath(key) + "[" + std::to_string(i) + "]";
    if (!e.is_object()) return Bad(where_, at + " must be an object, got " + e.type_name());
    *out = &e;
    return Status::Ok();
  }

 private:
  const json& obj_;
  std::string where_;
  std::string path_;
};

Status ParseResponseScale(const ObjectReader& top, std::vector<ResponseOption>* out) {
  const json* array = nullptr;
  if (Status s = top.Array("response_scale", &array); !s.ok()) return s;
  if (array->empty()) return top.Fail("response_scale", "must have at least one option");
  std::vector<ResponseOption> options;
  for (size_t i = 0; i < array->size(); ++i) {
    const json* e = nullptr;
    if (Status s = top.Element(*array, "response_scale", i, &e); !s.ok()) return s;
    const ObjectReader option(*e, "", "response_scale[" + std::to_string(i) + "]");
    ResponseOption o;
    if (Status s = option.OnlyFields({"value", "label"}); !s.ok()) return s;
    if (Status s = option.Int("value", &o.value); !s.ok()) return s;
    // 0 is how an unanswered item is recorded, so no option may use it.
    if (o.value < 1) return option.Fail("value", "must be at least 1 (0 means unanswered)");
    if (!options.empty() && o.value <= options.back().value) {
      return option.Fail("value", "must be greater than the value before it (" +
                                      std::to_string(options.back().value) + " then " +
                                      std::to_string(o.value) +
                                      "): values are distinct and ascending");
    }
    if (Status s = option.Text("label", &o.label); !s.ok()) return s;
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
    if (Status s = reader.OnlyFields({"id", "name"}); !s.ok()) return s;
    if (Status s = reader.Text("name", &scale.name); !s.ok()) return s;
    scales.push_back(std::move(scale));
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
    if (!IsPlainId(item.id)) {
      return Bad(position, "id " + Quote(item.id) + " must be 1-64 of A-Z a-z 0-9 _ -");
    }
    const ObjectReader reader(*e, "item " + item.id, "");
    if (!seen.insert(item.id).second) {
      return reader.Fail("id", "is used by more than one item (again at " + position + ")");
    }
    if (Status s = reader.OnlyFields({"id", "scale", "keyed", "text"}); !s.ok()) return s;
    if (Status s = reader.String("scale", &item.scale); !s.ok()) return s;
    if (!instrument.FindScale(item.scale)) {
      std::vector<std::string> ids;
      for (const Scale& scale : instrument.scales) ids.push_back(scale.id);
      return Bad("item " + item.id, "scale " + Quote(item.scale) +
                                        " is not one of the instrument's scales (" + Join(ids) +
                                        ")");
    }
    if (Status s = reader.Int("keyed", &item.keyed); !s.ok()) return s;
    if (item.keyed != 1 && item.keyed != -1) {
      return reader.Fail("keyed", "must be 1 or -1, got " + std::to_string(item.keyed));
    }
    if (Status s = reader.Text("text", &item.text); !s.ok()) return s;
    items.push_back(std::move(item));
  }
  *out = std::move(items);
  return Status::Ok();
}

Status ParseScoring(const ObjectReader& top, Instrument* instrument) {
  const json* v = nullptr;
  if (Status s = top.Object("scoring", &v); !s.ok()) return s;
  const ObjectReader scoring = top.Nested(*v, "scoring");
  if (Status s = scoring.OnlyFields({"method", "profile", "missing"}); !s.ok()) return s;
  std::string method, missing;
  if (Status s = scoring.String("method", &method); !s.ok()) return s;
  if (method != "sum") return scoring.Fail("method", "must be \"sum\", got " + Quote(method));
  if (Status s = scoring.String("missing", &missing); !s.ok()) return s;
  if (missing != "none") return scoring.Fail("missing", "must be \"none\", got " + Quote(missing));

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
                                 "license", "attribution", "translation_status", "instructions",
                                 "response_scale", "scales", "items", "scoring", "norms", "notes"});
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
  if (Status s = top.Text("instructions", &in.instructions); !s.ok()) return s;
  if (Status s = ParseResponseScale(top, &in.response_scale); !s.ok()) return s;
  if (Status s = ParseScales(top, &in.scales); !s.ok()) return s;
  if (Status s = ParseItems(top, in, &in.items); !s.ok()) return s;
  for (const Scale& scale : in.scales) {
    bool used = false;
    for (const Item& item : in.items) used = used || item.scale == scale.id;
    if (!used) return Bad("scale " + scale.id, "has no items");
  }
  if (Status s = ParseScoring(top, &in); !s.ok()) return s;

  const json* norms = nullptr;
  if (Status s = top.Member("norms", &norms); !s.ok()) return s;
  if (!norms->is_null()) {
    return top.Fail("norms", std::string("must be null: norm tables are not supported yet, got ") +
                                 norms->type_name());
  }
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

Status LoadInstrumentFile(const std::string& path, Instrument* out) {
  std::string text;
  if (Status s = ReadTextFile(path, &text); !s.ok()) return s;
  return ParseInstrument(text, path, out);
}

}  // namespace careerbot::knowledge
