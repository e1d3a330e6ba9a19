// Closing the service (S-5.6, S-6.1): a 1–5 rating, an optional comment, and the
// closing message; then the closed state.
#pragma once

#include <boost/statechart/state.hpp>

#include "dialog/states/service.h"

namespace careerbot::dialog {

struct Rating : sc::state<Rating, Service>, Prompting {
  static constexpr const char* kId = "feedback.rating";
  using reactions = sc::custom_reaction<EvInput>;
  explicit Rating(my_context ctx);
  sc::result react(const EvInput& input);
  const char* id() const override { return kId; }
  void Ask() const override;
};

struct Comment : sc::state<Comment, Service>, Prompting {
  static constexpr const char* kId = "feedback.comment";
  static constexpr size_t kMaxChars = 1000;
  using reactions = sc::custom_reaction<EvInput>;
  explicit Comment(my_context ctx);
  sc::result react(const EvInput& input);
  const char* id() const override { return kId; }
  void Ask() const override;
};

struct Closed : sc::state<Closed, Service>, Prompting {
  static constexpr const char* kId = "closed";
  using reactions = sc::custom_reaction<EvInput>;
  explicit Closed(my_context ctx);
  sc::result react(const EvInput& input);
  const char* id() const override { return kId; }
  void Ask() const override;
};

}  // namespace careerbot::dialog
