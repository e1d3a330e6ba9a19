#include "dialog/states/consent.h"

#include "dialog/answer_matching.h"
#include "dialog/states/intake.h"
#include "knowledge/knowledge_base.h"

namespace careerbot::dialog {
namespace {

const char* const kDocument = "privacy_notice";

std::vector<Choice> ConsentChoices(const ServiceMachine& m) {
  return {{"agree", m.Text("consent.choice.agree")}, {"decline", m.Text("consent.choice.decline")}};
}

// yes / no, typed in words ("同意", "no") or picked from the two options.
std::optional<bool> Agreement(const ServiceMachine& m, const EvInput& input) {
  if (!input.choice) {
    if (m.kb().intents.Is(input.normalized, "no")) return false;
    if (m.kb().intents.Is(input.normalized, "yes")) return true;
  }
  auto id = MatchChoice(ConsentChoices(m), input);
  if (!id) return std::nullopt;
  return *id == "agree";
}

}  // namespace

Consent::Consent(my_context ctx) : my_base(ctx) {
  if (!outermost_context().restoring()) Ask();
}

void Consent::Ask() const {
  const ServiceMachine& m = outermost_context();
  m.SayWithChoices(m.Text("consent.notice", {{"institution", m.options().institution_name},
                                              {"version", m.kb().flow.privacy_notice_version}}),
                   ConsentChoices(m));
}

sc::result Consent::react(const EvInput& input) {
  const ServiceMachine& m = outermost_context();
  auto agreed = Agreement(m, input);
  if (!agreed) {
    m.Say("consent.reprompt");
    Ask();
    return discard_event();
  }
  m.Record(ConsentGiven{kDocument, m.kb().flow.privacy_notice_version, *agreed});
  if (!*agreed) return transit<Declined>();
  m.ctx().consented = true;
  m.Say("consent.thanks");
  return transit<AskingField>();
}

Declined::Declined(my_context ctx) : my_base(ctx) {
  if (!outermost_context().restoring()) Ask();
}

void Declined::Ask() const { outermost_context().Say("consent.declined"); }

sc::result Declined::react(const EvInput& input) {
  const ServiceMachine& m = outermost_context();
  if (!input.choice && m.kb().intents.Is(input.normalized, "yes")) return transit<Consent>();
  m.Say("consent.declined.reminder");
  return discard_event();
}

}  // namespace careerbot::dialog
