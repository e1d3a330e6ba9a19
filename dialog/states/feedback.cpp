#include "dialog/states/feedback.h"

#include "dialog/answer_matching.h"
#include "knowledge/knowledge_base.h"
#include "knowledge/text_normalizer.h"

namespace careerbot::dialog {
namespace {

std::vector<Choice> RatingChoices(const ServiceMachine& m) {
  std::vector<Choice> choices;
  for (int r = 1; r <= 5; ++r) choices.push_back({std::to_string(r), m.Text("rating." + std::to_string(r))});
  return choices;
}

std::vector<Choice> GoalChoices(const ServiceMachine& m) {
  return {{"yes", m.Text("goals_met.yes")}, {"partly", m.Text("goals_met.partly")}, {"no", m.Text("goals_met.no")}};
}

}  // namespace

void Rating::Ask() const {
  const ServiceMachine& m = machine();
  m.SayWithChoices(m.Text("feedback.rating.prompt"), RatingChoices(m));
}

sc::result Rating::react(const EvInput& input) {
  const ServiceMachine& m = machine();
  // Positions and ratings coincide (1..5), so MatchChoice reads "4", "四" and "4 满意".
  auto id = MatchChoice(RatingChoices(m), input);
  if (!id) {
    m.SayWithChoices(m.Text("feedback.rating.reprompt"), RatingChoices(m));
    return discard_event();
  }
  m.ctx().rating = std::stoi(*id);
  return transit<GoalsMet>();
}

void GoalsMet::Ask() const {
  const ServiceMachine& m = machine();
  m.SayWithChoices(m.Text("feedback.goals.prompt"), GoalChoices(m));
}

sc::result GoalsMet::react(const EvInput& input) {
  const ServiceMachine& m = machine();
  auto id = MatchChoice(GoalChoices(m), input);
  if (!id && !input.choice) {
    if (m.kb().intents.Is(input.normalized, "yes")) id = "yes";
    if (m.kb().intents.Is(input.normalized, "no")) id = "no";
  }
  if (!id) {
    m.SayWithChoices(m.Text("feedback.goals.reprompt"), GoalChoices(m));
    return discard_event();
  }
  m.ctx().goals_met = *id;
  return transit<Comment>();
}

void Comment::Ask() const { machine().Say("feedback.comment.prompt"); }

sc::result Comment::react(const EvInput& input) {
  const ServiceMachine& m = machine();
  SessionContext& ctx = m.ctx();
  std::optional<std::string> comment;
  if (input.choice || m.kb().intents.Is(input.normalized, "skip") || input.normalized.empty()) {
    comment = std::nullopt;
  } else if (knowledge::CountCodePoints(input.raw) > kMaxChars) {
    m.Say("feedback.comment.reprompt", {{"max", std::to_string(kMaxChars)}});
    return discard_event();
  } else {
    comment = input.raw;
  }
  m.Record(FeedbackGiven{ctx.rating, ctx.goals_met, comment});
  ctx.rating = 0;
  ctx.goals_met.clear();
  if (ctx.feedback_return != Closed::kId) m.Say("feedback.thanks");
  ctx.resume_state = ctx.feedback_return.empty() ? Closed::kId : ctx.feedback_return;
  ctx.feedback_return.clear();
  post_event(EvReturn());
  return discard_event();
}

void Closed::Ask() const { machine().Say("closed.reminder"); }

sc::result Closed::react(const EvInput&) {
  Ask();
  return discard_event();
}

}  // namespace careerbot::dialog
