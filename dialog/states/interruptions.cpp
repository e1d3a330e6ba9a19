#include "dialog/states/interruptions.h"

#include "dialog/answer_matching.h"
#include "dialog/states/consent.h"
#include "knowledge/knowledge_base.h"

namespace careerbot::dialog {
namespace {

// Where the client stopped, as the returning question names it.
std::string Where(const ServiceMachine& m) {
  const std::string& state = m.ctx().resume_state;
  const std::string phase = state.substr(0, state.find('.'));
  if (phase == "assessment") {
    return m.Text("where.assessment",
                  {{"n", std::to_string(m.ctx().item + 1)}, {"total", std::to_string(m.ctx().answers.size())}});
  }
  const std::string key = "where." + phase;
  return m.kb().texts.Has(key) ? m.Text(key) : m.Text("where.intake");
}

std::vector<Choice> ReturningChoices(const ServiceMachine& m) {
  return {{"continue", m.Text("session.choice.continue")}, {"restart", m.Text("session.choice.restart")}};
}

std::vector<Choice> DeleteChoices(const ServiceMachine& m) {
  return {{"delete", m.Text("delete.choice.yes")}, {"cancel", m.Text("delete.choice.no")}};
}

}  // namespace

void Paused::Ask() const { machine().Say("pause.done"); }

sc::result Paused::react(const EvInput&) {
  machine().Say("resume.welcome_back");
  post_event(EvReturn());
  return discard_event();
}

void Returning::Ask() const {
  const ServiceMachine& m = machine();
  m.SayWithChoices(m.Text("session.returning", {{"where", Where(m)}}), ReturningChoices(m));
}

sc::result Returning::react(const EvInput& input) {
  const ServiceMachine& m = machine();
  std::optional<std::string> id = MatchChoice(ReturningChoices(m), input);
  if (!id && !input.choice && (m.kb().intents.Is(input.normalized, "continue") ||
                               m.kb().intents.Is(input.normalized, "yes"))) {
    id = "continue";
  }
  if (!id) {
    m.SayWithChoices(m.Text("session.returning.reprompt"), ReturningChoices(m));
    return discard_event();
  }
  if (*id == "restart") {
    post_event(EvRestart());
  } else {
    post_event(EvReturn());
  }
  return discard_event();
}

void ConfirmDelete::Ask() const {
  const ServiceMachine& m = machine();
  m.SayWithChoices(m.Text("delete.confirm"), DeleteChoices(m));
}

sc::result ConfirmDelete::react(const EvInput& input) {
  const ServiceMachine& m = machine();
  auto confirmed = MatchYesNo(m.kb().intents, DeleteChoices(m), input);
  if (!confirmed) {
    m.SayWithChoices(m.Text("delete.reprompt"), DeleteChoices(m));
    return discard_event();
  }
  if (!*confirmed) {
    m.Say("delete.cancelled");
    post_event(EvReturn());
    return discard_event();
  }
  m.Record(DataErasureRequested{});
  m.ctx().Forget();
  m.Say("delete.done");
  return transit<Consent>();
}

}  // namespace careerbot::dialog
