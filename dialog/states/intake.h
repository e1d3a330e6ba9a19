// The needs survey (specification 5.1): one question per field of service.json
// (information collection 4.1.1, environment analysis 4.2.1), each answer
// validated; a bad answer is answered with what is expected, and after two failed
// attempts the question offers buttons (or a skip) so that no client is stuck.
#pragma once

#include "dialog/states/service.h"

namespace careerbot::dialog {

struct AskingField : Leaf<AskingField> {
  static constexpr const char* kId = "intake.field";
  static constexpr int kAttemptsBeforeButtons = 2;
  using reactions = sc::custom_reaction<EvInput>;
  explicit AskingField(my_context ctx) : Leaf(ctx) { AskOnEntry(); }
  sc::result react(const EvInput& input);
  void Ask() const override;
};

// Points the context at the first question of the survey.
void BeginIntake(const ServiceMachine& m);

}  // namespace careerbot::dialog
