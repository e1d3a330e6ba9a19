#include "dialog/intake_fields.h"

#include <algorithm>

#include "dialog/answer_matching.h"
#include "knowledge/knowledge_base.h"
#include "knowledge/numerals.h"
#include "knowledge/text_normalizer.h"

namespace careerbot::dialog {
namespace {

using Field = knowledge::IntakeField;

// Trims ASCII and ideographic spaces from both ends of what the client typed.
std::string TrimSpaces(const std::string& s) {
  auto space_at = [&](size_t i) -> size_t {
    if (s[i] == ' ' || s[i] == '\t' || s[i] == '\n' || s[i] == '\r') return 1;
    if (s.compare(i, 3, "\xE3\x80\x80") == 0) return 3;  // U+3000
    return 0;
  };
  size_t begin = 0;
  while (begin < s.size() && space_at(begin)) begin += space_at(begin);
  size_t end = s.size();
  while (end > begin) {
    size_t back = end - 1;
    while (back > begin && (static_cast<unsigned char>(s[back]) & 0xC0) == 0x80) --back;
    const size_t len = space_at(back);
    if (len == 0 || back + len != end) break;
    end = back;
  }
  return s.substr(begin, end - begin);
}

std::string Join(const std::vector<std::string>& parts, const std::string& separator) {
  std::string out;
  for (const auto& p : parts) out += (out.empty() ? "" : separator) + p;
  return out;
}

}  // namespace

std::vector<Choice> FieldChoices(const ServiceMachine& m, const std::vector<knowledge::ChoiceOption>& options) {
  std::vector<Choice> choices;
  for (const auto& option : options) choices.push_back({option.id, m.Text(option.label_key)});
  return choices;
}

std::optional<std::string> ReadFieldAnswer(const ServiceMachine& m, const Field& field, const EvInput& input) {
  switch (field.kind) {
    case Field::Kind::kText: {
      if (input.choice) return std::nullopt;
      std::string value = TrimSpaces(input.raw);
      const size_t chars = knowledge::CountCodePoints(value);
      const bool has_control = std::any_of(value.begin(), value.end(), [](char c) {
        return static_cast<unsigned char>(c) < 0x20 || c == 0x7F;
      });
      if (chars < static_cast<size_t>(field.min) || chars > static_cast<size_t>(field.max) || has_control) {
        return std::nullopt;
      }
      return value;
    }
    case Field::Kind::kInteger: {
      if (input.choice) return std::nullopt;
      std::vector<std::string> units;
      for (const auto& unit : field.units) units.push_back(knowledge::NormalizeText(unit));
      auto n = knowledge::ParseQuantity(input.normalized, units);
      if (!n || *n < field.min || *n > field.max) return std::nullopt;
      return std::to_string(*n);
    }
    case Field::Kind::kChoice:
      return MatchChoice(FieldChoices(m, field.choices), input);
    case Field::Kind::kMultiChoice:
    case Field::Kind::kRanking: {
      auto picks = MatchChoices(FieldChoices(m, field.choices), input);
      if (!picks || picks->size() < static_cast<size_t>(field.min) ||
          picks->size() > static_cast<size_t>(field.max)) {
        return std::nullopt;
      }
      return Join(*picks, ",");
    }
  }
  return std::nullopt;
}

std::string DisplayFieldValue(const ServiceMachine& m, const Field& field, const std::string& value) {
  auto label_of = [&](const std::string& id) {
    for (const auto* list : {&field.choices, &field.fallback_choices}) {
      for (const auto& option : *list) {
        if (option.id == id) return m.Text(option.label_key);
      }
    }
    return id;
  };
  if (field.kind == Field::Kind::kText || (field.kind == Field::Kind::kInteger && field.fallback_choices.empty())) {
    return value;
  }
  if (field.kind == Field::Kind::kInteger) return label_of(value) == value ? value : label_of(value);
  std::vector<std::string> labels;
  size_t start = 0;
  while (start <= value.size()) {
    size_t end = value.find(',', start);
    if (end == std::string::npos) end = value.size();
    labels.push_back(label_of(value.substr(start, end - start)));
    start = end + 1;
  }
  return Join(labels, m.Text("list.separator"));
}

bool FieldApplies(const Field& field, const SessionContext& ctx) {
  for (const auto& condition : field.when) {
    auto answer = ctx.profile.find(condition.field);
    if (answer == ctx.profile.end()) return false;
    if (std::find(condition.in.begin(), condition.in.end(), answer->second) == condition.in.end()) return false;
  }
  return true;
}

}  // namespace careerbot::dialog
