#include "bot/conversation_service.h"

#include <chrono>
#include <functional>
#include <variant>

#include <nlohmann/json.hpp>

#include "adapters/json_api.h"
#include "bot/admin_webhook.h"
#include "bot/client_records_view.h"
#include "bot/log.h"
#include "bot/metrics.h"
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
    // The case is opened, and gets its archive number, when the client accepts
    // the service agreement (S-3.5.2, S-5.2): in this turn's transaction.
    if (e.document == "service_agreement" && e.accepted) turn.open_archive = true;
  }
  void operator()(const dialog::ProfileFieldSet& e) { turn.profile_fields.push_back({e.field, e.value}); }
  void operator()(const dialog::AnswerRecorded& e) {
    turn.answers.push_back({e.instrument, e.attempt, e.item, e.value, inbound.received_at_ms});
  }
  void operator()(const dialog::AssessmentCompleted& e) {
    turn.results.push_back({e.instrument, e.version, e.attempt, e.result_json, inbound.received_at_ms});
  }
  void operator()(const dialog::FeedbackGiven& e) {
    turn.feedback.push_back({e.rating, e.goals_met, e.comment, inbound.received_at_ms});
  }
  void operator()(const dialog::NeedsSurveyCompleted& e) {
    turn.needs_surveys.push_back({e.survey_json, inbound.received_at_ms});
  }
  void operator()(const dialog::PlanProposed& e) {
    turn.plans.push_back({e.version, nlohmann::json(e.assessments).dump(), e.rationale_json, e.status, e.source,
                          inbound.received_at_ms});
  }
  void operator()(const dialog::ComplaintFiled& e) {
    storage::ComplaintRecord record;
    record.ticket = e.ticket;
    record.category = e.category;
    record.description = e.description;
    record.contact = e.contact;
    record.filed_at_ms = record.updated_at_ms = inbound.received_at_ms;
    turn.complaints.push_back(std::move(record));
  }
  void operator()(const dialog::HandoffRequested& e) {
    storage::HandoffRecord record;
    record.reason = e.reason;
    record.urgent = e.urgent;
    record.requested_at_ms = inbound.received_at_ms;
    turn.handoffs.push_back(std::move(record));
  }
  void operator()(const dialog::DataErasureRequested&) { turn.erase_personal_data = true; }
};

storage::ClientKey KeyOf(const dialog::Inbound& inbound) {
  return {inbound.channel, inbound.account, inbound.user};
}

// What the journal keeps of an inbound message: its text, or the tapped choice.
std::string JournalText(const dialog::Inbound& inbound) {
  if (inbound.choice) return "[choice] " + *inbound.choice;
  if (inbound.signal == dialog::Inbound::Signal::kResume) return "[resume]";
  if (inbound.signal == dialog::Inbound::Signal::kUnreadable) return "[unreadable]";
  return inbound.text;
}

// The answer kept for a redelivered message id, without the link to the client's
// copy of their data: the store keeps only that link's hash, so that the database
// alone opens nothing (bot/personal_link.h). A redelivery gets the text without
// the link; the client asks again for a new one.
dialog::TurnAnswer WithoutPersonalLinks(dialog::TurnAnswer answer) {
  for (dialog::Reply& reply : answer.replies) {
    if (reply.link && reply.link->secret) reply.link.reset();
  }
  return answer;
}

}  // namespace

std::mutex& ConversationService::LockFor(const storage::ClientKey& key) {
  const size_t h = std::hash<std::string>()(key.channel + '\x1f' + key.account + '\x1f' + key.user);
  return client_locks_[h % client_locks_.size()];
}

Status ConversationService::HandleTurn(const dialog::Inbound& inbound, dialog::TurnAnswer* answer) {
  TurnOutcome outcome;
  if (Status s = RunTurn(inbound, {}, &outcome); !s.ok()) return s;
  *answer = std::move(outcome.answer);
  return Status::Ok();
}

Status ConversationService::MarkInactive(const dialog::Inbound& inbound) {
  std::lock_guard<std::mutex> lock(LockFor(KeyOf(inbound)));
  return store_.MarkClientInactive(KeyOf(inbound), inbound.received_at_ms, nullptr);
}

