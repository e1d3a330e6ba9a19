#include "adapters/token_cache.h"

#include <algorithm>

namespace careerbot::adapters {

TokenCache::TokenCache(Clock now_ms, int64_t margin_s)
    : now_ms_(std::move(now_ms)), margin_s_(std::max<int64_t>(0, margin_s)) {}

bool TokenCache::ValidLocked(const Entry& e) const {
  return !e.token.empty() && now_ms_() < e.use_until_ms;
}

Status TokenCache::Get(const std::string& key, const Fetch& fetch, std::string* token) {
  std::shared_ptr<std::mutex> fetching;
  {
    std::lock_guard<std::mutex> lock(mu_);
    Entry& e = entries_[key];
    if (ValidLocked(e)) {
      *token = e.token;
      return Status::Ok();
    }
    fetching = e.fetching;
  }
  // One fetch per key at a time; mu_ is not held during it, so other keys go on.
  std::lock_guard<std::mutex> fetch_lock(*fetching);
  {
    std::lock_guard<std::mutex> lock(mu_);
    const Entry& e = entries_[key];
    if (ValidLocked(e)) {  // fetched by the thread we waited for
      *token = e.token;
      return Status::Ok();
    }
  }
  std::string fresh;
  int64_t expires_in_s = 0;
  if (Status s = fetch(&fresh, &expires_in_s); !s.ok()) return s;
  if (fresh.empty() || expires_in_s <= 0) return Status::Unavailable("empty access token");
  const int64_t use_s = expires_in_s >= 2 * margin_s_ ? expires_in_s - margin_s_ : expires_in_s / 2;
  {
    std::lock_guard<std::mutex> lock(mu_);
    Entry& e = entries_[key];
    e.token = fresh;
    e.use_until_ms = now_ms_() + use_s * 1000;
  }
  *token = std::move(fresh);
  return Status::Ok();
}

void TokenCache::Invalidate(const std::string& key, std::string_view token) {
  std::lock_guard<std::mutex> lock(mu_);
  const auto it = entries_.find(key);
  if (it != entries_.end() && it->second.token == token) {
    it->second.token.clear();
    it->second.use_until_ms = 0;
  }
}

std::optional<std::string> TokenCache::Peek(const std::string& key) const {
  std::lock_guard<std::mutex> lock(mu_);
  const auto it = entries_.find(key);
  if (it == entries_.end() || !ValidLocked(it->second)) return std::nullopt;
  return it->second.token;
}

}  // namespace careerbot::adapters
