#include "bot/admin_webhook_events.h"

#include <algorithm>
#include <cstdio>
#include <ctime>
#include <nlohmann/json.hpp>
#include <variant>

namespace careerbot::bot {
namespace {

using Json = nlohmann::ordered_json;

AdminEvent Event(std::string type, int64_t at_ms, const Json& data) {
  return AdminEvent{std::move(type), at_ms, data.dump()};
}

// What each domain event makes. Only fields chosen here leave the server: a
// field added to a domain event later does not reach the webhook by itself.
struct EventMaker {
  std::vector<AdminEvent>& out;
  const std::string& channel;
  int64_t at_ms;

  void operator()(const dialog::ConsentGiven& e) {
    if (e.document != "service_agreement" || !e.accepted) return;
    out.push_back(Event("agreement.accepted", at_ms,
                        {{"document", e.document}, {"version", e.version}, {"channel", channel}}));
  }
  void operator()(const dialog::AssessmentCompleted& e) {
    out.push_back(Event("assessment.completed", at_ms,
                        {{"instrument", e.instrument}, {"version", e.version}, {"attempt", e.attempt}}));
  }
  void operator()(const dialog::HandoffRequested& e) {
    out.push_back(Event("handoff.requested", at_ms, {{"reason", e.reason}, {"urgent", e.urgent}}));
    if (e.reason == "distress") out.push_back(Event("distress.detected", at_ms, {{"urgent", true}}));
  }
  void operator()(const dialog::ComplaintFiled& e) {
    // Not the description or the contact: the client's own words.
    out.push_back(Event("complaint.filed", at_ms, {{"ticket", e.ticket}, {"category", e.category}}));
  }
  void operator()(const dialog::FeedbackGiven& e) {
    // Whether there is a comment, not the comment.
    out.push_back(Event("feedback.received", at_ms,
                        {{"rating", e.rating},
                         {"goals_met", e.goals_met ? Json(*e.goals_met) : Json(nullptr)},
                         {"has_comment", e.comment.has_value() && !e.comment->empty()}}));
  }
  template <typename Other>
  void operator()(const Other&) {}
};

}  // namespace

bool IsAdminEventType(std::string_view type) {
  return std::find(kAdminEventTypes.begin(), kAdminEventTypes.end(), type) != kAdminEventTypes.end();
}

std::vector<AdminEvent> AdminEventsOfTurn(const std::vector<dialog::DomainEvent>& events,
                                          bool first_contact, const std::string& channel,
                                          int64_t at_ms) {
  std::vector<AdminEvent> out;
  if (first_contact) out.push_back(Event("case.created", at_ms, {{"channel", channel}}));
  EventMaker maker{out, channel, at_ms};
  for (const dialog::DomainEvent& event : events) std::visit(maker, event);
  return out;
}

AdminEvent ReportFinalizedEvent(int version, int64_t staff_id, int64_t at_ms) {
  return Event("report.finalized", at_ms, {{"version", version}, {"finalized_by", staff_id}});
}

std::string IsoTimestamp(int64_t at_ms) {
  const int64_t ms = ((at_ms % 1000) + 1000) % 1000;
  const std::time_t seconds = static_cast<std::time_t>((at_ms - ms) / 1000);
  std::tm utc{};
  gmtime_r(&seconds, &utc);
  char text[96];
  std::snprintf(text, sizeof(text), "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", utc.tm_year + 1900,
                utc.tm_mon + 1, utc.tm_mday, utc.tm_hour, utc.tm_min, utc.tm_sec, static_cast<int>(ms));
  return text;
}

}  // namespace careerbot::bot
