#include "knowledge/agreement.h"

#include <algorithm>

#include "knowledge/json_file.h"

namespace careerbot::knowledge {
namespace {

using nlohmann::json;

const std::vector<std::string> kPlaceholders = {"contact", "institution", "registration_no"};

Status ReadLocalized(const json& obj, const char* name, const std::string& where, LocalizedText* out) {
  auto it = obj.find(name);
  if (it == obj.end() || !it->is_object()) {
    return Status::InvalidArgument(where + ": \"" + name + "\" must be an object {\"zh\", \"en\"}");
  }
  for (const char* lang : {"zh", "en"}) {
    auto text = it->find(lang);
    if (text == it->end() || !text->is_string() || text->get_ref<const std::string&>().empty()) {
      return Status::InvalidArgument(where + ": \"" + name + "\" is missing its \"" + lang + "\" text");
    }
    std::string value = text->get<std::string>();
    for (const auto& p : PlaceholdersOf(value)) {
      if (std::find(kPlaceholders.begin(), kPlaceholders.end(), p) == kPlaceholders.end()) {
        return Status::InvalidArgument(where + ": \"" + name + "\" (" + lang + ") has an unknown placeholder {" + p +
                                       "}");
      }
    }
    (std::string(lang) == "zh" ? out->zh : out->en) = std::move(value);
  }
  return Status::Ok();
}

}  // namespace

std::string Agreement::Render(Lang lang, const TextParams& params) const {
  std::string out = FillPlaceholders(title.in(lang), params);
  for (const auto& section : sections) {
    out += "\n\n";
    out += FillPlaceholders(section.heading.in(lang), params);
    out += "\n";
    out += FillPlaceholders(section.body.in(lang), params);
  }
  return out;
}

Status LoadAgreementFile(const std::string& path, Agreement* out) {
  json doc;
  if (Status s = ReadJsonFile(path, &doc); !s.ok()) return s;
  if (!doc.is_object()) return Status::InvalidArgument(path + ": must be a JSON object");
  Agreement agreement;
  auto version = doc.find("version");
  if (version == doc.end() || !version->is_string() || version->get_ref<const std::string&>().empty()) {
    return Status::InvalidArgument(path + ": \"version\" must be a non-empty string");
  }
  agreement.version = version->get<std::string>();
  if (Status s = ReadLocalized(doc, "title", path, &agreement.title); !s.ok()) return s;
  auto sections = doc.find("sections");
  if (sections == doc.end() || !sections->is_array() || sections->empty()) {
    return Status::InvalidArgument(path + ": \"sections\" must be a non-empty list");
  }
  for (size_t i = 0; i < sections->size(); ++i) {
    const std::string where = path + ": section " + std::to_string(i + 1);
    AgreementSection section;
    if (!(*sections)[i].is_object()) return Status::InvalidArgument(where + ": must be an object");
    if (Status s = ReadLocalized((*sections)[i], "heading", where, &section.heading); !s.ok()) return s;
    if (Status s = ReadLocalized((*sections)[i], "body", where, &section.body); !s.ok()) return s;
    agreement.sections.push_back(std::move(section));
  }
  *out = std::move(agreement);
  return Status::Ok();
}

}  // namespace careerbot::knowledge