// Every channel's turn passes here, so /metrics counts them all in one place.
Status ConversationService::RunTurn(const dialog::Inbound& inbound, const BeforeCommit& before_commit,
                                    TurnOutcome* out) {
  const auto started = std::chrono::steady_clock::now();
  Status s = RunTurnUnmetered(inbound, before_commit, out);
  ProcessMetrics().RecordTurn(inbound.channel, s, s.ok() && out->duplicate,
                              std::chrono::duration_cast<std::chrono::microseconds>(
                                  std::chrono::steady_clock::now() - started)
                                  .count());
  return s;
}

Status ConversationService::RunTurnUnmetered(const dialog::Inbound& inbound, const BeforeCommit& before_commit,
                                             TurnOutcome* out) {
  const storage::ClientKey key = KeyOf(inbound);
  std::lock_guard<std::mutex> lock(LockFor(key));

  if (!inbound.message_id.empty()) {
    std::optional<std::string> stored;
    if (Status s = store_.FindAnswer(key, inbound.message_id, &stored); !s.ok()) return s;
    if (stored) {
      TurnOutcome recalled;
      if (Status s = adapters::ParseApiAnswer(*stored, &recalled.answer); !s.ok()) return s;
      recalled.duplicate = true;
      recalled.answer_json = std::move(*stored);
      *out = std::move(recalled);
      return Status::Ok();
    }
  }

  std::optional<storage::StoredSession> session;
  if (Status s = store_.LoadSession(key, &session); !s.ok()) return s;
  ClientRecordsView records(store_, key, export_links_, inbound.received_at_ms);
  dialog::TurnInput input;
  if (session) {
    input.state = session->snapshot.state;
    input.context_json = session->snapshot.context_json;
    input.last_activity_ms = session->updated_at_ms;
  }
  input.records = &records;
  dialog::TurnResult result;
  if (Status s = engine_.Process(input, inbound, &result); !s.ok()) return s;
  if (!records.failure().ok()) return records.failure();
  // Domain events are logged by kind only: what they hold may be personal.
  for (const auto& event : result.events) {
    if (std::holds_alternative<dialog::HandoffRequested>(event) &&
        std::get<dialog::HandoffRequested>(event).urgent) {
      LogInfo("urgent_handoff", {{"channel", inbound.channel}});
    }
  }

  storage::TurnWrite turn;
  turn.key = key;
  turn.received_at_ms = inbound.received_at_ms;
  turn.message_id = inbound.message_id;
  // Nothing the client wrote is kept before they agreed to the privacy notice.
  if (result.consented) turn.inbound_text = JournalText(inbound);
  // Replies staff said earlier and the channel held back were journaled then.
  for (size_t i = result.held_delivered; i < result.answer.replies.size(); ++i) {
    turn.outbound_texts.push_back(result.answer.replies[i].text);
  }
  turn.answer_json = adapters::RenderApiAnswer(WithoutPersonalLinks(result.answer));
  turn.snapshot = {result.state, result.context_json};
  turn.archive_format = archive_format_;
  RecordWriter writer{turn, inbound};
  for (const auto& event : result.events) std::visit(writer, event);
  // The admin webhook's events ride in the same transaction: none is lost by a
  // crash, none is sent for a turn that was not committed.
  size_t webhook_entries = 0;
  if (webhooks_ != nullptr && !webhooks_->empty()) {
    const std::vector<AdminEvent> events =
        AdminEventsOfTurn(result.events, !session.has_value(), inbound.channel, inbound.received_at_ms);
    if (Status s = webhooks_->Requests(events, &turn.outbox); !s.ok()) return s;
    webhook_entries = turn.outbox.size();
  }

  if (before_commit) {
    if (Status s = before_commit(result.answer, &turn); !s.ok()) return s;
  }

  if (Status commit = store_.CommitTurn(turn, nullptr); !commit.ok()) return commit;
  if (webhook_entries > 0 && wake_outbox_) wake_outbox_();
  out->answer = std::move(result.answer);
  out->duplicate = false;
  out->answer_json = std::move(turn.answer_json);
  return Status::Ok();
}

