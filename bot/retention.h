// Unfinished services are not kept for ever (PIPL art. 19: no longer than the
// purpose needs): a client who started the needs survey but never accepted the
// service agreement, and has been silent for privacy.unfinished_retention_days,
// has their personal data erased as their own "delete my data" would. A case
// (an accepted agreement, an archive) is kept by the archive rules instead.
//
// The erasure runs as a turn of the client's conversation without a staff
// member (ConversationService::RunStaffTurn): under the client's lock, checked
// again there, journaled, and told to the client with their next message (never
// pushed to them unasked).
#pragma once

#include <condition_variable>
#include <cstdint>
#include <functional>
#include <mutex>
#include <thread>

#include "base/status.h"

namespace careerbot::storage {
class Store;
}

namespace careerbot::bot {

class ConversationService;

struct RetentionReport {
  int examined = 0;  // clients looked at
  int purged = 0;    // clients whose personal data was erased
};

// One sweep at now_ms over every client. The first store error stops it.
Status PurgeUnfinished(ConversationService& conversations, storage::Store& store, int64_t now_ms, int days,
                       RetentionReport* report);

// Runs PurgeUnfinished once an hour (and at start) on a thread of its own.
class RetentionSweeper {
 public:
  RetentionSweeper(ConversationService& conversations, storage::Store& store, int days,
                   std::function<int64_t()> now_ms);
  ~RetentionSweeper();  // Stop()
  void Start();
  void Stop();  // waits for a sweep in progress

 private:
  void Run();

  ConversationService& conversations_;
  storage::Store& store_;
  const int days_;
  const std::function<int64_t()> now_ms_;
  std::mutex mu_;
  std::condition_variable cv_;
  bool stop_ = false;
  std::thread thread_;
};

}  // namespace careerbot::bot
