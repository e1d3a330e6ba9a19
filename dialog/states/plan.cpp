#include "dialog/states/plan.h"

#include <algorithm>
#include <nlohmann/json.hpp>

#include "dialog/answer_matching.h"
#include "dialog/states/assessment.h"
#include "knowledge/knowledge_base.h"

namespace careerbot::dialog {
namespace {

// Every instrument the plan rules may propose, in the order they name them, that
// the client can take in their language.
std::vector<std::string> Offerable(const ServiceMachine& m) {
  const auto& rules = m.kb().flow.plan;
  std::vector<std::string> ids = rules.always;
  auto add = [&](const std::vector<std::string>& list) {
    for (const auto& id : list) {
      if (std::find(ids.begin(), ids.end(), id) == ids.end()) ids.push_back(id);
    }
  };
  for (const auto& [goal, list] : rules.by_goal) add(list);
  add(rules.optional);
  std::vector<std::string> out;
  for (const auto& id : ids) {
    const knowledge::Instrument* instrument = m.kb().FindInstrument(id);
    if (instrument && instrument->Supports(m.lang())) out.push_back(id);
  }
  return out;
}

std::string Reason(const ServiceMachine& m, const std::string& id) {
  return m.Text(m.kb().flow.plan.reason_keys.at(id));
}

void RecordPlan(const ServiceMachine& m, const std::string& status, const std::string& source) {
  SessionContext& ctx = m.ctx();
  nlohmann::json rationale = nlohmann::json::object();
  for (const auto& id : ctx.plan) rationale[id] = Reason(m, id);
  m.Record(PlanProposed{++ctx.plan_version, ctx.plan, rationale.dump(), status, source});
}

std::vector<Choice> InstrumentChoices(const ServiceMachine& m) {
  std::vector<Choice> choices;
  for (const auto& id : Offerable(m)) choices.push_back({id, m.kb().FindInstrument(id)->name.in(m.lang())});
  return choices;
}

// Confirms the plan and starts its first instrument.
void Confirm(const ServiceMachine& m, const std::string& source) {
  RecordPlan(m, "confirmed", source);
  m.Say("plan.confirmed", {{"count", std::to_string(m.ctx().plan.size())}});
  m.ctx().plan_index = 0;
  BeginInstrument(m);
}

}  // namespace

void ProposePlan(const ServiceMachine& m) {
  SessionContext& ctx = m.ctx();
  // A plan a counsellor approved is the proposal; it is on record already.
  if (ctx.plan_by_counsellor && !ctx.plan.empty()) return;
  const auto& rules = m.kb().flow.plan;
  const auto offerable = Offerable(m);
  std::vector<std::string> proposed;
  auto add = [&](const std::string& id) {
    if (std::find(offerable.begin(), offerable.end(), id) != offerable.end() &&
        std::find(proposed.begin(), proposed.end(), id) == proposed.end()) {
      proposed.push_back(id);
    }
  };
  for (const auto& id : rules.always) add(id);
  if (auto goal = rules.by_goal.find(ctx.profile["goal"]); goal != rules.by_goal.end()) {
    for (const auto& id : goal->second) add(id);
  }
  ctx.plan = proposed;
  RecordPlan(m, "proposed", "bot");
}

void PlanProposal::Ask() const {
  const ServiceMachine& m = machine();
  std::string text = m.Text("plan.proposal");
  int n = 0;
  for (const auto& id : m.ctx().plan) {
    text += "\n" + m.Text("plan.item", {{"n", std::to_string(++n)},
                                        {"name", m.kb().FindInstrument(id)->name.in(m.lang())},
                                        {"reason", Reason(m, id)}});
  }
  m.SayText(std::move(text));
  m.SayWithChoices(m.Text("plan.ask"),
                   {{"confirm", m.Text("plan.choice.confirm")}, {"change", m.Text("plan.choice.change")}});
}

sc::result PlanProposal::react(const EvInput& input) {
  const ServiceMachine& m = machine();
  const std::vector<Choice> options = {{"confirm", m.Text("plan.choice.confirm")},
                                       {"change", m.Text("plan.choice.change")}};
  auto confirmed = MatchYesNo(m.kb().intents, options, input);
  if (!confirmed) {
    m.SayWithChoices(m.Text("plan.reprompt"), options);
    return discard_event();
  }
  if (!*confirmed) return transit<PlanChoose>();
  Confirm(m, "bot");
  return transit<AskingItem>();
}

void PlanChoose::Ask() const {
  const ServiceMachine& m = machine();
  m.SayWithChoices(m.Text("plan.choose.prompt"), InstrumentChoices(m));
}

sc::result PlanChoose::react(const EvInput& input) {
  const ServiceMachine& m = machine();
  auto picks = MatchChoices(InstrumentChoices(m), input);
  if (!picks) {
    m.SayWithChoices(m.Text("plan.choose.reprompt"), InstrumentChoices(m));
    return discard_event();
  }
  m.ctx().plan = *picks;
  Confirm(m, "client");
  return transit<AskingItem>();
}

}  // namespace careerbot::dialog
