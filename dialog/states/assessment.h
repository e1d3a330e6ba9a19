// Assessments in chat: the instruments of the plan, one item per message, with
// progress; each finished instrument is scored and its result told.
#pragma once

#include <boost/statechart/state.hpp>

#include "dialog/states/service.h"

namespace careerbot::dialog {

struct AskingItem : sc::state<AskingItem, Service>, Prompting {
  static constexpr const char* kId = "assessment.item";
  using reactions = sc::custom_reaction<EvInput>;
  explicit AskingItem(my_context ctx);
  sc::result react(const EvInput& input);
  const char* id() const override { return kId; }
  void Ask() const override;
};

// Starts the plan's instrument at ctx.plan_index: a new attempt, no answers yet,
// and its introduction said. The caller then transits to AskingItem.
void BeginInstrument(const ServiceMachine& m);

}  // namespace careerbot::dialog
