// FakePlatform: a messaging platform's API (or an admin webhook's receiver) on
// loopback, for integration tests that point a channel account's api_base at it. It records every call and answers
// each through a handler the test sets (tokens, errors, 5xx …). Tests wait for
// calls with WaitFor (a condition variable with a timeout), never with a sleep.
#pragma once

#include <doctest/doctest.h>
#include <httplib.h>

#include <cctype>
#include <chrono>
#include <condition_variable>
#include <map>
#include <memory>
#include <functional>
#include <mutex>
#include <string>
#include <utility>
#include <vector>

#include "tests/support/serving_thread.h"

namespace careerbot::testing {

class FakePlatform {
 public:
  struct Call {
    std::string method;
    std::string path;   // without the query
    std::string query;  // raw, after '?'
    std::string body;
    std::map<std::string, std::string> headers;  // names lower-cased
    int64_t at_ms = 0;  // when it arrived (steady clock)
    int status = 0;     // what the handler answered

    // The header's value; "" when absent.
    std::string Header(const std::string& lower_name) const {
      auto it = headers.find(lower_name);
      return it == headers.end() ? std::string() : it->second;
    }
  };
  struct Answer {
    int status = 200;
    std::string body;
  };
  // Called for each request with the calls before it (this one not included).
  using Handler = std::function<Answer(const Call& call, const std::vector<Call>& earlier)>;

  FakePlatform() {
    auto serve = [this](const httplib::Request& req, httplib::Response& res) {
      Call call;
      call.method = req.method;
      const size_t q = req.target.find('?');
      call.path = req.target.substr(0, q);
      call.query = q == std::string::npos ? "" : req.target.substr(q + 1);
      call.body = req.body;
      for (const auto& [name, value] : req.headers) {
        std::string lower = name;
        for (char& ch : lower) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
        call.headers[lower] = value;
      }
      call.at_ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                       std::chrono::steady_clock::now().time_since_epoch())
                       .count();
      std::unique_lock<std::mutex> lock(mu_);
      const Answer answer = handler_ ? handler_(call, calls_) : Answer{404, "{}"};
      call.status = answer.status;
      calls_.push_back(call);
      cv_.notify_all();
      lock.unlock();
      res.status = answer.status;
      res.set_content(answer.body, "application/json");
    };
    server_.Get(".*", serve);
    server_.Post(".*", serve);
    port_ = server_.bind_to_any_port("127.0.0.1");
    REQUIRE(port_ > 0);
    serving_ = std::make_unique<ServingThread>(server_);
  }
  FakePlatform(const FakePlatform&) = delete;
  FakePlatform& operator=(const FakePlatform&) = delete;

  std::string base() const { return "http://127.0.0.1:" + std::to_string(port_); }

  void SetHandler(Handler handler) {
    std::lock_guard<std::mutex> lock(mu_);
    handler_ = std::move(handler);
  }

  std::vector<Call> Calls() const {
    std::lock_guard<std::mutex> lock(mu_);
    return calls_;
  }
  // The calls whose path ends with `suffix`.
  std::vector<Call> CallsTo(const std::string& suffix) const {
    std::vector<Call> out;
    for (Call& c : Calls()) {
      if (c.path.size() >= suffix.size() && c.path.compare(c.path.size() - suffix.size(), suffix.size(), suffix) == 0) {
        out.push_back(std::move(c));
      }
    }
    return out;
  }

  // Waits until `done(calls)` holds; false after `timeout`.
  bool WaitFor(const std::function<bool(const std::vector<Call>&)>& done,
               std::chrono::milliseconds timeout = std::chrono::seconds(20)) {
    std::unique_lock<std::mutex> lock(mu_);
    return cv_.wait_for(lock, timeout, [&] { return done(calls_); });
  }
  // Waits until at least n calls to paths ending with `suffix` were answered `status`.
  bool WaitForCalls(const std::string& suffix, size_t n, int status = 200) {
    return WaitFor([&](const std::vector<Call>& calls) {
      size_t seen = 0;
      for (const Call& c : calls) {
        if (c.status == status && c.path.size() >= suffix.size() &&
            c.path.compare(c.path.size() - suffix.size(), suffix.size(), suffix) == 0) {
          ++seen;
        }
      }
      return seen >= n;
    });
  }

 private:
  httplib::Server server_;
  int port_ = 0;
  mutable std::mutex mu_;
  std::condition_variable cv_;
  Handler handler_;
  std::vector<Call> calls_;
  std::unique_ptr<ServingThread> serving_;  // last: stopped before the members its handler uses go
};

}  // namespace careerbot::testing
