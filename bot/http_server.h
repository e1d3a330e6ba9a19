// The HTTP surface of DESIGN.md (health, the JSON channel; the other routes join
// with their issues). The only file pair of the server that knows cpp-httplib.
//
// Lifecycle: Bind() (which reports the bound port, so "port 0" picks a free one),
// then Serve() on one thread until Stop() is called from another; Serve returns
// once the requests in flight have been answered and the messaging channels'
// turns still running (acknowledged, their replies bound for the outbox) have
// committed.
#pragma once

#include <functional>
#include <memory>

#include "base/status.h"
#include "bot/channel_accounts.h"
#include "bot/config.h"

namespace careerbot::knowledge {
struct KnowledgeBase;
}
namespace careerbot::storage {
class Store;
}

namespace careerbot::bot {

class AdminWebhooks;
class ConversationService;

// The outbox's part of the server: the messaging-channel accounts (null: no
// channel routes), what wakes the outbox worker after something was queued, and
// the admin webhook's endpoints (null: none) that admin actions queue events for.
struct ChannelHooks {
  const ChannelMap* channels = nullptr;
  std::function<void()> wake_outbox;
  const AdminWebhooks* webhooks = nullptr;
};

class HttpServer {
 public:
  // `channels` and `knowledge` (what reports are drafted from; null: no report
  // routes) must outlive the server.
  HttpServer(const Config& config, ConversationService& conversations, storage::Store& store,
             ChannelHooks channels = {}, const knowledge::KnowledgeBase* knowledge = nullptr);
  ~HttpServer();

  Status Bind(int* bound_port);
  void Serve();
  void Stop();  // thread-safe, idempotent

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace careerbot::bot
