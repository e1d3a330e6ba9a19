#include "knowledge/service_flow.h"

#include <set>

#include "knowledge/json_file.h"

namespace careerbot::knowledge {
namespace {

using nlohmann::json;

Status ReadString(const json& obj, const char* name, const std::string& where, std::string* out) {
  auto it = obj.find(name);
  if (it == obj.end() || !it->is_string() || it->get_ref<const std::string&>().empty()) {
    return Status::InvalidArgument(where + ": \"" + name + "\" must be a non-empty string");
  }
  *out = it->get<std::string>();
  return Status::Ok();
}

Status ReadInt(const json& obj, const char* name, const std::string& where, int* out) {
  auto it = obj.find(name);
  if (it == obj.end() || !it->is_number_integer()) {
    return Status::InvalidArgument(where + ": \"" + name + "\" must be an integer");
  }
  *out = it->get<int>();
  return Status::Ok();
}

Status ParseField(const json& item, const std::string& where_file, IntakeField* field) {
  if (!item.is_object()) return Status::InvalidArgument(where_file + ": each intake field must be an object");
  Status s = ReadString(item, "id", where_file + ": intake field", &field->id);
  if (!s.ok()) return s;
  const std::string where = where_file + ": intake field \"" + field->id + "\"";
  std::string kind;
  if (s = ReadString(item, "kind", where, &kind); !s.ok()) return s;
  if (s = ReadString(item, "prompt", where, &field->prompt_key); !s.ok()) return s;
  if (s = ReadString(item, "reprompt", where, &field->reprompt_key); !s.ok()) return s;
  field->optional = item.value("optional", false);
  if (kind == "text" || kind == "integer") {
    field->kind = kind == "text" ? IntakeField::Kind::kText : IntakeField::Kind::kInteger;
    if (s = ReadInt(item, "min", where, &field->min); !s.ok()) return s;
    if (s = ReadInt(item, "max", where, &field->max); !s.ok()) return s;
    if (field->min > field->max || field->min < 0) {
      return Status::InvalidArgument(where + ": needs 0 <= min <= max");
    }
    if (field->kind == IntakeField::Kind::kInteger && item.contains("units")) {
      const json& units = item.at("units");
      if (!units.is_array()) return Status::InvalidArgument(where + ": \"units\" must be a list of strings");
      for (const auto& unit : units) {
        if (!unit.is_string() || unit.get_ref<const std::string&>().empty()) {
          return Status::InvalidArgument(where + ": \"units\" must be a list of non-empty strings");
        }
        field->units.push_back(unit.get<std::string>());
      }
    }
  } else if (kind == "choice") {
    field->kind = IntakeField::Kind::kChoice;
    auto it = item.find("choices");
    if (it == item.end() || !it->is_array() || it->empty()) {
      return Status::InvalidArgument(where + ": \"choices\" must be a non-empty list");
    }
    std::set<std::string> ids;
    for (const auto& choice : *it) {
      if (!choice.is_object()) return Status::InvalidArgument(where + ": each choice must be an object");
      ChoiceOption option;
      if (s = ReadString(choice, "id", where + ": choice", &option.id); !s.ok()) return s;
      if (s = ReadString(choice, "label", where + ": choice \"" + option.id + "\"", &option.label_key); !s.ok()) return s;
      if (!ids.insert(option.id).second) {
        return Status::InvalidArgument(where + ": duplicate choice \"" + option.id + "\"");
      }
      field->choices.push_back(std::move(option));
    }
  } else {
    return Status::InvalidArgument(where + ": \"kind\" must be text, integer or choice, not \"" + kind + "\"");
  }
  return Status::Ok();
}

}  // namespace

const IntakeField* ServiceFlow::FindField(const std::string& id) const {
  for (const auto& field : intake) {
    if (field.id == id) return &field;
  }
  return nullptr;
}

Status LoadServiceFlowFile(const std::string& path, ServiceFlow* out) {
  json doc;
  if (Status s = ReadJsonFile(path, &doc); !s.ok()) return s;
  if (!doc.is_object()) return Status::InvalidArgument(path + ": must be a JSON object");
  ServiceFlow flow;
  if (Status s = ReadString(doc, "privacy_notice_version", path, &flow.privacy_notice_version); !s.ok()) return s;
  auto intake = doc.find("intake");
  if (intake == doc.end() || !intake->is_array() || intake->empty()) {
    return Status::InvalidArgument(path + ": \"intake\" must be a non-empty list of fields");
  }
  std::set<std::string> ids;
  for (const auto& item : *intake) {
    IntakeField field;
    if (Status s = ParseField(item, path, &field); !s.ok()) return s;
    if (!ids.insert(field.id).second) {
      return Status::InvalidArgument(path + ": duplicate intake field \"" + field.id + "\"");
    }
    flow.intake.push_back(std::move(field));
  }
  auto plan = doc.find("default_assessments");
  if (plan == doc.end() || !plan->is_array() || plan->empty()) {
    return Status::InvalidArgument(path + ": \"default_assessments\" must be a non-empty list of instrument ids");
  }
  for (const auto& id : *plan) {
    if (!id.is_string()) return Status::InvalidArgument(path + ": \"default_assessments\" must hold strings");
    flow.default_assessments.push_back(id.get<std::string>());
  }
  *out = std::move(flow);
  return Status::Ok();
}

}  // namespace careerbot::knowledge
