#include "knowledge/service_flow.h"

#include <algorithm>
#include <set>

#include "knowledge/json_file.h"

namespace careerbot::knowledge {
namespace {

using nlohmann::json;
using Kind = IntakeField::Kind;

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

Status ReadStrings(const json& obj, const char* name, const std::string& where,
                   std::vector<std::string>* out) {
  auto it = obj.find(name);
  if (it == obj.end()) return Status::Ok();
  if (!it->is_array()) return Status::InvalidArgument(where + ": \"" + name + "\" must be a list of strings");
  for (const auto& v : *it) {
    if (!v.is_string() || v.get_ref<const std::string&>().empty()) {
      return Status::InvalidArgument(where + ": \"" + name + "\" must be a list of non-empty strings");
    }
    out->push_back(v.get<std::string>());
  }
  return Status::Ok();
}

Status ReadChoices(const json& obj, const char* name, const std::string& where,
                   std::vector<ChoiceOption>* out) {
  auto it = obj.find(name);
  if (it == obj.end()) return Status::Ok();
  if (!it->is_array() || it->empty()) {
    return Status::InvalidArgument(where + ": \"" + name + "\" must be a non-empty list");
  }
  std::set<std::string> ids;
  for (const auto& choice : *it) {
    if (!choice.is_object()) return Status::InvalidArgument(where + ": each choice must be an object");
    ChoiceOption option;
    if (Status s = ReadString(choice, "id", where + ": choice", &option.id); !s.ok()) return s;
    if (option.id.find(',') != std::string::npos) {
      return Status::InvalidArgument(where + ": choice \"" + option.id + "\" must not contain a comma");
    }
    if (Status s = ReadString(choice, "label", where + ": choice \"" + option.id + "\"", &option.label_key);
        !s.ok()) {
      return s;
    }
    if (!ids.insert(option.id).second) {
      return Status::InvalidArgument(where + ": duplicate choice \"" + option.id + "\"");
    }
    out->push_back(std::move(option));
  }
  return Status::Ok();
}

const std::map<std::string, Kind>& KindNames() {
  static const std::map<std::string, Kind> kinds = {{"text", Kind::kText},
                                                    {"integer", Kind::kInteger},
                                                    {"choice", Kind::kChoice},
                                                    {"multi_choice", Kind::kMultiChoice},
                                                    {"ranking", Kind::kRanking}};
  return kinds;
}

Status ParseField(const json& item, const std::string& file, const std::vector<IntakeField>& earlier,
                  IntakeField* field) {
  if (!item.is_object()) return Status::InvalidArgument(file + ": each intake field must be an object");
  if (Status s = ReadString(item, "id", file + ": intake field", &field->id); !s.ok()) return s;
  const std::string where = file + ": intake field \"" + field->id + "\"";
  std::string kind;
  Status s;
  if (s = ReadString(item, "kind", where, &kind); !s.ok()) return s;
  auto known = KindNames().find(kind);
  if (known == KindNames().end()) {
    return Status::InvalidArgument(where + ": \"kind\" must be text, integer, choice, multi_choice or "
                                   "ranking, not \"" + kind + "\"");
  }
  field->kind = known->second;
  if (s = ReadString(item, "section", where, &field->section); !s.ok()) return s;
  if (s = ReadString(item, "prompt", where, &field->prompt_key); !s.ok()) return s;
  if (s = ReadString(item, "reprompt", where, &field->reprompt_key); !s.ok()) return s;
  if (auto opt = item.find("optional"); opt != item.end()) {
    if (!opt->is_boolean()) return Status::InvalidArgument(where + ": \"optional\" must be true or false");
    field->optional = opt->get<bool>();
  }
  if (auto show = item.find("then_show"); show != item.end()) {
    if (!show->is_string() || show->get<std::string>() != "labour_market") {
      return Status::InvalidArgument(where + ": \"then_show\" can only be \"labour_market\"");
    }
    field->then_show = show->get<std::string>();
  }
  if (s = ReadChoices(item, "choices", where, &field->choices); !s.ok()) return s;
  if (s = ReadChoices(item, "fallback_choices", where, &field->fallback_choices); !s.ok()) return s;
  if (s = ReadStrings(item, "units", where, &field->units); !s.ok()) return s;
  const bool needs_range = field->kind != Kind::kChoice;
  if (needs_range) {
    if (s = ReadInt(item, "min", where, &field->min); !s.ok()) return s;
    if (s = ReadInt(item, "max", where, &field->max); !s.ok()) return s;
    if (field->min < 0 || field->min > field->max) return Status::InvalidArgument(where + ": needs 0 <= min <= max");
  }
  const bool has_choices = field->kind == Kind::kChoice || field->kind == Kind::kMultiChoice ||
                           field->kind == Kind::kRanking;
  if (has_choices && field->choices.empty()) {
    return Status::InvalidArgument(where + ": \"choices\" must be a non-empty list");
  }
  if (!has_choices && !field->choices.empty()) {
    return Status::InvalidArgument(where + ": a " + kind + " field has no \"choices\" (use fallback_choices)");
  }
  if ((field->kind == Kind::kMultiChoice || field->kind == Kind::kRanking) &&
      (field->min < 1 || static_cast<size_t>(field->max) > field->choices.size())) {
    return Status::InvalidArgument(where + ": needs 1 <= min <= max <= the number of choices");
  }
  if (auto when = item.find("when"); when != item.end()) {
    if (!when->is_object()) return Status::InvalidArgument(where + ": \"when\" must be an object {\"field\", \"in\"}");
    FieldCondition condition;
    if (s = ReadString(*when, "field", where + ": when", &condition.field); !s.ok()) return s;
    if (s = ReadStrings(*when, "in", where + ": when", &condition.in); !s.ok()) return s;
    auto target = std::find_if(earlier.begin(), earlier.end(),
                               [&](const IntakeField& f) { return f.id == condition.field; });
    if (target == earlier.end()) {
      return Status::InvalidArgument(where + ": \"when\" names \"" + condition.field +
                                     "\", which is not an earlier field");
    }
    for (const auto& value : condition.in) {
      const bool offered = std::any_of(target->choices.begin(), target->choices.end(),
                                       [&](const ChoiceOption& c) { return c.id == value; });
      if (!offered) {
        return Status::InvalidArgument(where + ": \"when\" value \"" + value + "\" is not a choice of \"" +
                                       condition.field + "\"");
      }
    }
    field->when.push_back(std::move(condition));
  }
  return Status::Ok();
}

Status ParsePlan(const json& doc, const std::string& file, const std::vector<IntakeField>& intake,
                 PlanRules* plan) {
  auto it = doc.find("plan");
  if (it == doc.end() || !it->is_object()) return Status::InvalidArgument(file + ": \"plan\" must be an object");
  const std::string where = file + ": plan";
  if (Status s = ReadStrings(*it, "always", where, &plan->always); !s.ok()) return s;
  if (plan->always.empty()) return Status::InvalidArgument(where + ": \"always\" must name at least one instrument");
  if (Status s = ReadStrings(*it, "optional", where, &plan->optional); !s.ok()) return s;
  const IntakeField* goal = nullptr;
  for (const auto& f : intake) {
    if (f.id == "goal") goal = &f;
  }
  if (auto by_goal = it->find("by_goal"); by_goal != it->end()) {
    if (!by_goal->is_object()) return Status::InvalidArgument(where + ": \"by_goal\" must be an object");
    for (const auto& [goal_id, list] : by_goal->items()) {
      const bool known = goal && std::any_of(goal->choices.begin(), goal->choices.end(),
                                             // A named capture: clang before 16 cannot capture a
                                             // structured binding (the fuzz build uses clang 14).
                                             [&id = goal_id](const ChoiceOption& c) { return c.id == id; });
      if (!known) return Status::InvalidArgument(where + ": by_goal: \"" + goal_id + "\" is not a choice of \"goal\"");
      json wrapper = {{"list", list}};
      if (Status s = ReadStrings(wrapper, "list", where + ": by_goal: " + goal_id, &plan->by_goal[goal_id]); !s.ok()) {
        return s;
      }
    }
  }
  if (auto reasons = it->find("reasons"); reasons != it->end()) {
    if (!reasons->is_object()) return Status::InvalidArgument(where + ": \"reasons\" must be an object");
    for (const auto& [instrument, key] : reasons->items()) {
      if (!key.is_string()) return Status::InvalidArgument(where + ": reasons: \"" + instrument + "\" must be a text key");
      plan->reason_keys[instrument] = key.get<std::string>();
    }
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
    if (Status s = ParseField(item, path, flow.intake, &field); !s.ok()) return s;
    if (!ids.insert(field.id).second) {
      return Status::InvalidArgument(path + ": duplicate intake field \"" + field.id + "\"");
    }
    flow.intake.push_back(std::move(field));
  }
  if (Status s = ParsePlan(doc, path, flow.intake, &flow.plan); !s.ok()) return s;
  *out = std::move(flow);
  return Status::Ok();
}

}  // namespace careerbot::knowledge
