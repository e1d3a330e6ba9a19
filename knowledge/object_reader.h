// Checked reading of JSON data files (instruments, norms, interpretation, training).
// Private to the knowledge room.
//
// Every read goes through ObjectReader, which checks presence and type before it
// touches a value, so a malformed file is an InvalidArgument that names the field,
// never a nlohmann exception or a default-constructed value. Messages read
// "<where>: <what>": <where> is "item R9", "scale R", "items[3]" (an element whose
// id is not known yet) or empty for a document's own fields, and <what> starts with
// the field's path ("text.en is missing"). The caller prefixes the file name.
#pragma once

#include <climits>
#include <cmath>
#include <cstdint>
#include <initializer_list>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "base/status.h"
#include "knowledge/localized_text.h"

namespace careerbot::knowledge {

inline Status Bad(const std::string& where, const std::string& what) {
  return Status::InvalidArgument(where.empty() ? what : where + ": " + what);
}

inline std::string Quote(std::string_view s) { return "\"" + std::string(s) + "\""; }

inline std::string Join(const std::vector<std::string>& parts, const char* sep = ", ") {
  std::string out;
  for (const std::string& p : parts) out += (out.empty() ? "" : sep) + p;
  return out;
}

// Ids appear in snapshots, choice ids, CSV headers and Holland codes: keep them
// plain ASCII. '.' is allowed for item ids that are O*NET element ids ("1.B.2.a.1").
inline bool IsPlainId(std::string_view s, bool allow_dot = false) {
  if (s.empty() || s.size() > 64) return false;
  for (char c : s) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                    c == '_' || c == '-' || (allow_dot && c == '.');
    if (!ok) return false;
  }
  return true;
}

class ObjectReader {
 public:
  using json = nlohmann::json;

  // `schema` names the document kind in the unknown-field message
  // ("instrument schema (docs/instruments.md)").
  ObjectReader(const json& obj, std::string where, std::string path,
               std::string schema = "instrument schema (docs/instruments.md)")
      : obj_(obj), where_(std::move(where)), path_(std::move(path)), schema_(std::move(schema)) {}

  const std::string& where() const { return where_; }
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
      if (!listed) return Fail(key, "is not a field of the " + schema_);
    }
    return Status::Ok();
  }

  bool Has(std::string_view key) const { return obj_.find(std::string(key)) != obj_.end(); }
  // Present and not null.
  bool HasValue(std::string_view key) const {
    auto it = obj_.find(std::string(key));
    return it != obj_.end() && !it->is_null();
  }

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

  Status Double(std::string_view key, double* out) const {
    const json* v = nullptr;
    if (Status s = Typed(key, &json::is_number, "a number", &v); !s.ok()) return s;
    const double d = v->get<double>();
    if (!std::isfinite(d)) return Fail(key, "must be a finite number");
    *out = d;
    return Status::Ok();
  }

  Status Bool(std::string_view key, bool* out) const {
    const json* v = nullptr;
    if (Status s = Typed(key, &json::is_boolean, "true or false", &v); !s.ok()) return s;
    *out = v->get<bool>();
    return Status::Ok();
  }

  Status Object(std::string_view key, const json** out) const {
    return Typed(key, &json::is_object, "an object", out);
  }
  Status Array(std::string_view key, const json** out) const {
    return Typed(key, &json::is_array, "an array", out);
  }
  ObjectReader Nested(const json& obj, std::string_view key) const {
    return ObjectReader(obj, where_, FieldPath(key), schema_);
  }

  // {"zh": "…", "en": "…"}: both required and non-empty, nothing else. With
  // `langs` given, exactly those languages must be present (an English-only
  // instrument carries no zh item text: its licence allows no translation).
  Status Text(std::string_view key, LocalizedText* out,
              const std::vector<Lang>& langs = {Lang::kZh, Lang::kEn}) const {
    const json* v = nullptr;
    if (Status s = Object(key, &v); !s.ok()) return s;
    const ObjectReader text = Nested(*v, key);
    if (Status s = text.OnlyFields({"zh", "en"}); !s.ok()) return s;
    LocalizedText result;
    for (Lang lang : kAllLangs) {
      const char* code = LangCode(lang);
      bool wanted = false;
      for (Lang l : langs) wanted = wanted || l == lang;
      if (!wanted) {
        if (text.Has(code)) {
          return text.Fail(code, "must not be given: the instrument's \"languages\" do not include " +
                                     std::string(code));
        }
        continue;
      }
      if (Status s = text.String(code, lang == Lang::kEn ? &result.en : &result.zh); !s.ok()) return s;
    }
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

  // An array of language codes "zh" / "en", at least one, no repeats.
  Status LangList(std::string_view key, std::vector<Lang>* out) const {
    std::vector<std::string> codes;
    if (Status s = StringList(key, &codes); !s.ok()) return s;
    if (codes.empty()) return Fail(key, "must name at least one language");
    std::vector<Lang> langs;
    for (const std::string& code : codes) {
      if (code != "zh" && code != "en") return Fail(key, "has " + Quote(code) + ": languages are \"zh\" and \"en\"");
      const Lang lang = code == "en" ? Lang::kEn : Lang::kZh;
      for (Lang l : langs) {
        if (l == lang) return Fail(key, "names " + Quote(code) + " twice");
      }
      langs.push_back(lang);
    }
    *out = std::move(langs);
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
  std::string schema_;
};

}  // namespace careerbot::knowledge
