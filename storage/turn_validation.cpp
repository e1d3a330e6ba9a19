#include "storage/turn_validation.h"

#include "storage/field_cipher.h"

#include "storage/archive_number.h"

#include <initializer_list>
#include <string_view>

namespace careerbot::storage {
namespace {

bool OneOf(std::string_view v, std::initializer_list<std::string_view> allowed) {
  for (std::string_view a : allowed) {
    if (v == a) return true;
  }
  return false;
}

// "C-" and 8 characters of [0-9A-Z], as the schema's GLOB pattern.
bool IsTicket(std::string_view t) {
  if (t.size() != 10 || t.substr(0, 2) != "C-") return false;
  for (char c : t.substr(2)) {
    if (!((c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z'))) return false;
  }
  return true;
}

}  // namespace

Status ValidateTurn(const TurnWrite& turn) {
  auto bad = [](const char* rule) { return Status::InvalidArgument(std::string("turn: ") + rule); };
  if (turn.key.channel.empty()) return bad("key.channel is empty");
  if (turn.key.user.empty()) return bad("key.user is empty");
  if (turn.open_archive && !ValidateArchiveFormat(turn.archive_format).ok()) {
    return bad("archive_format is not a valid archive number format");
  }
  for (const ConsentRecord& c : turn.consents) {
    if (c.document.empty() || c.version.empty()) return bad("a consent lacks document or version");
  }
  for (const ProfileFieldRecord& p : turn.profile_fields) {
    if (p.field.empty()) return bad("a profile field has an empty name");
  }
  for (const AnswerRecord& a : turn.answers) {
    if (a.instrument.empty() || a.item.empty()) return bad("an answer lacks instrument or item");
    if (a.attempt < 0) return bad("an answer has a negative attempt");
  }
  for (const AssessmentResultRecord& r : turn.results) {
    if (r.instrument.empty()) return bad("a result lacks its instrument");
    if (r.attempt < 0) return bad("a result has a negative attempt");
  }
  for (const FeedbackRecord& f : turn.feedback) {
    if (f.rating < 1 || f.rating > 5) return bad("a feedback rating is outside 1..5");
    if (f.goals_met && !OneOf(*f.goals_met, {"yes", "partly", "no"})) {
      return bad("a feedback goals_met is not yes, partly or no");
    }
  }
  for (const ComplaintRecord& c : turn.complaints) {
    if (!IsTicket(c.ticket)) return bad("a complaint ticket is not C- and 8 of [0-9A-Z]");
    if (!OneOf(c.category, {"service", "counsellor", "assessment", "privacy", "other"})) {
      return bad("a complaint category is not one of the known ones");
    }
    if (c.status.empty()) return bad("a complaint has an empty status");
  }
  for (const HandoffRecord& h : turn.handoffs) {
    if (!OneOf(h.reason, {"client_request", "distress"})) {
      return bad("a hand-off reason is not client_request or distress");
    }
    if (h.status.empty()) return bad("a hand-off has an empty status");
  }
  for (const ServicePlanRecord& p : turn.plans) {
    if (p.version < 1) return bad("a plan version is below 1");
    if (!OneOf(p.status, {"proposed", "confirmed"})) {
      return bad("a plan status is not proposed or confirmed");
    }
    if (!OneOf(p.source, {"bot", "client", "counsellor"})) {
      return bad("a plan source is not bot, client or counsellor");
    }
  }
  for (const HandoffUpdate& u : turn.handoff_updates) {
    const bool moves = (u.from == "open" && (u.to == "taken" || u.to == "ended")) || (u.from == "taken" && u.to == "ended");
    if (!moves) return bad("a hand-off update is not open→taken, open→ended or taken→ended");
    if (u.handoff_id < 1 || u.staff_id < 1) return bad("a hand-off update lacks its hand-off or staff id");
  }
  if (turn.staff_id && !turn.message_id.empty()) return bad("a staff turn has a message id");
  if (!turn.journaled && (!turn.message_id.empty() || turn.inbound_text || !turn.outbound_texts.empty())) {
    return bad("a turn without a journal row has a message id, an inbound text or replies");
  }
  if (turn.close_case && !turn.staff_id) return bad("only a staff turn closes a case");
  return ValidateOutboxRequests(turn.outbox, "turn");
}

Status ValidateOutboxRequests(const std::vector<OutboxRequest>& requests, const char* what) {
  for (const OutboxRequest& r : requests) {
    if (r.to.channel.empty()) {
      return Status::InvalidArgument(std::string(what) + ": an outbox destination has no channel");
    }
    if (r.request_json.empty()) return Status::InvalidArgument(std::string(what) + ": an outbox request is empty");
  }
  return Status::Ok();
}

Status ValidateOutboxAttempt(const OutboxAttempt& a) {
  auto bad = [](const char* rule) {
    return Status::InvalidArgument(std::string("outbox attempt: ") + rule);
  };
  if (a.attempts < 1) return bad("attempts must be at least 1");
  if (a.status == OutboxStatus::kSent && a.error) return bad("a sent entry has no error");
  if (a.status != OutboxStatus::kSent && !a.error) return bad("a failed attempt needs its error");
  return Status::Ok();
}

Status ValidateCaseNote(const CaseNote& note) {
  // A sealed value was checked as plaintext by the encrypting store (encrypted_store.h).
  if (note.text.empty() || (!IsSealedValue(note.text) && note.text.size() > 4000)) {
    return Status::InvalidArgument("text: must be 1 to 4000 bytes");
  }
  return Status::Ok();
}

Status ValidateMessageId(const std::string& message_id) {
  if (message_id.empty()) return Status::InvalidArgument("find answer: message_id is empty");
  return Status::Ok();
}

}  // namespace careerbot::storage
