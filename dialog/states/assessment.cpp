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
// or a tapped or typed option.
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
  ctx.answered_at_ms.assign(instrument.items.size(), 0);
  ctx.started_at_ms = m.now_ms();
  m.Say("assessment.intro", {{"instrument", instrument.name.in(m.lang())},
                             {"total", std::to_string(instrument.items.size())},
                             {"instructions", instrument.instructions.in(m.lang())}});
}

void AskingItem::Ask() const {
  const ServiceMachine& m = machine();
  const knowledge::Instrument& instrument = Current(m);
  const auto& item = instrument.items.at(m.ctx().item);
  m.SayWithChoices(m.Text("assessment.item", {{"n", std::to_string(m.ctx().item + 1)},
                                              {"total", std::to_string(instrument.items.size())},
                                              {"text", item.text.in(m.lang())}}),
                   ScaleChoices(m, instrument));
}

sc::result AskingItem::react(const EvBack&) {
  const ServiceMachine& m = machine();
  if (m.ctx().item == 0) {
    m.Say("assessment.back_first");
    Ask();
    return discard_event();
  }
  m.ctx().item -= 1;
  m.Say("assessment.back");
  return transit<AskingItem>();
}

sc::result AskingItem::react(const EvInput& input) {
  const ServiceMachine& m = machine();
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
  ctx.answered_at_ms.at(ctx.item) = m.now_ms();
  m.Record(AnswerRecorded{instrument.id, ctx.attempt, instrument.items[ctx.item].id, *value});
  // After "back", the next item is the first one still unanswered.
  while (ctx.item < ctx.answers.size() && ctx.answers[ctx.item] != 0) ++ctx.item;
  if (ctx.item < instrument.items.size()) return transit<AskingItem>();

  ScoreAndTell(m, instrument);
  if (++ctx.plan_index < ctx.plan.size()) {
    BeginInstrument(m);
    return transit<AskingItem>();
  }
  ctx.results_done = true;
  m.Say("results.all_done");
  ctx.feedback_return = Closed::kId;
  return transit<Rating>();
}

}  // namespace careerbot::dialog