Status ConversationService::TakeHeldReplies(const storage::ClientKey& key, int64_t now_ms,
                                            dialog::TurnAnswer* answer) {
  std::lock_guard<std::mutex> lock(LockFor(key));
  std::optional<storage::StoredSession> session;
  if (Status s = store_.LoadSession(key, &session); !s.ok()) return s;
  ProcessMetrics().RecordHeldFetch(key.channel);
  if (!session) {
    *answer = dialog::TurnAnswer();
    return Status::Ok();
  }
  const dialog::TurnInput input{session->snapshot.state, session->snapshot.context_json, session->updated_at_ms,
                                nullptr};
  dialog::TurnResult result;
  if (Status s = engine_.TakeHeldReplies(input, now_ms, &result); !s.ok()) return s;
  if (result.held_delivered > 0) {
    storage::TurnWrite turn;
    turn.key = key;
    turn.received_at_ms = now_ms;
    turn.journaled = false;
    turn.snapshot = {result.state, result.context_json};
    turn.archive_format = archive_format_;
    if (Status s = store_.CommitTurn(turn, nullptr); !s.ok()) return s;
  }
  *answer = std::move(result.answer);
  return Status::Ok();
}

Status ConversationService::InHandoff(const storage::ClientKey& key, bool* in_handoff) {
  *in_handoff = false;
  std::optional<int64_t> client_id;
  if (Status s = store_.FindClientId(key, &client_id); !s.ok()) return s;
  if (!client_id) return Status::Ok();
  std::vector<storage::HandoffRecord> handoffs;
  if (Status s = store_.ListHandoffs(*client_id, &handoffs); !s.ok()) return s;
  for (const storage::HandoffRecord& h : handoffs) {
    if (h.status == "open" || h.status == "taken") *in_handoff = true;
  }
  return Status::Ok();
}

Status ConversationService::RunStaffTurn(StaffTurn staff, const Push* push, StaffOutcome* out) {
  std::optional<storage::ClientKey> key;
  if (Status s = store_.FindClientKey(staff.client_id, &key); !s.ok()) return s;
  if (!key) return Status::NotFound("no client " + std::to_string(staff.client_id));
  std::lock_guard<std::mutex> lock(LockFor(*key));
  if (staff.prepare) {
    if (Status s = staff.prepare(&staff); !s.ok()) return s;
  }
  std::optional<storage::StoredSession> session;
  if (Status s = store_.LoadSession(*key, &session); !s.ok()) return s;
  if (!session) return Status::NotFound("client " + std::to_string(staff.client_id) + " has no conversation");

  // A session without a reply context has never written from a messaging
  // channel: nothing to answer to.
  const bool pushing = push != nullptr && session->reply_context && push->Reaches(*key);
  dialog::TurnInput input{session->snapshot.state, session->snapshot.context_json, session->updated_at_ms, nullptr};
  ClientRecordsView records(store_, *key);
  input.records = &records;
  dialog::TurnResult result;
  if (Status s = engine_.ProcessStaffAction(input, staff.action, staff.at_ms, !pushing, &result); !s.ok()) return s;
  std::vector<storage::OutboxRequest> outbox;
  if (pushing) {
    if (Status s = push->Render(*key, *session->reply_context, result.answer, &outbox); !s.ok()) return s;
  }

  storage::TurnWrite turn;
  turn.key = *key;
  turn.received_at_ms = staff.at_ms;
  turn.staff_id = staff.staff_id;
  if (result.consented) turn.inbound_text = staff.journal_text;
  for (const auto& reply : result.answer.replies) turn.outbound_texts.push_back(reply.text);
  turn.answer_json = adapters::RenderApiAnswer(result.answer);
  turn.snapshot = {result.state, result.context_json};
  turn.archive_format = archive_format_;
  dialog::Inbound at;
  at.channel = key->channel;
  at.received_at_ms = staff.at_ms;
  RecordWriter writer{turn, at};
  for (const auto& event : result.events) std::visit(writer, event);
  turn.handoff_updates = staff.handoff_updates;
  turn.close_case = staff.close_case;
  turn.plans.insert(turn.plans.end(), staff.plans.begin(), staff.plans.end());
  turn.outbox = std::move(outbox);
  // What the action set off (feedback asked for and given later is the client's
  // turn) goes to the admin webhook in the same transaction.
  if (webhooks_ != nullptr && !webhooks_->empty()) {
    const std::vector<AdminEvent> events = AdminEventsOfTurn(result.events, false, key->channel, staff.at_ms);
    if (Status s = webhooks_->Requests(events, &turn.outbox); !s.ok()) return s;
  }
  if (Status s = store_.CommitTurn(turn, nullptr); !s.ok()) return s;
  out->answer = std::move(result.answer);
  out->pushed = pushing;
  return Status::Ok();
}

}  // namespace careerbot::bot
