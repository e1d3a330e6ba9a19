#include "bot/conversation_service.h"

#include <functional>
#include <variant>

#include "adapters/json_api.h"
#include "dialog/dialog_engine.h"
#include "storage/store.h"

namespace careerbot::bot {
namespace {

// Domain events become the records the store keeps.
struct RecordWriter {
  storage::TurnWrite& turn;
  const dialog::Inbound& inbound;

  void operator()(const dialog::ConsentGiven& e) {
    turn.consents.push_back({e.document, e.version, e.accepted, inbound.channel, inbound.received_at_ms});
  }
  void operator()(const dialog::ProfileFieldSet& e) { turn.profile_fields.push_back({e.field, e.value}); }
  void operator()(const dialog::AnswerRecorded& e) {
    turn.answers.push_back({e.instrument, e.attempt, e.item, e.value, inbound.received_at_ms});
  }
  void operator()(const dialog::AssessmentCompleted& e) {
    turn.results.push_back({e.instrument, e.version, e.attempt, e.result_json, inbound.received_at_ms});
  }
  void operator()(const dialog::FeedbackGiven& e) {
    turn.feedback.push_back({e.rating, e.comment, inbound.received_at_ms});
  }
};

storage::ClientKey KeyOf(const dialog::Inbound& inbound) {
  return {inbound.channel, inbound.account, inbound.user};
}

// What the journal keeps of an inbound message: its text, or the tapped choice.
std::string JournalText(const dialog::Inbound& inbound) {
  if (inbound.choice) return "[choice] " + *inbound.choice;
  if (inbound.resume) return "[resume]";
  return inbound.text;
}

}  // namespace

std::mutex& ConversationService::LockFor(const dialog::Inbound& inbound) {
  const size_t h = std::hash<std::string>()(inbound.channel + '\x1f' + inbound.account + '\x1f' +
                                            inbound.user);
  return client_locks_[h % client_locks_.size()];
}

Status ConversationService::HandleTurn(const dialog::Inbound& inbound, dialog::TurnAnswer* answer) {
  const storage::ClientKey key = KeyOf(inbound);
  std::lock_guard<std::mutex> lock(LockFor(inbound));

  if (!inbound.message_id.empty()) {
    std::optional<std::string> stored;
    if (Status s = store_.FindAnswer(key, inbound.message_id, &stored); !s.ok()) return s;
    if (stored) return adapters::ParseApiAnswer(*stored, answer);
  }

  std::optional<storage::StoredSession> session;
  if (Status s = store_.LoadSession(key, &session); !s.ok()) return s;
  dialog::TurnResult result;
  Status s = session ? engine_.Process(session->snapshot.state, session->snapshot.context_json,
                                       inbound, &result)
                     : engine_.Process("", "", inbound, &result);
  if (!s.ok()) return s;

  storage::TurnWrite turn;
  turn.key = key;
  turn.received_at_ms = inbound.received_at_ms;
  turn.message_id = inbound.message_id;
  // Nothing the client wrote is kept before they agreed to the privacy notice.
  if (result.consented) turn.inbound_text = JournalText(inbound);
  for (const auto& reply : result.answer.replies) turn.outbound_texts.push_back(reply.text);
  turn.answer_json = adapters::RenderApiAnswer(result.answer);
  turn.snapshot = {result.state, result.context_json};
  RecordWriter writer{turn, inbound};
  for (const auto& event : result.events) std::visit(writer, event);

  if (Status commit = store_.CommitTurn(turn, nullptr); !commit.ok()) return commit;
  *answer = std::move(result.answer);
  return Status::Ok();
}

}  // namespace careerbot::bot
