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

// What /metrics shows of the store (bot/metrics.h): gauges, read on demand.
struct OperationalCounts {
  int64_t outbox_queued = 0;    // entries waiting for delivery
  int64_t outbox_failed = 0;    // entries given up after their last attempt
  int64_t handoffs_open = 0;    // hand-offs whose status is "open"
  int64_t sessions_active = 0;  // sessions changed at or after active_since_ms
};

struct StoredSession {
  int64_t client_id = 0;
  SessionSnapshot snapshot;
  int64_t updated_at_ms = 0;
  // What the client's channel needs to write to them unasked (TurnWrite::reply_context).
  std::optional<std::string> reply_context = std::nullopt;
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
  std::optional<std::string> goals_met;  // "yes" | "partly" | "no"; nullopt when not asked
  std::optional<std::string> comment;
  int64_t at_ms = 0;
};

// A complaint (specification 6.2). The ticket is chosen by the dialog (it tells the
// client in the same turn) and is unique across all clients.
struct ComplaintRecord {
  std::string ticket;       // "C-" and 8 characters of [0-9A-Z]
  std::string category;     // "service" | "counsellor" | "assessment" | "privacy" | "other"
  std::string description;
  std::optional<std::string> contact;  // how the client wants to be reached, if not this chat
  std::string status = "received";     // counsellors move it on (issue 7)
  int64_t filed_at_ms = 0;
  int64_t updated_at_ms = 0;
};

// A request for a human counsellor: asked for by the client, or raised by the bot
// when a message shows risk of self-harm (urgent).
struct HandoffRecord {
  std::string reason;  // "client_request" | "distress"
  bool urgent = false;
  std::string status = "open";  // "open" → "taken" → "ended", or "open" → "ended" (dismissed)
  int64_t requested_at_ms = 0;
  // Filled by reads (ignored by CommitTurn): the hand-off's id, its client, and
  // who took it and when it was taken and ended.
  int64_t id = 0;
  int64_t client_id = 0;
  std::optional<int64_t> taken_by = std::nullopt;
  std::optional<int64_t> taken_at_ms = std::nullopt;
  std::optional<int64_t> ended_at_ms = std::nullopt;
};

// A hand-off moved on by a staff turn: taken by staff_id, or ended.
struct HandoffUpdate {
  int64_t handoff_id = 0;
  std::string from;  // the status it must have now: "open" | "taken"
  std::string to;    // "taken" | "ended"
  int64_t staff_id = 0;
};

// A staff member's note on a case (S-5): what a counsellor or an assistant wants
// the others to know. Personal data: erased with the client's.
struct CaseNote {
  int64_t id = 0;  // set by the store
  int64_t client_id = 0;
  int64_t staff_id = 0;
  std::string text;  // 1 to 4000 bytes of UTF-8
  int64_t at_ms = 0;
};

// The case was closed (S-5.6) by a staff member.
struct CaseClosure {
  int64_t closed_by = 0;
  int64_t closed_at_ms = 0;
};

// A version of the client's service plan (specification 5.3).
struct ServicePlanRecord {
  int version = 0;               // 1, 2, … per client
  std::string assessments_json;  // ["iip_riasec_48", …], in order
  std::string rationale_json;    // {"iip_riasec_48": "why", …}
  std::string status;            // "proposed" | "confirmed"
  std::string source;            // "bot" | "client" | "counsellor"
  int64_t at_ms = 0;
};

// The completed needs survey (specification 5.1): information collection and
// environment analysis as one JSON document {"field": "value", …}.
struct NeedsSurveyRecord {
  std::string survey_json;
  int64_t completed_at_ms = 0;
};

// Where an outbox entry goes: a messaging channel's account ("wechat", "main"),
// or an admin webhook endpoint ("admin_webhook", its key). A client's entries
// for one destination go out in order; destinations do not wait for each other.
struct OutboxDestination {
  std::string channel;  // not empty
  std::string account;
};

