// The records the store keeps, as plain structs. Nothing here knows SQL, HTTP
// or the dialog: bot/ translates a turn's outcome into a TurnWrite.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace careerbot::storage {

// Who a client is on one channel: ("api", "", "u-123"), ("wechat", "main", openid).
struct ClientKey {
  std::string channel;
  std::string account;
  std::string user;
};

// The persisted conversation: the innermost state id and the context JSON the
// dialog engine restores the machine from.
struct SessionSnapshot {
  std::string state;
  std::string context_json;
};

struct StoredSession {
  int64_t client_id = 0;
  SessionSnapshot snapshot;
  int64_t updated_at_ms = 0;
};

struct ConsentRecord {
  std::string document;  // "privacy_notice" now; "service_agreement" later
  std::string version;
  bool accepted = false;
  std::string channel;
  int64_t at_ms = 0;
};

struct ProfileFieldRecord {
  std::string field;  // "name", "age", …
  std::string value;
};

struct AnswerRecord {
  std::string instrument;
  int attempt = 0;  // increases each time the client starts the instrument again
  std::string item;
  int value = 0;
  int64_t answered_at_ms = 0;
};

struct AssessmentResultRecord {
  std::string instrument;
  std::string instrument_version;
  int attempt = 0;
  std::string result_json;
  int64_t completed_at_ms = 0;
};

struct FeedbackRecord {
  int rating = 0;  // 1..5
  std::optional<std::string> comment;
  int64_t at_ms = 0;
};

// Everything one turn writes, committed in one transaction.
struct TurnWrite {
  ClientKey key;
  int64_t received_at_ms = 0;
  // The caller's message id; empty when the caller gave none (no de-duplication).
  std::string message_id;
  // The text the client sent, or nullopt when it must not be kept (no consent yet).
  std::optional<std::string> inbound_text;
  std::vector<std::string> outbound_texts;  // the replies, as the journal keeps them
  std::string answer_json;  // the whole answer, returned again for a duplicate id
  SessionSnapshot snapshot;
  std::vector<ConsentRecord> consents;
  std::vector<ProfileFieldRecord> profile_fields;
  std::vector<AnswerRecord> answers;
  std::vector<AssessmentResultRecord> results;
  std::vector<FeedbackRecord> feedback;
};

// A journal line, for tests and (later) the admin API.
struct JournalEntry {
  enum class Direction { kInbound, kOutbound };
  Direction direction = Direction::kInbound;
  std::string message_id;  // a reply carries the id of the turn it answers; "" when none
  std::optional<std::string> text;
  int64_t at_ms = 0;
};

}  // namespace careerbot::storage
