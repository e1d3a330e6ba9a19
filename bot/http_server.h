// The HTTP surface of DESIGN.md (health, the JSON channel; the other routes join
// with their issues). The only file pair of the server that knows cpp-httplib.
//
// Lifecycle: Bind() (which reports the bound port, so "port 0" picks a free one),
// then Serve() on one thread until Stop() is called from another; Serve returns
// once the requests in flight have been answered.
#pragma once

#include <memory>

#include "base/status.h"
#include "bot/config.h"

namespace careerbot::storage {
class Store;
}

namespace careerbot::bot {

class ConversationService;

class HttpServer {
 public:
  HttpServer(const Config& config, ConversationService& conversations, storage::Store& store);
  ~HttpServer();

  Status Bind(int* bound_port);
  void Serve();
  void Stop();  // thread-safe, idempotent

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace careerbot::bot
