// SendRate: how many API calls per minute the outbox may make for one channel
// account, as a token bucket (a second's worth of calls may go at once). The
// platforms limit how fast a bot may send (DingTalk robots 20 messages a minute,
// Telegram about 30 a second, Feishu 50 a second per app); going over earns
// refusals and, repeated, a blocked bot. Not thread-safe: the dispatcher guards it.
#pragma once

#include <algorithm>
#include <cstdint>

namespace careerbot::bot {

class SendRate {
 public:
  // Integer arithmetic in units of 1/60000 call, so that a minute's refill is
  // exact: one call costs 60000 units and every millisecond adds `per_minute`.
  explicit SendRate(int64_t per_minute)
      : per_ms_(per_minute), capacity_(std::max<int64_t>(kCall, per_minute * 1000)), units_(capacity_) {}

  // Takes one call's token at now_ms; false when there is none, and *ready_at_ms
  // then says when there will be one.
  bool TryTake(int64_t now_ms, int64_t* ready_at_ms) {
    Refill(now_ms);
    if (units_ >= kCall) {
      units_ -= kCall;
      return true;
    }
    *ready_at_ms = now_ms + (kCall - units_ + per_ms_ - 1) / per_ms_;
    return false;
  }

 private:
  static constexpr int64_t kCall = 60000;

  void Refill(int64_t now_ms) {
    if (last_ms_ >= 0 && now_ms > last_ms_) units_ = std::min(capacity_, units_ + (now_ms - last_ms_) * per_ms_);
    last_ms_ = std::max(last_ms_, now_ms);
  }

  int64_t per_ms_;
  int64_t capacity_;
  int64_t units_;
  int64_t last_ms_ = -1;
};

}  // namespace careerbot::bot
