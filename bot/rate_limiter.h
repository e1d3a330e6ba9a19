// RateLimiter: token buckets keyed by a string (a widget visitor's id, a client's
// address). Each key may spend `burst` requests at once, refilled at `per_minute`.
//
// Memory is bounded: a bucket that has refilled completely is the same as no
// bucket, so such buckets are dropped when the table grows past `max_keys`; if every
// bucket is still in use then, the table is cleared (limits restart, which is
// better than refusing every new key or growing without bound).
//
// Thread-safe. Time comes from the caller (milliseconds), so tests need no clock.
#pragma once

#include <cstdint>
#include <mutex>
#include <string>
#include <unordered_map>

namespace careerbot::bot {

class RateLimiter {
 public:
  RateLimiter(int per_minute, int burst, size_t max_keys = 100000);

  // True, and one token spent, when `key` may proceed at `now_ms`. False otherwise,
  // with *retry_after_s (optional) set to the whole seconds until a token is back.
  bool Allow(const std::string& key, int64_t now_ms, int* retry_after_s = nullptr);

 private:
  struct Bucket {
    double tokens = 0;
    int64_t at_ms = 0;
  };
  double Refilled(const Bucket& b, int64_t now_ms) const;
  void Prune(int64_t now_ms);

  const double per_ms_;
  const double burst_;
  const size_t max_keys_;
  std::mutex mutex_;
  std::unordered_map<std::string, Bucket> buckets_;
};

}  // namespace careerbot::bot
