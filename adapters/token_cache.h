// TokenCache: the platforms' API access tokens (WeChat, WeCom, Feishu, DingTalk),
// shared by every thread that sends, each held until shortly before it expires.
//
// Thread-safe. For one key, at most one fetch runs at a time: callers that find no
// valid token while another fetches wait for that fetch and share its token, so a
// burst of sends does not turn into a burst of token requests. (Every new WeChat
// token invalidates the previous one after a short grace: many fetchers for one app
// would invalidate each other's tokens, PITFALLS 12.) This is one process's cache;
// several server instances sharing an app need one refresher between them, or
// WeChat's stable_token endpoint.
//
// A failed fetch is not cached: the next caller tries again.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>

#include "base/status.h"

namespace careerbot::adapters {

class TokenCache {
 public:
  using Clock = std::function<int64_t()>;  // milliseconds
  // Fetches a token: fills the token and its lifetime in seconds, or fails.
  using Fetch = std::function<Status(std::string* token, int64_t* expires_in_s)>;

  // A token is used until `margin_s` before it expires; one that lives less than
  // twice the margin is used for half its life.
  explicit TokenCache(Clock now_ms, int64_t margin_s = 300);

  // The valid token of `key`, fetching one when there is none. Returns fetch's
  // error when it fails (the cache is then unchanged).
  Status Get(const std::string& key, const Fetch& fetch, std::string* token);

  // Forgets `token` of `key`, because the platform refused it. A different token
  // fetched in the meantime by another thread is kept.
  void Invalidate(const std::string& key, std::string_view token);

  // The valid cached token of `key`, without fetching.
  std::optional<std::string> Peek(const std::string& key) const;

 private:
  struct Entry {
    std::string token;
    int64_t use_until_ms = 0;
    std::shared_ptr<std::mutex> fetching = std::make_shared<std::mutex>();
  };
  bool ValidLocked(const Entry& e) const;

  Clock now_ms_;
  int64_t margin_s_;
  mutable std::mutex mu_;  // guards entries_
  std::map<std::string, Entry> entries_;
};

}  // namespace careerbot::adapters
