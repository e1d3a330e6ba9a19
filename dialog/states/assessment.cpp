#include "dialog/states/assessment.h"

#include "dialog/answer_matching.h"
#include "dialog/result_text.h"
#include "dialog/states/feedback.h"
#include "knowledge/knowledge_base.h"
#include "knowledge/numerals.h"

namespace careerbot::dialog {
namespace {

const knowledge::Instrument& Current(const ServiceMachine& m) {
  return *m.kb().FindInstrument(m.ctx().instrument);  // checked when the snapshot was restored
}

std::vector<Choice> ScaleChoices(const ServiceMachine& m, const knowledge::Instrument& instrument) {
  std::vector<Choice> choices;
  for (const auto& option : instrument.response_scale) {
    choices.push_back({std::to_string(option.value), option.label.in(m.lang())});
  }
  return choices;
}

// The value the client chose: a value of the scale typed as a number ("4", "四"),
// a tapped or typed option.
std::optional<int> AnswerValue(const ServiceMachine& m, const knowledge::Instrument& instrument,
                               const EvInput& input) {
  if (!input.choice) {
    if (auto n = knowledge::ParseWholeNumber(input.normalized)) {
      if (*n >= instrument.min_value() && *n <= instrument.max_value()) return static_cast<int>(*n);
      return std::nullopt;
    }
  }
  auto id = MatchChoice(ScaleChoices(m, instrument), input);
  if (!id) return std::nullopt;
  return std::stoi(*id);
}

}  // namespace

void BeginInstrument(const ServiceMachine& m) {
  SessionContext& ctx = m.ctx();
  ctx.instrument = ctx.plan.at(ctx.plan_index);
  ctx.attempt += 1;
  ctx.item = 0;
  const knowledge::Instrument& instrument = Current(m);
  ctx.answers.assign(instrument.items.size(), 0);
  m.Say("assessment.intro", {{"instrument", instrument.name.in(m.lang())},
                             {"total", std::to_string(instrument.items.size())},
                             {"instructions", instrument.instructions.in(m.lang())}});
}

AskingItem::AskingItem(my_context ctx) : my_base(ctx) {
  if (!outermost_context().restoring()) Ask();
}

void AskingItem::Ask() const {
  const ServiceMachine& m = outermost_context();
  const knowledge::Instrument& instrument = Current(m);
  const auto& item = instrument.items.at(m.ctx().item);
  m.SayWithChoices(m.Text("assessment.item", {{"n", std::to_string(m.ctx().item + 1)},
                                              {"total", std::to_string(instrument.items.size())},
                                              {"text", item.text.in(m.lang())}}),
                   ScaleChoices(m, instrument));
}

sc::result AskingItem::react(const EvInput& input) {
  const ServiceMachine& m = outermost_context();
  SessionContext& ctx = m.ctx();
  const knowledge::Instrument& instrument = Current(m);
  auto value = AnswerValue(m, instrument, input);
  if (!value) {
    m.Say("assessment.reprompt", {{"min", std::to_string(instrument.min_value())},
                                  {"max", std::to_string(instrument.max_value())}});
    Ask();
    return discard_event();
  }
  ctx.answers.at(ctx.item) = *value;
  m.Record(AnswerRecorded{instrument.id, ctx.attempt, instrument.items[ctx.item].id, *value});
  if (++ctx.item < instrument.items.size()) return transit<AskingItem>();

  knowledge::InstrumentResult result;
  if (Status s = knowledge::ScoreInstrument(instrument, ctx.answers, &result); !s.ok()) {
    throw std::runtime_error("scoring failed: " + s.ToString());  // answers were validated above
  }
  SayResult(m, instrument, result);
  m.Record(AssessmentCompleted{instrument.id, instrument.version, ctx.attempt, ResultJson(result)});
  if (++ctx.plan_index < ctx.plan.size()) {
    BeginInstrument(m);
    return transit<AskingItem>();
  }
  return transit<Rating>();
}

}  // namespace careerbot::dialog
