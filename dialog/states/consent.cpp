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

}  // namespace

void Consent::Ask() const {
  const ServiceMachine& m = machine();
  const int days = m.options().unfinished_retention_days;
  const std::string retention = days > 0 ? m.Text("consent.notice.retention", {{"days", std::to_string(days)}}) : "";
  m.SayWithChoices(m.Text("consent.notice", {{"institution", m.InstitutionParams().front().second},
                                              {"version", m.kb().flow.privacy_notice_version},
                                              {"retention", retention}}),
                   ConsentChoices(m));
}

sc::result Consent::react(const EvInput& input) {
  const ServiceMachine& m = machine();
  auto agreed = MatchYesNo(m.kb().intents, ConsentChoices(m), input);
  if (!agreed) {
    m.Say("consent.reprompt");
    Ask();
    return discard_event();
  }
  m.Record(ConsentGiven{kDocument, m.kb().flow.privacy_notice_version, *agreed});
  if (!*agreed) return transit<Declined>();
  m.ctx().consented = true;
  m.Say("consent.thanks");
  BeginIntake(m);
  return transit<AskingField>();
}

void Declined::Ask() const { machine().Say("consent.declined"); }

sc::result Declined::react(const EvInput& input) {
  const ServiceMachine& m = machine();
  if (!input.choice && m.kb().intents.Is(input.normalized, "yes")) return transit<Consent>();
  m.Say("consent.declined.reminder");
  return discard_event();
}

}  // namespace careerbot::dialog
