// A counsellor talks with the client (a hand-off taken, S-4.4): the bot stays
// quiet, every message goes to the counsellor, until the counsellor leaves and the
// client is back where they were.
#pragma once

#include "dialog/states/service.h"

namespace careerbot::dialog {

struct WithCounsellor : Leaf<WithCounsellor> {
  static constexpr const char* kId = "handoff.counselling";
  using reactions = sc::custom_reaction<EvInput>;
  explicit WithCounsellor(my_context ctx) : Leaf(ctx) {}
  // The client's words are for the counsellor: nothing to answer.
  sc::result react(const EvInput&) { return discard_event(); }
  void Ask() const override {}
  bool interruption() const override { return true; }
  bool relays() const override { return true; }
};

}  // namespace careerbot::dialog