// One request to queue: its destination, and the request as bot/ serialised it
// (never a credential: those are added at delivery).
struct OutboxRequest {
  OutboxDestination to;
  std::string request_json;  // not empty
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
  std::vector<ComplaintRecord> complaints;
  std::vector<HandoffRecord> handoffs;
  std::vector<ServicePlanRecord> plans;
  std::vector<NeedsSurveyRecord> needs_surveys;
  // The client asked to delete their personal data: before this turn's records are
  // written, the client's profile, answers, results, plans, needs surveys, feedback
  // comments and every journal text are removed. Kept: the client row and channel
  // identity, consents (the record of what was agreed and withdrawn), complaints and
  // hand-offs (records the institution must keep), feedback ratings (statistics).
  // Reports (drafts and finalized versions, with their links) and the client's
  // personal links (link_records.h) are deleted: they are made of, or open, the
  // client's personal data; the reports' archive entries stay.
  //
  // In detail: journal rows stay (with their direction, message id and time) but
  // their text becomes nullopt, and the answer kept for each earlier message id
  // becomes kErasedAnswerJson, so a redelivered old message is still AlreadyExists
  // and FindAnswer still finds it, without any of the old replies. Feedback keeps
  // rating, goals_met and time. This turn's own journal rows, answer, snapshot and
  // records are written after the erasure, as given: the caller decides what they hold.
  // The session is replaced by this turn's snapshot, as in every turn. The
  // client's outbox entries that are sent or failed are deleted (they hold copies
  // of replies); queued ones stay, to be delivered.
  bool erase_personal_data = false;
  // Open the client's archive (S-3.5.2) in this turn, if they have none yet: the
  // client accepted the service agreement. The number is the next of its category
  // (the client's kind: individual GR, enterprise QY) and year (of received_at_ms,
  // China Standard Time), formatted with archive_format (archive_number.h), and
  // every document of the client so far is filed under it. Once the client has an
  // archive, each turn files its own documents (an accepted service agreement,
  // plan versions, feedback, complaints).
  bool open_archive = false;
  std::string archive_format = "{category}-{year}-{seq:6}";
  // The turn was started by this staff member, not by the client (staff_actions
  // in dialog/): the inbound row is their action (inbound_text) and names them;
  // message_id is empty; the client's inactivity is left as it is.
  std::optional<int64_t> staff_id;
  // What the client's channel needs to write to them unasked (the adapter's reply
  // context of their latest message); kept with the session. nullopt keeps the
  // one stored.
  std::optional<std::string> reply_context;
  // Hand-offs this turn moves on: each must be the client's and have status
  // `from`, or the turn is InvalidArgument and changes nothing.
  std::vector<HandoffUpdate> handoff_updates;
  // Closes the case; a case closed before is InvalidArgument.
  std::optional<CaseClosure> close_case;
  // false: a turn without a message of its own (the client's channel fetched the
  // replies staff said earlier, which were journaled then): no journal row is
  // written, so message_id, inbound_text and outbound_texts must be empty
  // (InvalidArgument otherwise). The snapshot and the rest are written as in any turn.
  bool journaled = true;
  // Requests to queue in the outbox, in delivery order per destination (replies
  // through the client's channel, events for the admin webhook). They take the
  // next places in the client's order, due at received_at_ms, with the turn's
  // message_id.
  std::vector<OutboxRequest> outbox;
};

// What FindAnswer returns for a message id answered before the client's data was
// erased: a JSON API answer with no replies (adapters::ParseApiAnswer accepts it).
inline constexpr char kErasedAnswerJson[] = R"({"replies":[],"state":""})";

// A case's archive (S-3.5.2): one per client, numbered without gaps per
// category and year.
struct ArchiveRecord {
  std::string number;    // "GR-2026-000001"
  int64_t client_id = 0;
  std::string category;  // "GR" (individual) | "QY" (enterprise)
  int year = 0;
  int64_t seq = 0;       // 1, 2, … per (category, year)
  int64_t opened_at_ms = 0;
};

// A document filed under an archive: what and when, never its content (that is
// in the record it names).
struct ArchiveDocument {
  std::string kind;       // "agreement" | "plan" | "feedback" | "complaint" | "report"
  std::string reference;  // "service_agreement 2026-1", "version 2", "rating 5", "C-1A2B3C4D"
  int64_t filed_at_ms = 0;  // the record's own time
};

// A journal line, for tests and (later) the admin API.
struct JournalEntry {
  enum class Direction { kInbound, kOutbound };
  Direction direction = Direction::kInbound;
  std::string message_id;  // a reply carries the id of the turn it answers; "" when none
  std::optional<std::string> text;
  int64_t at_ms = 0;
  std::optional<int64_t> staff_id = std::nullopt;  // an inbound row of a staff turn: who acted
};

// --- The outbox: replies through a platform's API, events for the admin webhook -

enum class OutboxStatus {
  kQueued,  // waiting for its (next) attempt
  kSent,    // delivered; final
  kFailed,  // given up (a permanent error, or the last attempt failed); final
};

// "queued" | "sent" | "failed", as the table stores it.
inline const char* OutboxStatusName(OutboxStatus s) {
  return s == OutboxStatus::kQueued ? "queued" : s == OutboxStatus::kSent ? "sent" : "failed";
}

// One request of a client's case. A client's entries for one destination
// (channel, account) go out in seq order: one is attempted only after every
// earlier one to the same destination was sent or given up.
struct OutboxEntry {
  int64_t id = 0;
  int64_t client_id = 0;
  std::string channel;  // the destination (OutboxDestination)
  std::string account;
  int64_t seq = 0;          // 1, 2, … per client, across destinations
  std::string message_id;   // the inbound message whose turn queued it; "" when none
  std::string request_json;
  OutboxStatus status = OutboxStatus::kQueued;
  int attempts = 0;  // attempts made
  int64_t next_attempt_at_ms = 0;
  std::optional<std::string> last_error;  // the latest failed attempt's, for counsellors
  int64_t created_at_ms = 0;
  int64_t updated_at_ms = 0;
};

// The outcome of one delivery attempt, as the outbox worker records it.
struct OutboxAttempt {
  int64_t id = 0;
  OutboxStatus status = OutboxStatus::kSent;  // kQueued: try again at next_attempt_at_ms
  int attempts = 0;                           // attempts made, this one included
  int64_t next_attempt_at_ms = 0;             // only for kQueued
  std::optional<std::string> error;           // nullopt when sent; kept as last_error
  int64_t at_ms = 0;
};

}  // namespace careerbot::storage
