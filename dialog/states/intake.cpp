#include "dialog/states/intake.h"

#include <nlohmann/json.hpp>

#include "dialog/answer_matching.h"
#include "dialog/intake_fields.h"
#include "dialog/states/agreement.h"
#include "dialog/states/plan.h"
#include "knowledge/knowledge_base.h"
#include "knowledge/text_normalizer.h"

namespace careerbot::dialog {
namespace {

using Field = knowledge::IntakeField;

knowledge::TextParams FieldParams(const ServiceMachine& m, const Field& field) {
  return {{"name", m.ClientName()}, {"min", std::to_string(field.min)}, {"max", std::to_string(field.max)}};
}

// The index of the first field from `from` on that applies, or the number of fields.
size_t NextApplicable(const ServiceMachine& m, size_t from) {
  const auto& intake = m.kb().flow.intake;
  while (from < intake.size() && !FieldApplies(intake[from], m.ctx())) ++from;
  return from;
}

// The buttons that go with the question: its options; after failed attempts, the
// fallback options; a skip button for optional questions.
std::vector<Choice> Buttons(const ServiceMachine& m, const Field& field) {
  std::vector<Choice> buttons = FieldChoices(m, field.choices);
  if (m.ctx().fails >= AskingField::kAttemptsBeforeButtons) {
    auto fallback = FieldChoices(m, field.fallback_choices);
    buttons.insert(buttons.end(), fallback.begin(), fallback.end());
  }
  if (field.optional) buttons.push_back({"skip", m.Text("intake.skip_choice")});
  return buttons;
}

// Shows the knowledge base's market and policy information for the target city
// and industry (specification 4.2.1 c, d).
void ShowLabourMarket(const ServiceMachine& m) {
  const std::string city = m.ctx().profile["target_city"];
  const auto entries = m.kb().labour_market.Find(knowledge::NormalizeText(city), m.ctx().profile["target_industry"], 4);
  if (entries.empty()) return;
  std::string text = m.Text("market.header", {{"city", city}});
  for (const auto* entry : entries) {
    text += "\n" + m.Text("market.entry", {{"text", knowledge::FillPlaceholders(entry->text.in(m.lang()), {{"city", city}})},
                                           {"source", entry->source.in(m.lang())},
                                           {"as_of", entry->as_of}});
  }
  text += "\n" + m.Text("market.footer");
  m.SayText(std::move(text));
}

std::string SurveyJson(const SessionContext& ctx) { return nlohmann::json(ctx.profile).dump(); }

}  // namespace

void BeginIntake(const ServiceMachine& m) {
  m.ctx().field = NextApplicable(m, 0);
  m.ctx().fails = 0;
}

void AskingField::Ask() const {
  const ServiceMachine& m = machine();
  const Field& field = m.kb().flow.intake.at(m.ctx().field);
  m.SayWithChoices(m.Text(field.prompt_key, FieldParams(m, field)), Buttons(m, field));
}

sc::result AskingField::react(const EvInput& input) {
  const ServiceMachine& m = machine();
  SessionContext& ctx = m.ctx();
  const auto& intake = m.kb().flow.intake;
  const Field& field = intake.at(ctx.field);

  std::optional<std::string> value;
  const bool skipped = field.optional && (input.choice == std::optional<std::string>("skip") ||
                                          (!input.choice && m.kb().intents.Is(input.normalized, "skip")));
  if (skipped) {
    value = "";
  } else {
    value = ReadFieldAnswer(m, field, input);
    if (!value && ctx.fails >= kAttemptsBeforeButtons && !field.fallback_choices.empty()) {
      value = MatchChoice(FieldChoices(m, field.fallback_choices), input);
    }
  }
  if (!value) {
    ++ctx.fails;
    std::string text = m.Text(field.reprompt_key, FieldParams(m, field));
    if (ctx.fails == kAttemptsBeforeButtons && !field.fallback_choices.empty()) {
      text += "\n" + m.Text("intake.fallback_hint");
    }
    m.SayWithChoices(std::move(text), Buttons(m, field));
    return discard_event();
  }

  ctx.profile[field.id] = *value;
  if (!value->empty()) m.Record(ProfileFieldSet{field.id, *value});
  if (field.then_show == "labour_market") ShowLabourMarket(m);
  const size_t next = NextApplicable(m, ctx.field + 1);
  ctx.fails = 0;
  if (next < intake.size()) {
    const std::string section_intro = "section." + intake[next].section;
    if (intake[next].section != field.section && m.kb().texts.Has(section_intro)) m.Say(section_intro);
    ctx.field = next;
    return transit<AskingField>();
  }
  m.Record(NeedsSurveyCompleted{SurveyJson(ctx)});
  m.Say("needs.done", {{"name", m.ClientName()}});
  if (ctx.agreement_version == m.kb().agreement.version) {
    ProposePlan(m);
    return transit<PlanProposal>();
  }
  return transit<AgreementOffer>();
}

}  // namespace careerbot::dialog
