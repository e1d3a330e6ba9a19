// ConversationService: the path of one message (DESIGN.md), shared by every
// channel and the terminal chat.
//
//   1. a message id seen before is answered with the stored answer, nothing run again;
//   2. one turn at a time per client (a striped lock on the client's key);
//   3. the session snapshot is loaded, the dialog engine runs the turn;
//   4. the turn's writes (journal, snapshot, records, and the admin webhook's
//      events of the turn, bot/admin_webhook.h) are committed in one transaction
//      before the answer is returned.
//
// Thread-safe: turns of different clients run in parallel.
#pragma once

#include <array>
#include <functional>
#include <mutex>
#include <string>

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

class AdminWebhooks;

class ConversationService {
 public:
  // archive_format: archive.format of the configuration (storage/archive_number.h).
  // webhooks (optional; must outlive the service): the endpoints a turn's events
  // are queued for.
  ConversationService(storage::Store& store, const dialog::DialogEngine& engine,
                      std::string archive_format = "{category}-{year}-{seq:6}",
                      const AdminWebhooks* webhooks = nullptr)
      : store_(store), engine_(engine), archive_format_(std::move(archive_format)), webhooks_(webhooks) {}

  // What tells the outbox worker that a committed turn queued admin webhook
  // events. Set before the first turn (not thread-safe against running turns).
  void SetOutboxWake(std::function<void()> wake) { wake_outbox_ = std::move(wake); }

  // Runs (or, for a known message id, recalls) the turn. Unavailable when the store
  // cannot commit: nothing was then kept and the caller may retry with the same id.
  Status HandleTurn(const dialog::Inbound& inbound, dialog::TurnAnswer* answer);

  // For the messaging channels, which render the answer themselves and queue API
  // calls with it: called under the client's lock once the answer is known, before
  // the commit, to add to the turn's write (its outbox entries; answer_json may
  // gain members that ParseApiAnswer ignores). An error abandons the turn: nothing
  // is committed and RunTurn returns it.
  using BeforeCommit = std::function<Status(const dialog::TurnAnswer& answer, storage::TurnWrite* turn)>;
  struct TurnOutcome {
    dialog::TurnAnswer answer;
    bool duplicate = false;   // answered before: nothing was run, before_commit not called
    std::string answer_json;  // as stored: a duplicate's, or the one just committed
  };
  Status RunTurn(const dialog::Inbound& inbound, const BeforeCommit& before_commit, TurnOutcome* out);

  // The client left the channel (kStop): marks them inactive, under their lock so
  // that it does not interleave with a turn. A client never seen is no error.
  Status MarkInactive(const dialog::Inbound& inbound);

 private:
  std::mutex& LockFor(const dialog::Inbound& inbound);

  storage::Store& store_;
  const dialog::DialogEngine& engine_;
  const std::string archive_format_;
  const AdminWebhooks* const webhooks_;
  std::function<void()> wake_outbox_;
  // Striped by the client's key. Two clients on one stripe wait for each other's
  // whole turn, group commit included: with 256 stripes about half the turns of
  // 256 concurrent clients did (docs/performance.md); with 4096, about 6%.
  std::array<std::mutex, 4096> client_locks_;
};

}  // namespace careerbot::bot
