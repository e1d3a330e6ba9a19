// The intake: one question per field of service.json (S-4.1.1), each answer
// validated, a bad one answered with what is expected.
#pragma once

#include <boost/statechart/state.hpp>

#include "dialog/states/service.h"

namespace careerbot::dialog {

struct AskingField : sc::state<AskingField, Service>, Prompting {
  static constexpr const char* kId = "intake.field";
  using reactions = sc::custom_reaction<EvInput>;
  explicit AskingField(my_context ctx);
  sc::result react(const EvInput& input);
  const char* id() const override { return kId; }
  void Ask() const override;
};

}  // namespace careerbot::dialog
