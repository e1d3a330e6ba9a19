// The neutral vocabulary between channels and the dialog: what a client sent
// (Inbound), what the bot answers (Reply, TurnAnswer), and what happened in a
// turn that the records must keep (DomainEvent). No channel's payload types and
// no storage types appear here.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <variant>
#include <vector>

namespace careerbot::dialog {

struct Inbound {
  std::string channel;  // "api", "cli", "wechat", …
  std::string account;  // the configured account key ("" for api and cli)
  std::string user;     // the channel's id for the client
  std::string message_id;  // the channel's id for this message; "" when none
  std::string text;        // what the client typed; may be empty when choice is set
  std::optional<std::string> choice;  // the id of a tapped choice
  std::optional<std::string> lang;    // "zh" | "en" when the channel knows it
  // What arrived when it was no message to answer: the client opened the
  // conversation again (a new terminal chat, a widget, a "subscribe"), or sent
  // something the channel cannot read as text (an image, a sticker).
  enum class Signal { kNone, kResume, kUnreadable };
  Signal signal = Signal::kNone;
  int64_t received_at_ms = 0;
};

struct Choice {
  std::string id;
  std::string label;
};

struct Link {
  std::string url;
  std::string title;
  // It opens the client's data by itself (their copy): shown once, never kept
  // with the answer or in the journal (bot/personal_link.h).
  bool secret = false;
};

// One message of the bot: text, optionally with choices (buttons, or a numbered
// list where a channel has none) or a link.
struct Reply {
  std::string text;
  std::vector<Choice> choices;
  std::optional<Link> link;
};

struct Progress {
  int done = 0;
  int total = 0;
};

// What a channel renders for one turn.
struct TurnAnswer {
  std::vector<Reply> replies;
  std::string state;  // the innermost state id, e.g. "assessment.item"
  std::optional<Progress> progress;
};

// --- Domain events: what a turn did that must be recorded --------------------

struct ConsentGiven {
  std::string document;
  std::string version;
  bool accepted = false;
};
struct ProfileFieldSet {
  std::string field;
  std::string value;
};
struct AnswerRecorded {
  std::string instrument;
  int attempt = 0;
  std::string item;
  int value = 0;
};
struct AssessmentCompleted {
  std::string instrument;
  std::string version;
  int attempt = 0;
  std::string result_json;
};
struct FeedbackGiven {
  int rating = 0;
  std::optional<std::string> goals_met;  // "yes" | "partly" | "no"
  std::optional<std::string> comment;
};
struct NeedsSurveyCompleted {
  std::string survey_json;  // the needs survey's answers {"field": "value"}
};
struct PlanProposed {
  int version = 0;
  std::vector<std::string> assessments;
  std::string rationale_json;  // {"instrument": "why"}
  std::string status;          // "proposed" | "confirmed"
  std::string source;          // "bot" | "client"
};
struct ComplaintFiled {
  std::string ticket;
  std::string category;
  std::string description;
  std::optional<std::string> contact;
};
struct HandoffRequested {
  std::string reason;  // "client_request" | "distress"
  bool urgent = false;
};
// The client confirmed that their personal data is to be deleted.
struct DataErasureRequested {};

using DomainEvent =
    std::variant<ConsentGiven, ProfileFieldSet, AnswerRecorded, AssessmentCompleted, FeedbackGiven,
                 NeedsSurveyCompleted, PlanProposed, ComplaintFiled, HandoffRequested,
                 DataErasureRequested>;

}  // namespace careerbot::dialog
