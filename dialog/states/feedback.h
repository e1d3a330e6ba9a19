// Feedback (specification 5.6, 6.1): a 1–5 rating, whether the goals were met, an
// optional comment; asked when the service closes, and again whenever the client
// asks to give feedback. Then back where they were; at the end, the closed state.
#pragma once

#include "dialog/states/service.h"

namespace careerbot::dialog {

struct Rating : Leaf<Rating> {
  static constexpr const char* kId = "feedback.rating";
  using reactions = sc::custom_reaction<EvInput>;
  explicit Rating(my_context ctx) : Leaf(ctx) { AskOnEntry(); }
  sc::result react(const EvInput& input);
  void Ask() const override;
};

struct GoalsMet : Leaf<GoalsMet> {
  static constexpr const char* kId = "feedback.goals";
  using reactions = sc::custom_reaction<EvInput>;
  explicit GoalsMet(my_context ctx) : Leaf(ctx) { AskOnEntry(); }
  sc::result react(const EvInput& input);
  void Ask() const override;
};

struct Comment : Leaf<Comment> {
  static constexpr const char* kId = "feedback.comment";
  static constexpr size_t kMaxChars = 1000;
  using reactions = sc::custom_reaction<EvInput>;
  explicit Comment(my_context ctx) : Leaf(ctx) { AskOnEntry(); }
  sc::result react(const EvInput& input);
  void Ask() const override;
};

struct Closed : Leaf<Closed> {
  static constexpr const char* kId = "closed";
  using reactions = sc::custom_reaction<EvInput>;
  explicit Closed(my_context ctx) : Leaf(ctx) {
    const ServiceMachine& m = machine();
    if (!m.restoring()) m.Say("closing", {{"name", m.ClientName()}});
  }
  sc::result react(const EvInput&);
  void Ask() const override;
};

}  // namespace careerbot::dialog
