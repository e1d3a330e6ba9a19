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

#include <optional>
#include <vector>

#include "base/status.h"
#include "bot/export_link.h"
#include "dialog/messages.h"
#include "dialog/staff_actions.h"
#include "storage/records.h"

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
  // Where the links to clients' copies of their data point and how long they
  // work (bot/export_link.h). Set before the first turn, like SetOutboxWake.
  void SetExportLinks(ExportLinkSettings settings) { export_links_ = std::move(settings); }

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

  // --- Staff turns: what a staff member does in the client's conversation --------

  // How replies reach a client who did not ask (a staff turn). Whether they can
  // is known before the dialog runs, so that it runs once: holding the replies
  // for the client's next answer when their channel cannot write unasked (the
  // JSON channel, the widget, the terminal), or handing them to Render.
  // Implementations are shared by the routes' threads: const and thread-safe.
  class Push {
   public:
    virtual ~Push() = default;
    // Whether the client's channel can write to them unasked.
    virtual bool Reaches(const storage::ClientKey& key) const = 0;
    // The replies as the API calls of the client's channel, rendered for the
    // reply context kept with their session; an error abandons the turn.
    virtual Status Render(const storage::ClientKey& key, const std::string& reply_context,
                          const dialog::TurnAnswer& answer,
                          std::vector<storage::OutboxRequest>* outbox) const = 0;
  };
  struct StaffTurn {
    int64_t client_id = 0;
    std::optional<int64_t> staff_id;  // nullopt: the service itself (a retention rule)
    dialog::StaffAction action;
    std::string journal_text;  // what the journal keeps of the action (consented clients only)
    // Runs under the client's lock, right before the dialog: checks the records as
    // they are then (the hand-off still open, the case not closed …) and may fill
    // in the turn from them (the next plan version). An error stops the turn.
    std::function<Status(StaffTurn* turn)> prepare;
    // Written in the turn's transaction.
    std::vector<storage::HandoffUpdate> handoff_updates;
    std::optional<storage::CaseClosure> close_case;
    std::vector<storage::ServicePlanRecord> plans;
    int64_t at_ms = 0;
  };
  struct StaffOutcome {
    dialog::TurnAnswer answer;  // what the client is told
    bool pushed = false;        // queued for their channel's API (else held for their next answer)
  };
  // Runs the action as a turn of the client's conversation, under their lock, and
  // commits it like a client's turn. push may be null (no channel is written to:
  // the replies wait for the client's next message). NotFound for an unknown
  // client; FailedPrecondition when the precondition or the dialog refuses
  // (nothing changed).
  Status RunStaffTurn(StaffTurn turn, const Push* push, StaffOutcome* out);

  // --- What a channel fetches without a message of the client -------------------

  // The replies staff said that the client's channel held (it answers only the
  // client's messages: the widget), taken now the way the client's next turn would
  // take them (DialogEngine::TakeHeldReplies), and the snapshot without them
  // committed in one transaction under the client's lock: no later answer gives
  // them again. Nothing is journaled (they were when staff said them) and nothing
  // is written when nothing is held. A client without a conversation gets an empty
  // answer. Not a turn: /metrics counts it apart (careerbot_held_fetches_total).
  Status TakeHeldReplies(const storage::ClientKey& key, int64_t now_ms, dialog::TurnAnswer* answer);

  // Whether a counsellor was asked for (a hand-off open) or talks with the client
  // (taken): what staff say then reaches a widget only when it fetches.
  Status InHandoff(const storage::ClientKey& key, bool* in_handoff);

  const dialog::DialogEngine& engine() const { return engine_; }

  // The client left the channel (kStop): marks them inactive, under their lock so
  // that it does not interleave with a turn. A client never seen is no error.
  Status MarkInactive(const dialog::Inbound& inbound);

 private:
  std::mutex& LockFor(const storage::ClientKey& key);
  Status RunTurnUnmetered(const dialog::Inbound& inbound, const BeforeCommit& before_commit, TurnOutcome* out);

  storage::Store& store_;
  const dialog::DialogEngine& engine_;
  const std::string archive_format_;
  const AdminWebhooks* const webhooks_;
  std::function<void()> wake_outbox_;
  ExportLinkSettings export_links_;
  // Striped by the client's key. Two clients on one stripe wait for each other's
  // whole turn, group commit included: with 256 stripes about half the turns of
  // 256 concurrent clients did (docs/performance.md); with 4096, about 6%.
  std::array<std::mutex, 4096> client_locks_;
};

}  // namespace careerbot::bot
