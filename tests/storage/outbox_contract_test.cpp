// Contract tests of the outbox and the client status, against every Store
// implementation: entries written with their turn, the head of each client's
// queue, attempts recorded, erasure, and inactive clients.
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "storage/store.h"
#include "tests/storage/store_contract.h"

namespace careerbot::storage {
namespace {

using namespace contract;

// "id/seq status attempts next error", one entry per " | ".
std::string RenderEntry(const OutboxEntry& e) {
  return e.request_json + " #" + std::to_string(e.seq) + " " + OutboxStatusName(e.status) + " x" +
         std::to_string(e.attempts) + " @" + std::to_string(e.next_attempt_at_ms) +
         (e.last_error ? " '" + *e.last_error + "'" : "");
}

std::string Outbox(Store& store, int64_t client_id) {
  std::vector<OutboxEntry> v;
  REQUIRE(store.ListOutbox(client_id, &v).ok());
  return Join(v, RenderEntry);
}

std::string Heads(Store& store, size_t limit = 100) {
  std::vector<OutboxEntry> v;
  REQUIRE(store.ListOutboxHeads(limit, &v).ok());
  return Join(v, RenderEntry);
}

TurnWrite WithOutbox(const ClientKey& key, const std::string& message_id, int64_t at_ms,
                     std::vector<std::string> requests) {
  TurnWrite t = Turn(key, message_id, at_ms);
  t.outbox = std::move(requests);
  return t;
}

OutboxEntry Head(Store& store, const std::string& request) {
  std::vector<OutboxEntry> v;
  REQUIRE(store.ListOutboxHeads(100, &v).ok());
  for (const OutboxEntry& e : v) {
    if (e.request_json == request) return e;
  }
  FAIL("no head " << request);
  return {};
}

OutboxAttempt Attempt(int64_t id, OutboxStatus status, int attempts, int64_t next_ms,
                      std::optional<std::string> error, int64_t at_ms) {
  return OutboxAttempt{id, status, attempts, next_ms, std::move(error), at_ms};
}

TEST_CASE_TEMPLATE("store contract: a turn queues its outbox entries in order", F, CONTRACT_STORES) {
  F f;
  Store& store = *f.store;
  const ClientKey key{"wechat", "main", "openid-1"};
  const int64_t id = MustCommit(store, WithOutbox(key, "m1", 1000, {"a", "b"}));
  MustCommit(store, WithOutbox(key, "m2", 2000, {"c"}));
  MustCommit(store, Turn(key, "m3", 3000));  // no entries: nothing changes
  CHECK(Outbox(store, id) == "a #1 queued x0 @1000 | b #2 queued x0 @1000 | c #3 queued x0 @2000");

  std::vector<OutboxEntry> v;
  REQUIRE(store.ListOutbox(id, &v).ok());
  REQUIRE(v.size() == 3);
  CHECK(v[0].client_id == id);
  CHECK(v[0].channel == "wechat");
  CHECK(v[0].account == "main");
  CHECK(v[0].message_id == "m1");
  CHECK(v[2].message_id == "m2");
  CHECK(v[0].created_at_ms == 1000);
  CHECK(v[0].updated_at_ms == 1000);
  CHECK(v[0].id < v[1].id);

  SUBCASE("only the first queued entry of a client is a head") {
    CHECK(Heads(store) == "a #1 queued x0 @1000");
    const int64_t other = MustCommit(store, WithOutbox(Key("u2", "telegram"), "", 500, {"t1", "t2"}));
    CHECK(Heads(store) == "t1 #1 queued x0 @500 | a #1 queued x0 @1000");
    CHECK(Heads(store, 1) == "t1 #1 queued x0 @500");
    CHECK(Outbox(store, other) == "t1 #1 queued x0 @500 | t2 #2 queued x0 @500");
    std::vector<OutboxEntry> t;
    REQUIRE(store.ListOutbox(other, &t).ok());
    CHECK(t[0].message_id.empty());  // a turn without a message id
  }
  SUBCASE("an unknown client has no entries") { CHECK(Outbox(store, id + 100).empty()); }
}

TEST_CASE_TEMPLATE("store contract: attempts move an entry on, and the next one up", F,
                   CONTRACT_STORES) {
  F f;
  Store& store = *f.store;
  const ClientKey key{"wechat", "main", "openid-1"};
  const int64_t id = MustCommit(store, WithOutbox(key, "m1", 1000, {"a", "b", "c"}));
  const int64_t a = Head(store, "a").id;

  REQUIRE(store.RecordOutboxAttempt(Attempt(a, OutboxStatus::kQueued, 1, 5000, "HTTP 502", 1100)).ok());
  CHECK(Heads(store) == "a #1 queued x1 @5000 'HTTP 502'");  // b still waits behind a
  REQUIRE(store.RecordOutboxAttempt(Attempt(a, OutboxStatus::kSent, 2, 0, std::nullopt, 5100)).ok());
  CHECK(Heads(store) == "b #2 queued x0 @1000");
  const int64_t b = Head(store, "b").id;
  REQUIRE(store.RecordOutboxAttempt(Attempt(b, OutboxStatus::kFailed, 1, 0, "errcode 45015: out of time", 5200))
              .ok());
  CHECK(Heads(store) == "c #3 queued x0 @1000");
  // A sent entry keeps the error of its failed attempt; the time it was due stays.
  CHECK(Outbox(store, id) ==
        "a #1 sent x2 @5000 'HTTP 502' | b #2 failed x1 @1000 'errcode 45015: out of time' | "
        "c #3 queued x0 @1000");
  std::vector<OutboxEntry> v;
  REQUIRE(store.ListOutbox(id, &v).ok());
  CHECK(v[0].updated_at_ms == 5100);
  CHECK(v[1].updated_at_ms == 5200);

  SUBCASE("sent and failed are final") {
    Status s = store.RecordOutboxAttempt(Attempt(a, OutboxStatus::kQueued, 3, 9000, "again", 9000));
    CHECK(s.code() == Status::Code::kInvalidArgument);
    CHECK(s.message().find("already sent") != std::string::npos);
    CHECK(store.RecordOutboxAttempt(Attempt(b, OutboxStatus::kSent, 2, 0, std::nullopt, 9000)).code() ==
          Status::Code::kInvalidArgument);
  }
  SUBCASE("an unknown entry is NotFound") {
    CHECK(store.RecordOutboxAttempt(Attempt(a + 100, OutboxStatus::kSent, 1, 0, std::nullopt, 9000)).code() ==
          Status::Code::kNotFound);
  }
  SUBCASE("malformed attempts are refused") {
    const int64_t c = Head(store, "c").id;
    CHECK(store.RecordOutboxAttempt(Attempt(c, OutboxStatus::kSent, 0, 0, std::nullopt, 9000)).code() ==
          Status::Code::kInvalidArgument);
    CHECK(store.RecordOutboxAttempt(Attempt(c, OutboxStatus::kSent, 1, 0, "error", 9000)).code() ==
          Status::Code::kInvalidArgument);
    CHECK(store.RecordOutboxAttempt(Attempt(c, OutboxStatus::kQueued, 1, 9000, std::nullopt, 9000)).code() ==
          Status::Code::kInvalidArgument);
    CHECK(store.RecordOutboxAttempt(Attempt(c, OutboxStatus::kFailed, 1, 0, std::nullopt, 9000)).code() ==
          Status::Code::kInvalidArgument);
  }
  CHECK(Outbox(store, id) ==
        "a #1 sent x2 @5000 'HTTP 502' | b #2 failed x1 @1000 'errcode 45015: out of time' | "
        "c #3 queued x0 @1000");
}

TEST_CASE_TEMPLATE("store contract: a refused turn queues nothing", F, CONTRACT_STORES) {
  F f;
  Store& store = *f.store;
  const ClientKey key{"telegram", "bot", "42"};
  const int64_t id = MustCommit(store, WithOutbox(key, "m1", 1000, {"a"}));
  SUBCASE("a duplicate message id") {
    CHECK(store.CommitTurn(WithOutbox(key, "m1", 2000, {"again"}), nullptr).code() ==
          Status::Code::kAlreadyExists);
  }
  SUBCASE("an empty request") {
    Status s = store.CommitTurn(WithOutbox(key, "m2", 2000, {"x", ""}), nullptr);
    CHECK(s.code() == Status::Code::kInvalidArgument);
    CHECK(s.message() == "turn: an outbox request is empty");
  }
  SUBCASE("a turn that fails late (a taken complaint ticket)") {
    TurnWrite first = Turn(key, "m2", 2000);
    first.complaints.push_back({"C-00000001", "service", "d", std::nullopt, "received", 2000, 2000});
    MustCommit(store, first);
    TurnWrite second = WithOutbox(key, "m3", 3000, {"lost"});
    second.complaints.push_back({"C-00000001", "service", "d", std::nullopt, "received", 3000, 3000});
    CHECK(store.CommitTurn(second, nullptr).code() == Status::Code::kAlreadyExists);
  }
  CHECK(Outbox(store, id) == "a #1 queued x0 @1000");
  // The order goes on without a gap.
  MustCommit(store, WithOutbox(key, "m9", 9000, {"z"}));
  CHECK(Outbox(store, id) == "a #1 queued x0 @1000 | z #2 queued x0 @9000");
}

TEST_CASE_TEMPLATE("store contract: erasing personal data removes the delivered entries", F,
                   CONTRACT_STORES) {
  F f;
  Store& store = *f.store;
  const ClientKey key{"wechat", "main", "openid-1"};
  const int64_t id = MustCommit(store, WithOutbox(key, "m1", 1000, {"a", "b", "c"}));
  const int64_t other = MustCommit(store, WithOutbox(Key("u2", "telegram"), "m1", 1000, {"t"}));
  REQUIRE(store.RecordOutboxAttempt(Attempt(Head(store, "a").id, OutboxStatus::kSent, 1, 0, std::nullopt, 1100))
              .ok());
  REQUIRE(store.RecordOutboxAttempt(Attempt(Head(store, "b").id, OutboxStatus::kFailed, 1, 0, "e", 1200)).ok());
  REQUIRE(store.RecordOutboxAttempt(Attempt(Head(store, "t").id, OutboxStatus::kSent, 1, 0, std::nullopt, 1300))
              .ok());

  TurnWrite erase = WithOutbox(key, "m2", 2000, {"done"});
  erase.erase_personal_data = true;
  MustCommit(store, erase);
  // Queued entries still go out; the turn's own come after them.
  CHECK(Outbox(store, id) == "c #3 queued x0 @1000 | done #4 queued x0 @2000");
  CHECK(Outbox(store, other) == "t #1 sent x1 @1000");  // another client's stay
}

TEST_CASE_TEMPLATE("store contract: a client who left is inactive until their next turn", F,
                   CONTRACT_STORES) {
  F f;
  Store& store = *f.store;
  const ClientKey key{"wechat", "main", "openid-1"};
  bool found = true;
  REQUIRE(store.MarkClientInactive(key, 500, &found).ok());
  CHECK_FALSE(found);  // never seen: nothing to mark, nothing created
  std::optional<int64_t> client;
  REQUIRE(store.FindClientId(key, &client).ok());
  CHECK(client == std::nullopt);

  const int64_t id = MustCommit(store, Turn(key, "m1", 1000));
  std::optional<int64_t> since = 1;
  REQUIRE(store.GetInactiveSince(id, &since).ok());
  CHECK(since == std::nullopt);

  REQUIRE(store.MarkClientInactive(key, 2000, &found).ok());
  CHECK(found);
  REQUIRE(store.MarkClientInactive(key, 3000, nullptr).ok());  // found is optional
  REQUIRE(store.GetInactiveSince(id, &since).ok());
  CHECK(since == 2000);  // the earlier time stays

  SUBCASE("a duplicate turn does not reactivate") {
    CHECK(store.CommitTurn(Turn(key, "m1", 4000), nullptr).code() == Status::Code::kAlreadyExists);
    REQUIRE(store.GetInactiveSince(id, &since).ok());
    CHECK(since == 2000);
  }
  SUBCASE("a new turn does") {
    MustCommit(store, Turn(key, "m2", 4000));
    REQUIRE(store.GetInactiveSince(id, &since).ok());
    CHECK(since == std::nullopt);
  }
  SUBCASE("other clients and unknown ids are untouched") {
    const int64_t other = MustCommit(store, Turn(Key("u2"), "m1", 1000));
    REQUIRE(store.GetInactiveSince(other, &since).ok());
    CHECK(since == std::nullopt);
    REQUIRE(store.GetInactiveSince(id + 100, &since).ok());
    CHECK(since == std::nullopt);
  }
}

}  // namespace
}  // namespace careerbot::storage
