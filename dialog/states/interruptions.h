// Interruptions that return the client to where they were: a pause, the question
// asked to a client who comes back after a long time, and the confirmation before
// deleting the client's personal data.
#pragma once

#include "dialog/states/service.h"

namespace careerbot::dialog {

struct Paused : Leaf<Paused> {
  static constexpr const char* kId = "session.paused";
  using reactions = sc::custom_reaction<EvInput>;
  explicit Paused(my_context ctx) : Leaf(ctx) { AskOnEntry(); }
  sc::result react(const EvInput& input);
  void Ask() const override;
  bool interruption() const override { return true; }
};

struct Returning : Leaf<Returning> {
  static constexpr const char* kId = "session.returning";
  using reactions = sc::custom_reaction<EvInput>;
  explicit Returning(my_context ctx) : Leaf(ctx) { AskOnEntry(); }
  sc::result react(const EvInput& input);
  void Ask() const override;
  bool interruption() const override { return true; }
};

struct ConfirmDelete : Leaf<ConfirmDelete> {
  static constexpr const char* kId = "privacy.confirm_delete";
  using reactions = sc::custom_reaction<EvInput>;
  explicit ConfirmDelete(my_context ctx) : Leaf(ctx) { AskOnEntry(); }
  sc::result react(const EvInput& input);
  void Ask() const override;
  bool interruption() const override { return true; }
};

}  // namespace careerbot::dialog
