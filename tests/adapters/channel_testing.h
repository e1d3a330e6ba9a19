// Helpers for the channel adapter tests: requests, a fixed random source, a fake
// HTTP client that records what was sent.
#pragma once

#include <functional>
#include <map>
#include <mutex>
#include <string>
#include <vector>

#include "adapters/channel.h"
#include "adapters/sender.h"

namespace careerbot::adapters::testing {

inline ChannelRequest Request(std::string method, std::map<std::string, std::string> query,
                              std::string body, int64_t now_ms,
                              std::map<std::string, std::string> headers = {}) {
  ChannelRequest r;
  r.method = std::move(method);
  r.account = "main";
  r.query = std::move(query);
  r.headers = std::move(headers);
  r.body = std::move(body);
  r.now_ms = now_ms;
  return r;
}

// Returns the first n bytes of `bytes` (repeated as needed): deterministic output.
inline RandomSource FixedRandom(std::string bytes) {
  return [bytes](size_t n) {
    std::string out;
    while (out.size() < n) out += bytes;
    out.resize(n);
    return out;
  };
}

inline dialog::TurnAnswer Answer(std::vector<dialog::Reply> replies) {
  dialog::TurnAnswer a;
  a.replies = std::move(replies);
  a.state = "s";
  return a;
}

// The status's code name and message, "OK" when ok: one CHECK reads both.
inline std::string Describe(const Status& s) { return s.ToString(); }

class FakeHttpClient : public HttpClient {
 public:
  using Handler = std::function<HttpResponse(const OutboundRequest&)>;
  explicit FakeHttpClient(Handler handler) : handler_(std::move(handler)) {}
  HttpResponse Send(const OutboundRequest& request) override {
    std::lock_guard<std::mutex> lock(mu_);
    sent.push_back(request);
    return handler_(request);
  }
  std::vector<OutboundRequest> sent;

 private:
  std::mutex mu_;
  Handler handler_;
};

inline HttpResponse Json(int status, std::string body) {
  HttpResponse r;
  r.status = status;
  r.body = std::move(body);
  return r;
}

}  // namespace careerbot::adapters::testing
