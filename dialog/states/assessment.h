// Assessments in chat (specification 4.3, 5.4): the instruments of the plan, one
// item per message with progress; "back" changes the previous answer; each finished
// instrument is scored and its result told, with any validity flags.
#pragma once

#include "dialog/states/service.h"

namespace careerbot::dialog {

struct AskingItem : Leaf<AskingItem> {
  static constexpr const char* kId = "assessment.item";
  using reactions = boost::mpl::list<sc::custom_reaction<EvInput>, sc::custom_reaction<EvBack>>;
  explicit AskingItem(my_context ctx) : Leaf(ctx) { AskOnEntry(); }
  sc::result react(const EvInput& input);
  sc::result react(const EvBack&);
  void Ask() const override;
};

// Starts the plan's instrument at ctx.plan_index: a new attempt, no answers yet,
// and its introduction said. The caller then transits to AskingItem.
void BeginInstrument(const ServiceMachine& m);

}  // namespace careerbot::dialog
