// Contract tests of the outbox and the client status, against every Store
// implementation: entries written with their turn, the head of each client's
// queue per destination, entries queued outside a turn, attempts recorded,
// erasure, and inactive clients.
#include <doctest/doctest.h>

#include <optional>
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

std::string Heads(Store& store, size_t limit = 100, const std::string& except_channel = "") {
  std::vector<OutboxEntry> v;
  REQUIRE(store.ListOutboxHeads(kEveryDue, limit, except_channel, &v, nullptr).ok());
  return Join(v, RenderEntry);
}

// A turn whose requests go to the client's own channel.
TurnWrite WithOutbox(const ClientKey& key, const std::string& message_id, int64_t at_ms,
                     const std::vector<std::string>& requests) {
  TurnWrite t = Turn(key, message_id, at_ms);
  for (const std::string& r : requests) t.outbox.push_back({{key.channel, key.account}, r});
  return t;
}

// Requests to one admin webhook endpoint.
std::vector<OutboxRequest> ToHook(const std::string& endpoint, const std::vector<std::string>& requests) {
  std::vector<OutboxRequest> out;
  for (const std::string& r : requests) out.push_back({{"admin_webhook", endpoint}, r});
  return out;
}

OutboxEntry Head(Store& store, const std::string& request) {
  std::vector<OutboxEntry> v;
  REQUIRE(store.ListOutboxHeads(kEveryDue, 100, "", &v, nullptr).ok());
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

TEST_CASE_TEMPLATE("store contract: each destination of a client is a queue of its own", F, CONTRACT_STORES) {
  F f;
  Store& store = *f.store;
  const ClientKey key{"wechat", "main", "openid-1"};
  TurnWrite turn = WithOutbox(key, "m1", 1000, {"r1", "r2"});
  for (OutboxRequest& r : ToHook("ops", {"e1", "e2"})) turn.outbox.push_back(std::move(r));
  turn.outbox.push_back({{"admin_webhook", "audit"}, "x1"});
  const int64_t id = MustCommit(store, turn);
  // One order (seq) per client, across destinations.
  CHECK(Outbox(store, id) ==
        "r1 #1 queued x0 @1000 | r2 #2 queued x0 @1000 | e1 #3 queued x0 @1000 | e2 #4 queued x0 @1000 | "
        "x1 #5 queued x0 @1000");
  CHECK(Heads(store) == "r1 #1 queued x0 @1000 | e1 #3 queued x0 @1000 | x1 #5 queued x0 @1000");
  // The heads of one channel's destinations can be left out.
  CHECK(Heads(store, 100, "admin_webhook") == "r1 #1 queued x0 @1000");
  CHECK(Heads(store, 100, "wechat") == "e1 #3 queued x0 @1000 | x1 #5 queued x0 @1000");
  CHECK(Heads(store, 1, "wechat") == "e1 #3 queued x0 @1000");
  std::vector<OutboxEntry> v;
  REQUIRE(store.ListOutbox(id, &v).ok());
  CHECK(v[2].channel == "admin_webhook");
  CHECK(v[2].account == "ops");
  CHECK(v[2].message_id == "m1");

  // The receiver is down: its head waits for its retry, the replies go on.
  const int64_t e1 = Head(store, "e1").id;
  REQUIRE(store.RecordOutboxAttempt(Attempt(e1, OutboxStatus::kQueued, 1, 60000, "HTTP 500", 1100)).ok());
  REQUIRE(store.RecordOutboxAttempt(Attempt(Head(store, "r1").id, OutboxStatus::kSent, 1, 0, std::nullopt, 1200))
              .ok());
  CHECK(Heads(store) == "r2 #2 queued x0 @1000 | x1 #5 queued x0 @1000 | e1 #3 queued x1 @60000 'HTTP 500'");
  // And the reverse: a reply given up does not hold the events back, nor their order.
  REQUIRE(store.RecordOutboxAttempt(Attempt(Head(store, "r2").id, OutboxStatus::kFailed, 1, 0, "blocked", 1300))
              .ok());
  REQUIRE(store.RecordOutboxAttempt(Attempt(e1, OutboxStatus::kSent, 2, 0, std::nullopt, 60000)).ok());
  CHECK(Heads(store) == "e2 #4 queued x0 @1000 | x1 #5 queued x0 @1000");
  // The same endpoint key for another client is another queue.
  const int64_t other = MustCommit(store, Turn(Key("u2"), "m1", 500));
  REQUIRE(store.QueueOutbox(other, ToHook("ops", {"o1"}), 500).ok());
  CHECK(Heads(store) == "o1 #1 queued x0 @500 | e2 #4 queued x0 @1000 | x1 #5 queued x0 @1000");
}

// "heads due by due_by_ms / next due" (the next due time, or "none").
std::string DueHeads(Store& store, int64_t due_by_ms, size_t limit = 100, const std::string& except_channel = "") {
  std::vector<OutboxEntry> v;
  std::optional<int64_t> next_due = -1;
  REQUIRE(store.ListOutboxHeads(due_by_ms, limit, except_channel, &v, &next_due).ok());
  return Join(v, RenderEntry) + " / " + (next_due ? std::to_string(*next_due) : "none");
}

TEST_CASE_TEMPLATE("store contract: only the heads due are listed, with when the next one is due", F,
                   CONTRACT_STORES) {
  F f;
  Store& store = *f.store;
  const ClientKey key{"wechat", "main", "openid-1"};
  TurnWrite turn = WithOutbox(key, "m1", 1000, {"a", "b", "c"});
  for (OutboxRequest& r : ToHook("ops", {"e1"})) turn.outbox.push_back(std::move(r));
  MustCommit(store, turn);
  MustCommit(store, WithOutbox(Key("u2", "telegram"), "m1", 1500, {"t1"}));
  CHECK(DueHeads(store, 999) == " / 1000");
  CHECK(DueHeads(store, 1000) == "a #1 queued x0 @1000 | e1 #4 queued x0 @1000 / 1500");

  // a and t1 back off; b and c, due since 1000, wait behind a and are never listed.
  REQUIRE(store.RecordOutboxAttempt(Attempt(Head(store, "a").id, OutboxStatus::kQueued, 1, 5000, "HTTP 502", 1100))
              .ok());
  REQUIRE(store.RecordOutboxAttempt(Attempt(Head(store, "t1").id, OutboxStatus::kQueued, 1, 3000, "HTTP 502", 1600))
              .ok());
  CHECK(DueHeads(store, 2000) == "e1 #4 queued x0 @1000 / 3000");
  CHECK(DueHeads(store, 3000) == "e1 #4 queued x0 @1000 | t1 #1 queued x1 @3000 'HTTP 502' / 5000");
  CHECK(DueHeads(store, 3000, 1) == "e1 #4 queued x0 @1000 / 5000");
  CHECK(DueHeads(store, 6000) ==
        "e1 #4 queued x0 @1000 | t1 #1 queued x1 @3000 'HTTP 502' | a #1 queued x1 @5000 'HTTP 502' / none");
  // Left out of both answers: the listed heads and the next due time.
  CHECK(DueHeads(store, 2000, 100, "admin_webhook") == " / 3000");
  CHECK(DueHeads(store, 4000, 100, "telegram") == "e1 #4 queued x0 @1000 / 5000");
  CHECK(DueHeads(store, 2000, 100, "wechat") == "e1 #4 queued x0 @1000 / 3000");

  // a sent: b, due since 1000, is its queue's head now.
  REQUIRE(store.RecordOutboxAttempt(Attempt(Head(store, "a").id, OutboxStatus::kSent, 2, 0, std::nullopt, 5000)).ok());
  CHECK(DueHeads(store, 2000) == "b #2 queued x0 @1000 | e1 #4 queued x0 @1000 / 3000");
  // The next due time may be given without wanting it.
  std::vector<OutboxEntry> v;
  REQUIRE(store.ListOutboxHeads(2000, 100, "", &v, nullptr).ok());
  CHECK(Join(v, RenderEntry) == "b #2 queued x0 @1000 | e1 #4 queued x0 @1000");
  // b given up, c follows; an empty outbox has nothing due and nothing next.
  REQUIRE(store.RecordOutboxAttempt(Attempt(Head(store, "b").id, OutboxStatus::kFailed, 1, 0, "blocked", 5100)).ok());
  CHECK(DueHeads(store, 2000, 100, "admin_webhook") == "c #3 queued x0 @1000 / 3000");
  for (const char* request : {"c", "e1", "t1"}) {
    REQUIRE(store.RecordOutboxAttempt(Attempt(Head(store, request).id, OutboxStatus::kSent, 2, 0, std::nullopt, 6000))
                .ok());
  }
  CHECK(DueHeads(store, 9000) == " / none");
}

TEST_CASE_TEMPLATE("store contract: many heads backing off hide neither a due one nor the order behind them", F,
                   CONTRACT_STORES) {
  F f;
  Store& store = *f.store;
  for (int i = 0; i < 40; ++i) {
    const std::string n = std::to_string(i);
    MustCommit(store, WithOutbox(Key("u" + n, "telegram"), "m1", 1000, {"h" + n, "w" + n}));
    REQUIRE(store.RecordOutboxAttempt(Attempt(Head(store, "h" + n).id, OutboxStatus::kQueued, 1, 10000 + i,
                                              "HTTP 502", 1100))
                .ok());
  }
  MustCommit(store, WithOutbox(Key("new", "telegram"), "m1", 2000, {"n1", "n2"}));
  CHECK(DueHeads(store, 2000, 10) == "n1 #1 queued x0 @2000 / 10000");
  CHECK(DueHeads(store, 10001, 10) ==
        "n1 #1 queued x0 @2000 | h0 #1 queued x1 @10000 'HTTP 502' | h1 #1 queued x1 @10001 'HTTP 502' / 10002");
}

TEST_CASE_TEMPLATE("store contract: QueueOutbox queues for a known client outside a turn", F, CONTRACT_STORES) {
  F f;
  Store& store = *f.store;
  const ClientKey key{"telegram", "bot", "42"};
  const int64_t id = MustCommit(store, WithOutbox(key, "m1", 1000, {"a"}));
  REQUIRE(store.MarkClientInactive(key, 1500, nullptr).ok());

  REQUIRE(store.QueueOutbox(id, ToHook("ops", {"report-1", "report-2"}), 2000).ok());
  CHECK(Outbox(store, id) == "a #1 queued x0 @1000 | report-1 #2 queued x0 @2000 | report-2 #3 queued x0 @2000");
  std::vector<OutboxEntry> v;
  REQUIRE(store.ListOutbox(id, &v).ok());
  REQUIRE(v.size() == 3);
  CHECK(v[1].message_id.empty());  // no inbound message caused it
  CHECK(v[1].created_at_ms == 2000);
  CHECK(v[1].client_id == id);
  // Not a turn: the client stays inactive.
  std::optional<int64_t> since;
  REQUIRE(store.GetInactiveSince(id, &since).ok());
  CHECK(since == 1500);

  SUBCASE("all or nothing") {
    std::vector<OutboxRequest> bad = ToHook("ops", {"fine", ""});
    Status s = store.QueueOutbox(id, bad, 3000);
    CHECK(s.code() == Status::Code::kInvalidArgument);
    CHECK(s.message() == "queue outbox: an outbox request is empty");
    s = store.QueueOutbox(id, {{{"", "ops"}, "no channel"}}, 3000);
    CHECK(s.code() == Status::Code::kInvalidArgument);
    CHECK(s.message() == "queue outbox: an outbox destination has no channel");
  }
  SUBCASE("an unknown client") {
    CHECK(store.QueueOutbox(id + 100, ToHook("ops", {"lost"}), 3000).code() == Status::Code::kNotFound);
    CHECK(Outbox(store, id + 100).empty());
  }
  SUBCASE("nothing to queue") { CHECK(store.QueueOutbox(id, {}, 3000).ok()); }
  CHECK(Outbox(store, id) == "a #1 queued x0 @1000 | report-1 #2 queued x0 @2000 | report-2 #3 queued x0 @2000");
  // A later turn's entries follow in the client's order.
  MustCommit(store, WithOutbox(key, "m2", 4000, {"b"}));
  CHECK(Outbox(store, id) ==
        "a #1 queued x0 @1000 | report-1 #2 queued x0 @2000 | report-2 #3 queued x0 @2000 | b #4 queued x0 @4000");
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
  SUBCASE("a destination without a channel") {
    TurnWrite t = WithOutbox(key, "m2", 2000, {"x"});
    t.outbox.push_back({{"", "ops"}, "y"});
    Status s = store.CommitTurn(t, nullptr);
    CHECK(s.code() == Status::Code::kInvalidArgument);
    CHECK(s.message() == "turn: an outbox destination has no channel");
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
