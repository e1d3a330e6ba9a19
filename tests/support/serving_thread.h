// ServingThread: runs an httplib::Server that is already bound on a thread of its
// own, and stops it for sure. httplib's stop() does nothing until the accept loop
// has begun, so a stop that comes before it (a test that never called the server,
// a busy machine) would leave the thread listening for ever: Stop waits for that
// moment first, as bot/http_server.cpp does for the real server.
#pragma once

#include <httplib.h>

#include <atomic>
#include <thread>

namespace careerbot::testing {

class ServingThread {
 public:
  explicit ServingThread(httplib::Server& server)
      : server_(server), thread_([this] {
          server_.listen_after_bind();
          returned_ = true;
        }) {}
  ~ServingThread() { Stop(); }
  ServingThread(const ServingThread&) = delete;
  ServingThread& operator=(const ServingThread&) = delete;

  void Stop() {
    if (!thread_.joinable()) return;
    while (!server_.is_running() && !returned_) std::this_thread::yield();
    server_.stop();
    thread_.join();
  }

 private:
  httplib::Server& server_;
  std::atomic<bool> returned_{false};
  std::thread thread_;  // last: it starts once the members it reads exist
};

}  // namespace careerbot::testing
