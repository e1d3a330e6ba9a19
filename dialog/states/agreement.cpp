#include "dialog/states/agreement.h"

#include "dialog/answer_matching.h"
#include "dialog/states/plan.h"
#include "knowledge/knowledge_base.h"
#include "knowledge/numerals.h"

namespace careerbot::dialog {
namespace {

const char* const kDocument = "service_agreement";

std::vector<Choice> AgreementChoices(const ServiceMachine& m) {
  return {{"accept", m.Text("agreement.choice.accept")}, {"decline", m.Text("agreement.choice.decline")}};
}

// Records the acceptance and proposes the plan; the caller transits to it.
void Accept(const ServiceMachine& m) {
  const std::string& version = m.kb().agreement.version;
  m.Record(ConsentGiven{kDocument, version, true});
  m.ctx().agreement_version = version;
  m.ctx().agreement_at_ms = m.now_ms();
  m.Say("agreement.accepted", {{"version", version}});
  ProposePlan(m);
}

}  // namespace

std::string AgreementText(const ServiceMachine& m) {
  return m.kb().agreement.Render(m.lang(), m.InstitutionParams());
}

AgreementOffer::AgreementOffer(my_context ctx) : Leaf(ctx) {
  const ServiceMachine& m = machine();
  if (m.restoring()) return;
  m.Say("agreement.intro");
  m.SayText(AgreementText(m));
  Ask();
}

void AgreementOffer::Ask() const {
  const ServiceMachine& m = machine();
  m.SayWithChoices(m.Text("agreement.ask", {{"version", m.kb().agreement.version}}), AgreementChoices(m));
}

sc::result AgreementOffer::react(const EvInput& input) {
  const ServiceMachine& m = machine();
  auto accepted = MatchYesNo(m.kb().intents, AgreementChoices(m), input);
  if (!accepted) {
    m.Say("agreement.reprompt");
    Ask();
    return discard_event();
  }
  if (!*accepted) {
    m.Record(ConsentGiven{kDocument, m.kb().agreement.version, false});
    return transit<AgreementDeclined>();
  }
  Accept(m);
  return transit<PlanProposal>();
}

void AgreementDeclined::Ask() const { machine().Say("agreement.declined.reminder"); }

sc::result AgreementDeclined::react(const EvInput& input) {
  const ServiceMachine& m = machine();
  // No buttons are shown here, so a bare "1" is not taken for acceptance: only words
  // of agreement, or the accept button of an earlier message.
  const bool accepts = input.choice ? *input.choice == "accept"
                                    : m.kb().intents.Is(input.normalized, "yes") ||
                                          MatchChoice({AgreementChoices(m).front()}, input) == std::optional<std::string>("accept");
  if (accepts && !knowledge::ParseWholeNumber(input.normalized)) {
    Accept(m);
    return transit<PlanProposal>();
  }
  Ask();
  return discard_event();
}

}  // namespace careerbot::dialog
