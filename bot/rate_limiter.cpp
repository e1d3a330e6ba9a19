#include "bot/rate_limiter.h"

#include <algorithm>
#include <cmath>

namespace careerbot::bot {

RateLimiter::RateLimiter(int per_minute, int burst, size_t max_keys)
    : per_ms_(std::max(per_minute, 1) / 60000.0), burst_(std::max(burst, 1)), max_keys_(std::max<size_t>(max_keys, 1)) {}

double RateLimiter::Refilled(const Bucket& b, int64_t now_ms) const {
  const int64_t elapsed = std::max<int64_t>(0, now_ms - b.at_ms);
  return std::min(burst_, b.tokens + elapsed * per_ms_);
}

void RateLimiter::Prune(int64_t now_ms) {
  for (auto it = buckets_.begin(); it != buckets_.end();) {
    it = Refilled(it->second, now_ms) >= burst_ ? buckets_.erase(it) : std::next(it);
  }
  if (buckets_.size() >= max_keys_) buckets_.clear();
}

bool RateLimiter::Allow(const std::string& key, int64_t now_ms, int* retry_after_s) {
  std::lock_guard<std::mutex> lock(mutex_);
  auto it = buckets_.find(key);
  if (it == buckets_.end()) {
    if (buckets_.size() >= max_keys_) Prune(now_ms);
    it = buckets_.emplace(key, Bucket{burst_, now_ms}).first;
  }
  Bucket& b = it->second;
  b.tokens = Refilled(b, now_ms);
  b.at_ms = std::max(b.at_ms, now_ms);
  if (b.tokens >= 1) {
    b.tokens -= 1;
    return true;
  }
  if (retry_after_s) *retry_after_s = std::max(1, static_cast<int>(std::ceil((1 - b.tokens) / per_ms_ / 1000)));
  return false;
}

}  // namespace careerbot::bot
