// TurnLimiter: a bound on the turns running at once, so that overload is
// answered at once (503 with Retry-After) instead of queueing without end behind
// the client locks and the group commit, where every waiting turn would also
// hold an HTTP thread and a connection.
//
// A permit is taken without waiting: TryAcquire either gets one or says no. The
// bound counts turns of the routes that take a permit (the JSON channel), across
// all their clients. Thread-safe (one atomic counter).
#pragma once

#include <atomic>
#include <cstdint>

namespace careerbot::bot {

class TurnLimiter {
 public:
  // `max_in_flight` < 1: no bound.
  explicit TurnLimiter(int max_in_flight) : max_(max_in_flight) {}

  // Held while a turn runs; false (no permit) when the bound is reached.
  class Permit {
   public:
    Permit() = default;
    Permit(Permit&& other) noexcept : limiter_(other.limiter_) { other.limiter_ = nullptr; }
    Permit& operator=(Permit&&) = delete;
    ~Permit() {
      if (limiter_) limiter_->in_flight_.fetch_sub(1, std::memory_order_acq_rel);
    }
    explicit operator bool() const { return limiter_ != nullptr; }

   private:
    friend class TurnLimiter;
    explicit Permit(TurnLimiter* limiter) : limiter_(limiter) {}
    TurnLimiter* limiter_ = nullptr;
  };

  Permit TryAcquire() {
    const int64_t now = in_flight_.fetch_add(1, std::memory_order_acq_rel) + 1;
    if (max_ >= 1 && now > max_) {
      in_flight_.fetch_sub(1, std::memory_order_acq_rel);
      return Permit();
    }
    return Permit(this);
  }

  int64_t in_flight() const { return in_flight_.load(std::memory_order_relaxed); }
  int max_in_flight() const { return max_; }

 private:
  const int max_;
  std::atomic<int64_t> in_flight_{0};
};

}  // namespace careerbot::bot
