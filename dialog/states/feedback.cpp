#include "dialog/states/feedback.h"

#include "dialog/answer_matching.h"
#include "knowledge/knowledge_base.h"
#include "knowledge/text_normalizer.h"

namespace careerbot::dialog {
namespace {

std::vector<Choice> RatingChoices(const ServiceMachine& m) {
  std::vector<Choice> choices;
  for (int r = 1; r <= 5; ++r) {
    choices.push_back({std::to_string(r), m.Text("rating." + std::to_string(r))});
  }
  return choices;
}

}  // namespace

Rating::Rating(my_context ctx) : my_base(ctx) {
  if (!outermost_context().restoring()) Ask();
}

void Rating::Ask() const {
  const ServiceMachine& m = outermost_context();
  m.SayWithChoices(m.Text("feedback.rating.prompt"), RatingChoices(m));
}

sc::result Rating::react(const EvInput& input) {
  const ServiceMachine& m = outermost_context();
  // Positions and ratings coincide (1..5), so MatchChoice reads "4", "四" and "4 满意".
  auto id = MatchChoice(RatingChoices(m), input);
  if (!id) {
    m.SayWithChoices(m.Text("feedback.rating.reprompt"), RatingChoices(m));
    return discard_event();
  }
  m.ctx().rating = std::stoi(*id);
  return transit<Comment>();
}

Comment::Comment(my_context ctx) : my_base(ctx) {
  if (!outermost_context().restoring()) Ask();
}

void Comment::Ask() const { outermost_context().Say("feedback.comment.prompt"); }

sc::result Comment::react(const EvInput& input) {
  const ServiceMachine& m = outermost_context();
  std::optional<std::string> comment;
  if (input.choice || m.kb().intents.Is(input.normalized, "skip") || input.normalized.empty()) {
    comment = std::nullopt;
  } else if (knowledge::CountCodePoints(input.raw) > kMaxChars) {
    m.Say("feedback.comment.reprompt", {{"max", std::to_string(kMaxChars)}});
    return discard_event();
  } else {
    comment = input.raw;
  }
  m.Record(FeedbackGiven{m.ctx().rating, comment});
  return transit<Closed>();
}

Closed::Closed(my_context ctx) : my_base(ctx) {
  const ServiceMachine& m = outermost_context();
  if (!m.restoring()) m.Say("closing", {{"name", m.ClientName()}});
}

void Closed::Ask() const { outermost_context().Say("closed.reminder"); }

sc::result Closed::react(const EvInput&) {
  Ask();
  return discard_event();
}

}  // namespace careerbot::dialog
