// Metrics: what operators watch (docs/operations.md), served as GET /metrics in
// the Prometheus text exposition format 0.0.4.
//
// Counters and the turn-latency histogram live in memory as relaxed atomics in
// fixed arrays, so recording costs a few atomic adds and no lock or allocation;
// channels are a fixed list (an unknown name counts as "other"). The gauges that
// need the store (outbox depth, open hand-offs, active sessions) are read when
// /metrics is served, at most once per cache period.
//
// One registry per process (ProcessMetrics()), as Prometheus clients keep it:
// every turn of every channel passes ConversationService::RunTurn, which records
// it there. Thread-safe.
#pragma once

#include <array>
#include <atomic>
#include <cstdint>
#include <functional>
#include <mutex>
#include <string>
#include <string_view>

#include "base/status.h"

namespace careerbot::storage {
class Store;
}

namespace careerbot::bot {

class Metrics {
 public:
  static constexpr std::array<std::string_view, 9> kChannels = {
      "api", "widget", "wechat", "wecom", "feishu", "dingtalk", "telegram", "chat", "other"};
  // Upper bounds of the latency buckets, in seconds (+Inf is implied).
  static constexpr std::array<double, 13> kLatencyBounds = {0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1,
                                                            0.25,  0.5,    1,     2.5,  5,    10};
  static constexpr size_t kCodes = 10;  // Status::Code values

  // A turn ended with `status`; `duplicate`: a redelivered message answered from
  // the store. Outcome label: "ok", "duplicate", or the error code.
  void RecordTurn(std::string_view channel, const Status& status, bool duplicate, int64_t duration_us);
  // An error JSON was sent (any route), by its code.
  void RecordError(Status::Code code);
  // A request ended by a connection limit (bot/http_connection.h), answered
  // 408 (`timeout`) or 431: counted as errors of kind request_timeout or header_too_large.
  void RecordDroppedRequest(bool timeout);
  // An outbox delivery attempt failed (it will be retried, or was given up).
  void RecordDeliveryFailure(std::string_view channel);

  // A channel fetched the replies held for a client without a message of theirs
  // (ConversationService::TakeHeldReplies): not a turn.
  void RecordHeldFetch(std::string_view channel);

  // The turns running now (the turn limiter's count), for the gauge.
  void SetTurnsInFlightSource(std::function<int64_t()> source);

  // The exposition text. Gauges from the store are read at most once per
  // `gauge_cache_ms`; when the store cannot answer, they are left out and
  // careerbot_store_up is 0.
  std::string Render(storage::Store& store, int64_t now_ms, int64_t active_session_window_ms,
                     int64_t gauge_cache_ms);

 private:
  static size_t ChannelIndex(std::string_view channel);

  // [channel][outcome]: outcome 0 ok, 1 duplicate, 2 + code for errors.
  std::array<std::array<std::atomic<int64_t>, 2 + kCodes>, kChannels.size()> turns_{};
  std::array<std::array<std::atomic<int64_t>, kLatencyBounds.size() + 1>, kChannels.size()> latency_buckets_{};
  std::array<std::atomic<int64_t>, kChannels.size()> latency_sum_us_{};
  // By Status code, then request_timeout, header_too_large.
  std::array<std::atomic<int64_t>, kCodes + 2> errors_{};
  std::array<std::atomic<int64_t>, kChannels.size()> delivery_failures_{};
  std::array<std::atomic<int64_t>, kChannels.size()> held_fetches_{};

  std::mutex gauge_mu_;
  std::function<int64_t()> turns_in_flight_;  // guarded by gauge_mu_
  int64_t gauges_at_ms_ = -1;                 // guarded by gauge_mu_
  std::string gauges_text_;                   // guarded by gauge_mu_
};

Metrics& ProcessMetrics();

}  // namespace careerbot::bot
