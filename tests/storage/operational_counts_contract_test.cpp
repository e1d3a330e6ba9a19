// Contract test of CountOperational (the gauges of /metrics), against every Store
// implementation.
#include <doctest/doctest.h>

#include <string>

#include "storage/store.h"
#include "tests/storage/store_contract.h"

namespace careerbot::storage {
namespace {

using namespace contract;

std::string Counts(Store& store, int64_t active_since_ms) {
  OperationalCounts c;
  REQUIRE(store.CountOperational(active_since_ms, &c).ok());
  return "queued " + std::to_string(c.outbox_queued) + ", failed " + std::to_string(c.outbox_failed) +
         ", handoffs " + std::to_string(c.handoffs_open) + ", active " + std::to_string(c.sessions_active);
}

TEST_CASE_TEMPLATE("store contract: the operational counts follow the outbox, hand-offs and sessions", F,
                   CONTRACT_STORES) {
  F f;
  Store& store = *f.store;
  CHECK(Counts(store, 0) == "queued 0, failed 0, handoffs 0, active 0");

  TurnWrite early = Turn(Key("early"), "m1", 1000);
  early.outbox = {{{"api", ""}, "x"}, {{"api", ""}, "y"}};
  MustCommit(store, early);
  TurnWrite late = Turn(Key("late"), "m1", 5000);
  HandoffRecord handoff;
  handoff.reason = "client_request";
  handoff.requested_at_ms = 5000;
  late.handoffs = {handoff};
  MustCommit(store, late);
  CHECK(Counts(store, 0) == "queued 2, failed 0, handoffs 1, active 2");
  // Only the session changed at or after the window's start counts.
  CHECK(Counts(store, 5000) == "queued 2, failed 0, handoffs 1, active 1");
  CHECK(Counts(store, 5001) == "queued 2, failed 0, handoffs 1, active 0");

  std::vector<OutboxEntry> heads;
  REQUIRE(store.ListOutboxHeads(kEveryDue, 10, "", &heads, nullptr).ok());
  REQUIRE(heads.size() == 1);
  OutboxAttempt given_up;
  given_up.id = heads[0].id;
  given_up.status = OutboxStatus::kFailed;
  given_up.attempts = 1;
  given_up.error = "errcode 45015";
  given_up.at_ms = 6000;
  REQUIRE(store.RecordOutboxAttempt(given_up).ok());
  CHECK(Counts(store, 0) == "queued 1, failed 1, handoffs 1, active 2");
}

}  // namespace
}  // namespace careerbot::storage
