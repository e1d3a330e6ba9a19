#include "dialog/states/intake.h"

#include <algorithm>

#include "dialog/answer_matching.h"
#include "dialog/states/assessment.h"
#include "knowledge/knowledge_base.h"
#include "knowledge/numerals.h"
#include "knowledge/text_normalizer.h"

namespace careerbot::dialog {
namespace {

using Field = knowledge::IntakeField;

knowledge::TextParams FieldParams(const ServiceMachine& m, const Field& field) {
  return {{"name", m.ClientName()},
          {"min", std::to_string(field.min)},
          {"max", std::to_string(field.max)}};
}

std::vector<Choice> FieldChoices(const ServiceMachine& m, const Field& field) {
  std::vector<Choice> choices;
  for (const auto& option : field.choices) choices.push_back({option.id, m.Text(option.label_key)});
  return choices;
}

// Trims ASCII and ideographic spaces from both ends of what the client typed.
std::string TrimSpaces(const std::string& s) {
  auto is_space = [&](size_t i, size_t* len) {
    if (s[i] == ' ' || s[i] == '\t' || s[i] == '\n' || s[i] == '\r') return *len = 1, true;
    if (s.compare(i, 3, "\xE3\x80\x80") == 0) return *len = 3, true;  // U+3000
    return false;
  };
  size_t begin = 0, len = 0;
  while (begin < s.size() && is_space(begin, &len)) begin += len;
  size_t end = s.size();
  while (end > begin) {
    size_t back = end - 1;
    while (back > begin && (static_cast<unsigned char>(s[back]) & 0xC0) == 0x80) --back;
    if (!is_space(back, &len) || back + len != end) break;
    end = back;
  }
  return s.substr(begin, end - begin);
}

// The value to store for `field`, or nullopt when the answer does not fit it.
std::optional<std::string> Validate(const ServiceMachine& m, const Field& field,
                                    const EvInput& input) {
  switch (field.kind) {
    case Field::Kind::kText: {
      if (input.choice) return std::nullopt;
      std::string value = TrimSpaces(input.raw);
      const size_t chars = knowledge::CountCodePoints(value);
      const bool has_control = std::any_of(value.begin(), value.end(), [](char c) {
        return static_cast<unsigned char>(c) < 0x20 || c == 0x7F;
      });
      if (chars < static_cast<size_t>(field.min) || chars > static_cast<size_t>(field.max) ||
          has_control) {
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
      return MatchChoice(FieldChoices(m, field), input);
  }
  return std::nullopt;
}

}  // namespace

AskingField::AskingField(my_context ctx) : my_base(ctx) {
  if (!outermost_context().restoring()) Ask();
}

void AskingField::Ask() const {
  const ServiceMachine& m = outermost_context();
  const auto& field = m.kb().flow.intake.at(m.ctx().field);
  m.SayWithChoices(m.Text(field.prompt_key, FieldParams(m, field)), FieldChoices(m, field));
}

sc::result AskingField::react(const EvInput& input) {
  const ServiceMachine& m = outermost_context();
  SessionContext& ctx = m.ctx();
  const auto& intake = m.kb().flow.intake;
  const auto& field = intake.at(ctx.field);
  auto value = Validate(m, field, input);
  if (!value) {
    m.SayWithChoices(m.Text(field.reprompt_key, FieldParams(m, field)), FieldChoices(m, field));
    return discard_event();
  }
  ctx.profile[field.id] = *value;
  m.Record(ProfileFieldSet{field.id, *value});
  if (++ctx.field < intake.size()) return transit<AskingField>();
  m.Say("intake.done", {{"name", m.ClientName()}});
  ctx.plan = m.kb().flow.default_assessments;
  ctx.plan_index = 0;
  BeginInstrument(m);
  return transit<AskingItem>();
}

}  // namespace careerbot::dialog
