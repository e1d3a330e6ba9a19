// FakeWeChatApi: the WeChat API the server's outbox calls (cgi-bin/token and
// cgi-bin/message/custom/send), on loopback, answering every call with success.
// With --spawn and a WeChat channel, the load tool points the accounts' api_base
// at it (in a copy of the configuration), so that the replies beyond the passive
// one are delivered as in production instead of retried against nothing.
//
// Thread-safe; the server runs on a thread of its own until destruction.
#pragma once

#include <atomic>
#include <cstdint>
#include <memory>
#include <string>
#include "base/status.h"

namespace careerbot::testing {
class ServingThread;
}

namespace careerbot::bench {

class FakeWeChatApi {
 public:
  FakeWeChatApi();
  ~FakeWeChatApi();

  // Starts listening on 127.0.0.1, a free port.
  Status Start();
  std::string base_url() const { return "http://127.0.0.1:" + std::to_string(port_); }
  int64_t messages_sent() const { return messages_sent_.load(); }

  // Writes a copy of the configuration `in` to `out` with every
  // channels.wechat.*.api_base set to base_url().
  Status WriteConfigCopy(const std::string& in, const std::string& out) const;

 private:
  struct Server;
  std::unique_ptr<Server> server_;
  std::unique_ptr<testing::ServingThread> serving_;  // stopped before server_ goes
  int port_ = 0;
  std::atomic<int64_t> messages_sent_{0};
};

}  // namespace careerbot::bench
