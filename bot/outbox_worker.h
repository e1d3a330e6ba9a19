// The outbox worker: delivers what waits in storage's outbox, written in the
// transaction that produced it: replies that go out through the platforms' APIs,
// and events for the admin webhook (bot/admin_webhook.h).
//
//   - in order per client and destination (a channel's account, or an admin
//     webhook endpoint): an entry is attempted only after every earlier one of its
//     client to the same destination was sent or given up, and never two of them
//     at once; destinations do not wait for each other, so a receiver that is down
//     holds back neither the client's replies nor other receivers;
//   - a transient failure (adapters::ApiOutcome::kRetry) is tried again after an
//     exponential backoff with jitter, never sooner than the platform's
//     retry_after_ms; a permanent one, or the last allowed attempt, leaves the
//     entry "failed" with its error, for counsellors to see;
//   - the access tokens come from one TokenCache for the process (Sender); the
//     admin webhook's signature is made at each attempt (AdminWebhooks::Deliver);
//   - at most webhook_in_flight admin webhook deliveries at once, so that slow
//     receivers cannot take every sender thread from the clients' replies (and
//     events held back by it cannot hide the replies queued after them).
// Delivery is at least once: an attempt that reached the platform but whose
// outcome could not be recorded (the process died, the store failed) is made
// again. Feishu replies carry an idempotency uuid and webhook events their
// webhook-id; the other platforms may show such a message twice.
//
// OutboxDispatcher is the logic without threads (tests drive it with a fake clock
// and a fake HttpClient); OutboxWorker runs it on a few threads, woken by Wake()
// when a turn queued something and otherwise sleeping until the next entry is due.
#pragma once

#include <condition_variable>
#include <cstdint>
#include <functional>
#include <mutex>
#include <optional>
#include <map>
#include <set>
#include <string>
#include <thread>
#include <tuple>
#include <vector>

#include "adapters/sender.h"
#include "adapters/token_cache.h"
#include "bot/channel_accounts.h"
#include "bot/send_rate.h"
#include "storage/records.h"

namespace careerbot::storage {
class Store;
}

namespace careerbot::bot {

class AdminWebhooks;

struct OutboxPolicy {
  int max_attempts = 12;
  int64_t backoff_initial_ms = 2000;
  int64_t backoff_max_ms = 1800000;
  // API calls per minute per account, by platform; a platform not named is not limited.
  std::map<std::string, int64_t> per_minute;
  // Admin webhook deliveries in flight at once, all endpoints together; 0: no limit.
  int webhook_in_flight = 0;
};

// The wait after the `attempts`-th failed attempt (>= 1): backoff_initial_ms ·
// 2^(attempts-1), at most backoff_max_ms, scaled by 0.5 + jitter/2 (jitter in
// [0, 1)), and at least retry_after_ms.
int64_t BackoffMs(const OutboxPolicy& policy, int attempts, double jitter, int64_t retry_after_ms);

// What one attempt with `outcome` makes of a queued entry at now_ms: sent; queued
// again after BackoffMs; or failed (a permanent error, or max_attempts reached).
storage::OutboxAttempt NextAttempt(const storage::OutboxEntry& entry, const adapters::ApiOutcome& outcome,
                                   int64_t now_ms, const OutboxPolicy& policy, double jitter);

class OutboxDispatcher {
 public:
  using Clock = std::function<int64_t()>;  // unix milliseconds
  using Jitter = std::function<double()>;  // uniform in [0, 1)

  // Everything must outlive the dispatcher.
  OutboxDispatcher(storage::Store& store, const ChannelMap& channels, const AdminWebhooks& webhooks,
                   adapters::HttpClient* http, adapters::TokenCache* tokens, OutboxPolicy policy,
                   Clock now_ms, Jitter jitter);

  // Claims the entry to deliver next: due now, no entry of its client and
  // destination in flight, its account within its send rate (an admin webhook
  // entry: fewer than webhook_in_flight of them in flight).
  // nullopt when there is none; *wake_at_ms then says when to look again (the next
  // due time; INT64_MAX when nothing waits; a second on when the store failed).
  // A look reads a page of the heads that are due; the Claims after it take from
  // that page. The store is read again only after Queued() or a Deliver(), when
  // the next head not due at the last read comes due, when a full page was used
  // up, or a minute after the last read (for entries set back to queued by hand):
  // nothing else can make an entry claimable. Thread-safe.
  std::optional<storage::OutboxEntry> Claim(int64_t* wake_at_ms);

  // Something was queued (it may be due now): the next Claim reads the store.
  // Call it after the write is committed. Thread-safe.
  void Queued();

  // Makes one attempt of a claimed entry, records its outcome and releases the
  // entry's client and destination. Returns what was recorded. Thread-safe.
  storage::OutboxAttempt Deliver(const storage::OutboxEntry& entry);

 private:
  // Inside mu_: claims the first of `heads` (due, as ListOutboxHeads read them)
  // that can go now, and takes it out of `heads`; sets webhooks_held_ when admin
  // webhook events over their limit were passed over.
  std::optional<storage::OutboxEntry> ClaimFrom(std::vector<storage::OutboxEntry>& heads, int64_t now,
                                                int64_t* wake_at_ms);
  // The attempt without recording it.
  storage::OutboxAttempt Attempt(const storage::OutboxEntry& entry);

  // (client id, channel, account): one queue of the outbox.
  using Queue = std::tuple<int64_t, std::string, std::string>;
  static Queue QueueOf(const storage::OutboxEntry& entry);

  storage::Store& store_;
  const ChannelMap& channels_;
  const AdminWebhooks& webhooks_;
  adapters::HttpClient* http_;
  adapters::TokenCache* tokens_;
  OutboxPolicy policy_;
  Clock now_ms_;
  Jitter jitter_;
  std::mutex mu_;  // guards every member below it, and jitter_
  std::set<Queue> in_flight_;   // the queues with a claimed entry
  int webhooks_in_flight_ = 0;  // claimed admin webhook entries
  std::map<std::string, SendRate> rates_;  // by "channel/account", made on first use
  // Whether the store may hold due heads not in read_ (Claim's rules); the next
  // head not due at the last read, INT64_MAX for none; when that read was.
  bool look_needed_ = true;
  int64_t next_due_at_ms_ = 0;
  int64_t last_read_at_ms_ = 0;
  // The due heads the last look read and no Claim took yet, in due order. Only
  // this dispatcher attempts entries, so each stays its queue's head until its
  // own attempt, and Deliver drops the ones of a queue whose attempt ended.
  std::vector<storage::OutboxEntry> read_;
  bool webhooks_held_ = false;  // the last ClaimFrom passed over held webhook events
};

class OutboxWorker {
 public:
  // `senders` threads deliver at once (queues in parallel, each in order).
  OutboxWorker(OutboxDispatcher* dispatcher, int senders);
  ~OutboxWorker();  // Stop()

  void Start();
  // Something was queued: look now instead of at the next due time
  // (OutboxDispatcher::Queued). Thread-safe.
  void Wake();
  // Lets the attempts in flight finish (each bounded by the HTTP timeout), then
  // joins. What is still queued stays in the store for the next start. Idempotent.
  void Stop();

 private:
  void Run();

  OutboxDispatcher& dispatcher_;
  const int senders_;
  std::mutex mu_;
  std::condition_variable cv_;
  bool stopping_ = false;
  uint64_t wakes_ = 0;  // counts Wake() calls, so a wake between looks is not lost
  std::vector<std::thread> threads_;
};

}  // namespace careerbot::bot
