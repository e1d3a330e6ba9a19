// The admin webhook's events (docs/admin-api.md, "The admin webhook"): their
// names, and how they are made from what happened.
//
// An event tells counsellors that something in a case needs them, and carries
// the case id (the client id, added at delivery) and what they need to decide
// what to do: a ticket, an instrument, a rating, whether it is urgent, a reason.
// Never personal data (names, contact details, free texts, answers, scores):
// counsellors read those through the admin API, which audits every read.
//
// Pure functions, safe from any thread.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "dialog/messages.h"

namespace careerbot::bot {

// Every event type, in the order docs/admin-api.md lists them.
inline constexpr std::array<std::string_view, 8> kAdminEventTypes = {
    "case.created",      "agreement.accepted", "assessment.completed", "handoff.requested",
    "distress.detected", "complaint.filed",    "feedback.received",    "report.finalized"};

bool IsAdminEventType(std::string_view type);

// One event before it is queued: its type, when it happened, and its "data"
// object as JSON text, without client_id (the outbox entry's client is the case).
struct AdminEvent {
  std::string type;
  int64_t at_ms = 0;
  std::string data_json = "{}";
};

// The events of one committed turn, in the order the dialog reported them:
//   first contact (no session before the turn)       → case.created {channel}
//   ConsentGiven service_agreement, accepted        → agreement.accepted {document, version, channel}
//   AssessmentCompleted                              → assessment.completed {instrument, version, attempt}
//   HandoffRequested                                 → handoff.requested {reason, urgent}
//                      and, for reason "distress",  → distress.detected {urgent}
//   ComplaintFiled                                   → complaint.filed {ticket, category}
//   FeedbackGiven                                    → feedback.received {rating, goals_met, has_comment}
// Other domain events make none.
std::vector<AdminEvent> AdminEventsOfTurn(const std::vector<dialog::DomainEvent>& events,
                                          bool first_contact, const std::string& channel,
                                          int64_t at_ms);

// report.finalized {version, finalized_by}: a professional finalized version
// `version` of the client's report (staff_id: who).
AdminEvent ReportFinalizedEvent(int version, int64_t staff_id, int64_t at_ms);

// The Standard Webhooks payload's "timestamp": UTC, ISO 8601 with milliseconds
// ("2026-11-27T12:37:53.123Z").
std::string IsoTimestamp(int64_t at_ms);

}  // namespace careerbot::bot
