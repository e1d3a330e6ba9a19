// The service agreement (specification 5.2): shown after the needs survey, accepted
// explicitly (recorded with its version, time and channel); no assessment starts
// without it.
#pragma once

#include "dialog/states/service.h"

namespace careerbot::dialog {

struct AgreementOffer : Leaf<AgreementOffer> {
  static constexpr const char* kId = "agreement.offer";
  using reactions = sc::custom_reaction<EvInput>;
  explicit AgreementOffer(my_context ctx);
  sc::result react(const EvInput& input);
  void Ask() const override;
};

struct AgreementDeclined : Leaf<AgreementDeclined> {
  static constexpr const char* kId = "agreement.declined";
  using reactions = sc::custom_reaction<EvInput>;
  explicit AgreementDeclined(my_context ctx) : Leaf(ctx) {
    if (!machine().restoring()) machine().Say("agreement.declined");
  }
  sc::result react(const EvInput& input);
  void Ask() const override;
};

// The agreement's full text, filled with the institution's profile.
std::string AgreementText(const ServiceMachine& m);

}  // namespace careerbot::dialog
