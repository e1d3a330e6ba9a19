// The privacy notice and the client's explicit agreement (nothing personal is kept
// before it), and the state of a client who declined.
#pragma once

#include "dialog/states/service.h"

namespace careerbot::dialog {

struct Consent : Leaf<Consent> {
  static constexpr const char* kId = "consent.notice";
  using reactions = sc::custom_reaction<EvInput>;
  explicit Consent(my_context ctx) : Leaf(ctx) { AskOnEntry(); }
  sc::result react(const EvInput& input);
  void Ask() const override;
};

struct Declined : Leaf<Declined> {
  static constexpr const char* kId = "consent.declined";
  using reactions = sc::custom_reaction<EvInput>;
  explicit Declined(my_context ctx) : Leaf(ctx) { AskOnEntry(); }
  sc::result react(const EvInput& input);
  void Ask() const override;
};

}  // namespace careerbot::dialog
