// The service plan (specification 5.3, 5.4): proposed from the client's goal, with a
// reason for each assessment; the client confirms it or chooses the assessments.
// The confirmed plan drives the assessment phase.
#pragma once

#include "dialog/states/service.h"

namespace careerbot::dialog {

struct PlanProposal : Leaf<PlanProposal> {
  static constexpr const char* kId = "plan.proposal";
  using reactions = sc::custom_reaction<EvInput>;
  explicit PlanProposal(my_context ctx) : Leaf(ctx) { AskOnEntry(); }
  sc::result react(const EvInput& input);
  void Ask() const override;
};

struct PlanChoose : Leaf<PlanChoose> {
  static constexpr const char* kId = "plan.choose";
  using reactions = sc::custom_reaction<EvInput>;
  explicit PlanChoose(my_context ctx) : Leaf(ctx) { AskOnEntry(); }
  sc::result react(const EvInput& input);
  void Ask() const override;
};

// Proposes the plan for the client's goal and language (recorded as "proposed");
// the caller then transits to PlanProposal.
void ProposePlan(const ServiceMachine& m);

}  // namespace careerbot::dialog
