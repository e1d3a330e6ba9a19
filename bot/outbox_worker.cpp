#include "bot/outbox_worker.h"

#include <algorithm>
#include <chrono>
#include <limits>

#include "bot/admin_webhook.h"
#include "bot/log.h"
#include "bot/metrics.h"
#include "storage/store.h"

namespace careerbot::bot {
namespace {

using storage::OutboxAttempt;
using storage::OutboxEntry;
using storage::OutboxStatus;

// Heads read per look: more than the sender threads, whose claimed heads are skipped.
constexpr size_t kHeadsPerLook = 256;
// After the store failed to answer, look again this much later.
constexpr int64_t kStoreRetryMs = 1000;
// The longest the worker sleeps without looking at the outbox, and the longest the
// dispatcher goes without reading it.
constexpr int64_t kIdleLookMs = 60 * 1000;

}  // namespace

int64_t BackoffMs(const OutboxPolicy& policy, int attempts, double jitter, int64_t retry_after_ms) {
  int64_t delay = std::max<int64_t>(1, policy.backoff_initial_ms);
  for (int i = 1; i < attempts && delay < policy.backoff_max_ms; ++i) delay *= 2;
  delay = std::min(delay, policy.backoff_max_ms);
  jitter = std::clamp(jitter, 0.0, 1.0);
  const auto jittered = static_cast<int64_t>(static_cast<double>(delay) * (0.5 + jitter / 2));
  return std::max({jittered, retry_after_ms, int64_t{1}});
}

OutboxAttempt NextAttempt(const OutboxEntry& entry, const adapters::ApiOutcome& outcome, int64_t now_ms,
                          const OutboxPolicy& policy, double jitter) {
  using Kind = adapters::ApiOutcome::Kind;
  OutboxAttempt a;
  a.id = entry.id;
  a.attempts = entry.attempts + 1;
  a.at_ms = now_ms;
  if (outcome.kind == Kind::kOk) {
    a.status = OutboxStatus::kSent;
    return a;
  }
  a.error = outcome.error.empty() ? std::string("failed") : outcome.error;
  // A refused token that Sender could not cure is transient (adapters/sender.h).
  const bool retry = outcome.kind == Kind::kRetry || outcome.kind == Kind::kInvalidToken;
  if (!retry || a.attempts >= policy.max_attempts) {
    a.status = OutboxStatus::kFailed;
    return a;
  }
  a.status = OutboxStatus::kQueued;
  a.next_attempt_at_ms = now_ms + BackoffMs(policy, a.attempts, jitter, outcome.retry_after_ms);
  return a;
}

OutboxDispatcher::OutboxDispatcher(storage::Store& store, const ChannelMap& channels,
                                   const AdminWebhooks& webhooks, adapters::HttpClient* http,
                                   adapters::TokenCache* tokens, OutboxPolicy policy, Clock now_ms,
                                   Jitter jitter)
    : store_(store),
      channels_(channels),
      webhooks_(webhooks),
      http_(http),
      tokens_(tokens),
      policy_(policy),
      now_ms_(std::move(now_ms)),
      jitter_(std::move(jitter)) {}

OutboxDispatcher::Queue OutboxDispatcher::QueueOf(const OutboxEntry& entry) {
  return {entry.client_id, entry.channel, entry.account};
}

std::optional<OutboxEntry> OutboxDispatcher::Claim(int64_t* wake_at_ms) {
  *wake_at_ms = std::numeric_limits<int64_t>::max();
  std::lock_guard<std::mutex> lock(mu_);
  const int64_t now = now_ms_();
  // The due heads read before come first: reading a page to claim one entry of it
  // made each claim cost the page while many were due (a platform back up).
  if (std::optional<OutboxEntry> claimed = ClaimFrom(read_, now, wake_at_ms)) return claimed;
  // Read the store only when it may hold a due head that was not read: something
  // was queued or delivered, a head not due at the last read is due now, or the
  // look now and then (an entry an operator set back to queued by hand). A send
  // rate's wait only calls for the page again.
  if (!look_needed_ && now < next_due_at_ms_ && now - last_read_at_ms_ < kIdleLookMs) {
    *wake_at_ms = std::min(*wake_at_ms, next_due_at_ms_);
    return std::nullopt;
  }
  last_read_at_ms_ = now;
  next_due_at_ms_ = std::numeric_limits<int64_t>::max();
  // Every destination first; when a full page held admin webhook events that are
  // over their limit, once more without them, so that the replies behind go on.
  for (const char* except : {"", kAdminWebhookChannel}) {
    std::optional<int64_t> next_due;
    if (Status s = store_.ListOutboxHeads(now, kHeadsPerLook, except, &read_, &next_due); !s.ok()) {
      LogError("outbox_read_failed", {{"error", s.ToString()}});
      *wake_at_ms = now + kStoreRetryMs;
      look_needed_ = true;
      return std::nullopt;
    }
    if (next_due) next_due_at_ms_ = std::min(next_due_at_ms_, *next_due);
    *wake_at_ms = std::min(*wake_at_ms, next_due_at_ms_);
    webhooks_held_ = false;
    // A full page: more may be due beyond it, to read once the page is used up.
    look_needed_ = read_.size() >= kHeadsPerLook;
    if (std::optional<OutboxEntry> claimed = ClaimFrom(read_, now, wake_at_ms)) return claimed;
    // Every head of the page in flight, over its rate or its limit: look again
    // when a delivery finishes (Deliver says so). Past a full page of held webhook
    // events, look for the replies behind them.
    if (!(webhooks_held_ && read_.size() >= kHeadsPerLook)) break;
  }
  look_needed_ = false;
  return std::nullopt;
}

void OutboxDispatcher::Queued() {
  std::lock_guard<std::mutex> lock(mu_);
  look_needed_ = true;
}

std::optional<OutboxEntry> OutboxDispatcher::ClaimFrom(std::vector<OutboxEntry>& heads, int64_t now,
                                                       int64_t* wake_at_ms) {
  for (auto head = heads.begin(); head != heads.end(); ++head) {  // every one due (ListOutboxHeads)
    if (in_flight_.count(QueueOf(*head))) continue;  // its queue's attempt is running
    const bool webhook = head->channel == kAdminWebhookChannel;
    if (webhook && policy_.webhook_in_flight > 0 && webhooks_in_flight_ >= policy_.webhook_in_flight) {
      webhooks_held_ = true;  // the worker looks again when a delivery finishes
      continue;
    }
    if (auto limit = policy_.per_minute.find(head->channel); limit != policy_.per_minute.end()) {
      auto rate = rates_.try_emplace(head->channel + "/" + head->account, limit->second).first;
      int64_t ready_at = 0;
      if (!rate->second.TryTake(now, &ready_at)) {
        *wake_at_ms = std::min(*wake_at_ms, ready_at);  // another account may still send
        continue;
      }
    }
    in_flight_.insert(QueueOf(*head));
    if (webhook) ++webhooks_in_flight_;
    OutboxEntry claimed = std::move(*head);
    heads.erase(head);
    return claimed;
  }
  return std::nullopt;
}

OutboxAttempt OutboxDispatcher::Attempt(const OutboxEntry& entry) {
  adapters::ApiOutcome outcome;
  adapters::OutboundRequest request;
  const adapters::Channel* channel = FindChannel(channels_, entry.channel, entry.account);
  if (entry.channel == kAdminWebhookChannel) {
    outcome = webhooks_.Deliver(entry, http_, now_ms_());
  } else if (Status s = DecodeOutboundRequest(entry.request_json, &request); !s.ok()) {
    outcome = {adapters::ApiOutcome::Kind::kPermanent, 0, s.message()};
  } else if (channel == nullptr) {
    // The account was removed from the configuration; nothing can send for it.
    outcome = {adapters::ApiOutcome::Kind::kPermanent, 0,
               "channels." + entry.channel + "." + entry.account + " is not configured"};
  } else {
    outcome = adapters::Sender(*channel, http_, tokens_).Deliver(request);
  }
  double jitter = 0;
  {
    std::lock_guard<std::mutex> lock(mu_);
    jitter = jitter_();
  }
  return NextAttempt(entry, outcome, now_ms_(), policy_, jitter);
}

OutboxAttempt OutboxDispatcher::Deliver(const OutboxEntry& entry) {
  const OutboxAttempt attempt = Attempt(entry);
  if (attempt.status != OutboxStatus::kSent) ProcessMetrics().RecordDeliveryFailure(entry.channel);
  const std::string id = std::to_string(entry.id);
  if (Status s = store_.RecordOutboxAttempt(attempt); !s.ok()) {
    // The entry stays as it was and is attempted again: at least once.
    LogError("outbox_record_failed", {{"outbox_id", id}, {"error", s.ToString()}});
  } else if (attempt.status == OutboxStatus::kFailed) {
    LogError("outbox_failed", {{"outbox_id", id},
                               {"channel", entry.channel},
                               {"account", entry.account},
                               {"attempts", std::to_string(attempt.attempts)},
                               {"error", attempt.error.value_or("")}});
  } else if (attempt.status == OutboxStatus::kQueued) {
    LogInfo("outbox_retry", {{"outbox_id", id},
                             {"channel", entry.channel},
                             {"account", entry.account},
                             {"attempts", std::to_string(attempt.attempts)},
                             {"next_attempt_at_ms", std::to_string(attempt.next_attempt_at_ms)},
                             {"error", attempt.error.value_or("")}});
  }
  std::lock_guard<std::mutex> lock(mu_);
  if (in_flight_.erase(QueueOf(entry)) > 0 && entry.channel == kAdminWebhookChannel) --webhooks_in_flight_;
  // A head read while this attempt was running is this entry as it was: the store
  // has its outcome now.
  const Queue queue = QueueOf(entry);
  read_.erase(std::remove_if(read_.begin(), read_.end(), [&](const OutboxEntry& e) { return QueueOf(e) == queue; }),
              read_.end());
  // The queue's next entry (or the entry again) may be due, and heads skipped
  // because this one was in flight can go now.
  look_needed_ = true;
  return attempt;
}

OutboxWorker::OutboxWorker(OutboxDispatcher* dispatcher, int senders)
    : dispatcher_(*dispatcher), senders_(std::max(1, senders)) {}

OutboxWorker::~OutboxWorker() { Stop(); }

void OutboxWorker::Start() {
  std::lock_guard<std::mutex> lock(mu_);
  if (!threads_.empty() || stopping_) return;
  for (int i = 0; i < senders_; ++i) threads_.emplace_back([this] { Run(); });
}

void OutboxWorker::Wake() {
  dispatcher_.Queued();
  std::lock_guard<std::mutex> lock(mu_);
  ++wakes_;
  cv_.notify_all();
}

void OutboxWorker::Stop() {
  std::vector<std::thread> threads;
  {
    std::lock_guard<std::mutex> lock(mu_);
    stopping_ = true;
    cv_.notify_all();
    threads.swap(threads_);
  }
  for (std::thread& t : threads) t.join();
}

void OutboxWorker::Run() {
  std::unique_lock<std::mutex> lock(mu_);
  while (!stopping_) {
    const uint64_t seen = wakes_;
    lock.unlock();
    int64_t wake_at = 0;
    std::optional<OutboxEntry> entry = dispatcher_.Claim(&wake_at);
    if (entry) {
      dispatcher_.Deliver(*entry);
      lock.lock();
      // The queue's next entry may be due now, and another thread may be
      // waiting only because this one was in flight.
      ++wakes_;
      cv_.notify_all();
      continue;
    }
    lock.lock();
    auto woken = [&] { return stopping_ || wakes_ != seen; };
    const auto now = std::chrono::duration_cast<std::chrono::milliseconds>(
                         std::chrono::system_clock::now().time_since_epoch())
                         .count();
    // Even with nothing due, look again now and then: an entry an operator set
    // back to queued by hand is found without a restart. A second past the
    // dispatcher's minute, so that its clock agrees the minute has passed.
    constexpr int64_t kLongestWaitMs = kIdleLookMs + kStoreRetryMs;
    const int64_t wait_ms = wake_at == std::numeric_limits<int64_t>::max() ? kLongestWaitMs : wake_at - now;
    cv_.wait_for(lock, std::chrono::milliseconds(std::clamp<int64_t>(wait_ms, 0, kLongestWaitMs)), woken);
  }
}

}  // namespace careerbot::bot
