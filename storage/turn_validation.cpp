#include "storage/turn_validation.h"

namespace careerbot::storage {

Status ValidateTurn(const TurnWrite& turn) {
  auto bad = [](const char* rule) { return Status::InvalidArgument(std::string("turn: ") + rule); };
  if (turn.key.channel.empty()) return bad("key.channel is empty");
  if (turn.key.user.empty()) return bad("key.user is empty");
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
  }
  return Status::Ok();
}

Status ValidateMessageId(const std::string& message_id) {
  if (message_id.empty()) return Status::InvalidArgument("find answer: message_id is empty");
  return Status::Ok();
}

}  // namespace careerbot::storage
