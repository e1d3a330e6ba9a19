// The website widget's own JSON (adapters/widget/careerbot.js is its only client),
// beside the generic JSON channel's: the request of one message, the answer (the
// JSON channel's answer plus the conversation's language) and the history shown
// again after a page reload. Free of HTTP library types so tests call it directly.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"
#include "dialog/messages.h"

namespace careerbot::adapters {

// The channel name the widget's clients are kept under.
inline constexpr char kWidgetChannel[] = "widget";

// Parses one message of visitor `visitor_id`. The body must be a JSON object with
// "id" (string, 1-128 chars: the widget's message id, sent again unchanged on a
// retry) and one of
//   "text"   (string, 1-4096 chars): what the visitor typed;
//   "choice" (string, 1-128 chars): the id of a button the visitor pressed;
//   "open": true: the visitor opened the chat with no conversation to show (the bot
//           then speaks first, as the terminal chat does);
// and optionally "lang" ("zh" | "en"), which sets the conversation's language (the
// widget sends it with its first message only). Unknown keys are ignored.
// InvalidArgument names the field; *out and *open are untouched on failure.
// For "open", *out has an empty text and *open is true: the caller sets
// `resume` when the visitor already has a conversation (they are then reminded of
// the current question instead of welcomed).
Status ParseWidgetMessage(std::string_view body, const std::string& visitor_id, int64_t received_at_ms,
                          dialog::Inbound* out, bool* open);

// The answer to one message (and to a fetch of the replies held for the visitor):
// RenderApiAnswer's object with "lang" added, and "next_poll_ms" when the widget is
// to fetch what a counsellor writes (GET updates) after that many milliseconds.
std::string RenderWidgetAnswer(const dialog::TurnAnswer& answer, std::string_view lang,
                               std::optional<int> next_poll_ms = std::nullopt);

// One line of the history: what the visitor sent, or one reply of the bot.
struct WidgetHistoryEntry {
  bool from_visitor = false;
  dialog::Reply reply;  // from the visitor: text only
};

struct WidgetHistory {
  std::vector<WidgetHistoryEntry> messages;  // oldest first
  std::optional<dialog::TurnAnswer> last;    // the last turn's answer (choices, progress)
  std::string lang = "zh";                   // the conversation's language
  bool truncated = false;                    // older turns were left out
  std::optional<int> next_poll_ms;           // as in RenderWidgetAnswer
};

// {"messages": [{"from": "visitor"|"bot", "text": "…", "choices": […], "link": {…}}],
//  "last": <an answer as RenderApiAnswer renders it> | null, "lang": "zh", "truncated": false,
//  "next_poll_ms"?: 3000}
std::string RenderWidgetHistory(const WidgetHistory& history);

// {"visitor": "<token>"}
std::string RenderWidgetVisitor(std::string_view token);

}  // namespace careerbot::adapters
