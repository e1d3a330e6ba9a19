// The privacy notice and the client's explicit agreement (nothing personal is kept
// before it), and the state of a client who declined.
#pragma once

#include <boost/statechart/state.hpp>

#include "dialog/states/service.h"

namespace careerbot::dialog {

struct Consent : sc::state<Consent, Service>, Prompting {
  static constexpr const char* kId = "consent.notice";
  using reactions = sc::custom_reaction<EvInput>;
  explicit Consent(my_context ctx);
  sc::result react(const EvInput& input);
  const char* id() const override { return kId; }
  void Ask() const override;
};

struct Declined : sc::state<Declined, Service>, Prompting {
  static constexpr const char* kId = "consent.declined";
  using reactions = sc::custom_reaction<EvInput>;
  explicit Declined(my_context ctx);
  sc::result react(const EvInput& input);
  const char* id() const override { return kId; }
  void Ask() const override;
};

}  // namespace careerbot::dialog
