// DialogEngine: the facade bot/ calls to run one turn of a conversation.
//
// A turn restores the service machine from the session's snapshot (state id and
// context JSON), feeds it what the client sent, and returns the replies, the new
// snapshot and the domain events the records must keep. The engine holds no
// per-client state: it is immutable after Create and safe to call from many
// threads at once, as long as one client's turns do not overlap (the caller
// serialises them).
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "base/status.h"
#include "dialog/messages.h"
#include "dialog/staff_actions.h"

namespace careerbot::knowledge {
struct KnowledgeBase;
struct Hotline;
}  // namespace careerbot::knowledge

namespace careerbot::dialog {

class ClientRecords;
class ServiceMachine;
struct SessionContext;

struct EngineOptions {
  // The provider of the service (specification 3.1), shown in the welcome, the
  // privacy notice and the agreement. Empty values show as "—".
  std::string institution_name;
  std::string institution_registration_no;
  std::string institution_contact;
  // Crisis hotlines given with the distress reply; empty: the knowledge base's.
  std::vector<knowledge::Hotline> hotlines;
  // A client who writes again after this long in the middle of the service is
  // asked whether to continue or start again. 0 turns it off.
  int64_t inactivity_ms = 24LL * 3600 * 1000;
  // An unfinished service silent this many days is erased (privacy.unfinished_retention_days);
  // the privacy notice says so. 0: nothing is erased, and the notice says nothing of it.
  int unfinished_retention_days = 30;
};

// The session as stored, and what the turn may read of the client's records.
struct TurnInput {
  std::string state;         // both empty on first contact
  std::string context_json;
  int64_t last_activity_ms = 0;  // when the session was last written; 0 = never
  const ClientRecords* records = nullptr;  // may be null: commands that need it say nothing is kept
};

struct TurnResult {
  TurnAnswer answer;
  std::vector<DomainEvent> events;
  std::string state;         // the new snapshot: innermost state id …
  std::string context_json;  // … and context
  bool consented = false;    // whether the client has agreed to the privacy notice
  // How many of the answer's first replies are ones staff said earlier and the
  // channel held back (already journaled when they were said).
  size_t held_delivered = 0;
};

class DialogEngine {
 public:
  // Checks that the knowledge base has every text (with the placeholders the
  // engine fills) and intent the engine uses; InvalidArgument names what is missing.
  static Status Create(const knowledge::KnowledgeBase& kb, EngineOptions options,
                       std::unique_ptr<DialogEngine>* out);
  ~DialogEngine();

  const knowledge::KnowledgeBase& knowledge() const { return kb_; }

  // Runs one turn. InvalidArgument for a malformed snapshot; Internal when the
  // machine fails. Nothing must be committed then: the snapshot stays as it was.
  Status Process(const TurnInput& input, const Inbound& inbound, TurnResult* out) const;

  // Runs what a staff member did (staff_actions.h) as a turn of the client's
  // conversation at now_ms. hold_replies: the client's channel cannot be written
  // to now, so the replies are also kept in the snapshot and given first in the
  // client's next answer (TurnResult::held_delivered). FailedPrecondition when the
  // action does not fit where the client is (a counsellor's message while no
  // counsellor talks with them; closing while one does); nothing changes then.
  Status ProcessStaffAction(const TurnInput& input, const StaffAction& action, int64_t now_ms, bool hold_replies,
                            TurnResult* out) const;

  // A turn without a message: the client's channel fetches what staff said and was
  // held (the widget while a counsellor is with the visitor). The held replies are
  // taken exactly as the client's next message would take them (answer.replies,
  // TurnResult::held_delivered) and nothing else happens: the state stays, and
  // context_json differs from the input only by what was held. A session never
  // started (empty state) is not started, and a snapshot the knowledge base no
  // longer fits is left for the next message to start again: the answer is then
  // empty. InvalidArgument for a malformed snapshot.
  Status TakeHeldReplies(const TurnInput& input, int64_t now_ms, TurnResult* out) const;

 private:
  DialogEngine(const knowledge::KnowledgeBase& kb, EngineOptions options);
  // Restores the machine from the snapshot, lets `turn` post its events, and
  // fills *out with the replies and the new snapshot.
  Status Run(const TurnInput& input, const Inbound& inbound, bool hold_replies, TurnResult* out,
             const std::function<Status(ServiceMachine&, const SessionContext&)>& turn) const;
  const knowledge::KnowledgeBase& kb_;
  EngineOptions options_;
};

}  // namespace careerbot::dialog
