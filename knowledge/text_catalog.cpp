#include "knowledge/text_catalog.h"

#include <algorithm>
#include <nlohmann/json.hpp>

#include "knowledge/json_file.h"

namespace careerbot::knowledge {

// A brace that does not enclose a plain name ("{", "{ }") is left as text.
std::vector<std::string> PlaceholdersOf(const std::string& text) {
  std::vector<std::string> names;
  size_t pos = 0;
  while ((pos = text.find('{', pos)) != std::string::npos) {
    const size_t end = text.find('}', pos + 1);
    if (end == std::string::npos) break;
    std::string name = text.substr(pos + 1, end - pos - 1);
    const bool plain = !name.empty() && std::all_of(name.begin(), name.end(), [](char c) {
      return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
    });
    if (plain) names.push_back(std::move(name));
    pos = plain ? end + 1 : pos + 1;
  }
  std::sort(names.begin(), names.end());
  names.erase(std::unique(names.begin(), names.end()), names.end());
  return names;
}

namespace {

std::string Join(const std::vector<std::string>& names) {
  std::string out;
  for (const auto& n : names) out += (out.empty() ? "{" : ", {") + n + "}";
  return out.empty() ? "none" : out;
}

}  // namespace

Status TextCatalog::LoadFile(const std::string& path, TextCatalog* out) {
  std::string text;
  if (Status s = ReadTextFile(path, &text); !s.ok()) return s;
  return LoadJson(text, path, out);
}

Status TextCatalog::LoadJson(std::string_view json_text, const std::string& source_name,
                             TextCatalog* out) {
  nlohmann::json doc;
  if (Status s = ParseJson(json_text, source_name, &doc); !s.ok()) return s;
  if (!doc.is_object()) return Status::InvalidArgument(source_name + ": must be a JSON object");
  TextCatalog catalog;
  catalog.source_name_ = source_name;
  for (const auto& [key, value] : doc.items()) {
    if (key.rfind("_", 0) == 0) continue;  // "_comment" and the like
    const std::string where = source_name + ": text \"" + key + "\"";
    if (!value.is_object()) return Status::InvalidArgument(where + ": must be an object {\"zh\", \"en\"}");
    Entry entry;
    for (Lang lang : kAllLangs) {
      const char* code = LangCode(lang);
      auto it = value.find(code);
      if (it == value.end() || !it->is_string() || it->get_ref<const std::string&>().empty()) {
        return Status::InvalidArgument(where + ": missing the \"" + code + "\" text");
      }
      entry.text[static_cast<int>(lang)] = it->get<std::string>();
    }
    auto zh = PlaceholdersOf(entry.text[0]);
    auto en = PlaceholdersOf(entry.text[1]);
    if (zh != en) {
      return Status::InvalidArgument(where + ": placeholders differ between languages (zh " +
                                     Join(zh) + ", en " + Join(en) + ")");
    }
    entry.placeholders = std::move(zh);
    catalog.entries_.emplace(key, std::move(entry));
  }
  *out = std::move(catalog);
  return Status::Ok();
}

bool TextCatalog::Has(std::string_view key) const { return entries_.find(key) != entries_.end(); }

Status TextCatalog::Require(const std::vector<std::string>& keys) const {
  for (const auto& key : keys) {
    if (!Has(key)) return Status::InvalidArgument(source_name_ + ": missing text \"" + key + "\"");
  }
  return Status::Ok();
}

Status TextCatalog::RequirePlaceholders(const std::string& key,
                                        const std::vector<std::string>& names) const {
  auto it = entries_.find(key);
  if (it == entries_.end()) {
    return Status::InvalidArgument(source_name_ + ": missing text \"" + key + "\"");
  }
  std::vector<std::string> expected = names;
  std::sort(expected.begin(), expected.end());
  for (const auto& name : it->second.placeholders) {
    if (!std::binary_search(expected.begin(), expected.end(), name)) {
      return Status::InvalidArgument(source_name_ + ": text \"" + key +
                                     "\" has an unknown placeholder {" + name + "} (known: " +
                                     Join(expected) + ")");
    }
  }
  return Status::Ok();
}

std::string TextCatalog::Render(std::string_view key, Lang lang, const TextParams& params) const {
  auto it = entries_.find(key);
  if (it == entries_.end()) return "[" + std::string(key) + "]";
  const std::string& text = it->second.text[static_cast<int>(lang)];
  if (it->second.placeholders.empty()) return text;
  return FillPlaceholders(text, params);
}

std::string FillPlaceholders(const std::string& text, const TextParams& params) {
  std::string out;
  out.reserve(text.size() + 64);
  size_t pos = 0;
  while (pos < text.size()) {
    const size_t open = text.find('{', pos);
    if (open == std::string::npos) break;
    const size_t close = text.find('}', open + 1);
    if (close == std::string::npos) break;
    const std::string_view name(text.data() + open + 1, close - open - 1);
    auto param = std::find_if(params.begin(), params.end(),
                              [&](const auto& p) { return p.first == name; });
    out.append(text, pos, open - pos);
    if (param != params.end()) {
      out += param->second;
    } else {
      out.append(text, open, close - open + 1);  // not a placeholder of this call: keep as is
    }
    pos = close + 1;
  }
  out.append(text, pos, std::string::npos);
  return out;
}

}  // namespace careerbot::knowledge
