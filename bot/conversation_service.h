// ConversationService: the path of one message (DESIGN.md), shared by every
// channel and the terminal chat.
//
//   1. a message id seen before is answered with the stored answer, nothing run again;
//   2. one turn at a time per client (a striped lock on the client's key);
//   3. the session snapshot is loaded, the dialog engine runs the turn;
//   4. the turn's writes (journal, snapshot, records) are committed in one
//      transaction before the answer is returned.
//
// Thread-safe: turns of different clients run in parallel.
#pragma once

#include <array>
#include <mutex>

#include "base/status.h"
#include "dialog/messages.h"

namespace careerbot::dialog {
class DialogEngine;
struct TurnResult;
}  // namespace careerbot::dialog
namespace careerbot::storage {
class Store;
struct TurnWrite;
}  // namespace careerbot::storage

namespace careerbot::bot {

class ConversationService {
 public:
  ConversationService(storage::Store& store, const dialog::DialogEngine& engine)
      : store_(store), engine_(engine) {}

  // Runs (or, for a known message id, recalls) the turn. Unavailable when the store
  // cannot commit: nothing was then kept and the caller may retry with the same id.
  Status HandleTurn(const dialog::Inbound& inbound, dialog::TurnAnswer* answer);

 private:
  std::mutex& LockFor(const dialog::Inbound& inbound);

  storage::Store& store_;
  const dialog::DialogEngine& engine_;
  std::array<std::mutex, 256> client_locks_;
};

}  // namespace careerbot::bot
