// The generic JSON channel ("api"): POST /api/v1/messages, as DESIGN.md specifies.
// Free of HTTP library types so tests call it directly.
#pragma once

#include <string>
#include <string_view>

#include "base/status.h"
#include "dialog/messages.h"

namespace careerbot::adapters {

// Limits of the channel's contract.
inline constexpr size_t kMaxUserChars = 128;
inline constexpr size_t kMaxMessageIdChars = 128;
inline constexpr size_t kMaxTextChars = 4096;

// Parses a request body into an Inbound (channel "api", account ""). The body must
// be a JSON object with "user" (string, 1-128 chars), "text" (string, at most 4096
// chars; may be empty or absent only when "choice" is given), and optionally "id"
// (string, 1-128 chars), "choice" (string, 1-128 chars) and "lang" ("zh" | "en").
// Lengths count Unicode code points. Unknown keys are ignored. InvalidArgument names
// the offending field (for a body that is not JSON or not UTF-8, the top-level field
// where it broke, when there is one); nothing is partially filled on failure. Every
// string must be valid UTF-8; "user", "id" and "choice" must not contain NUL.
Status ParseApiMessage(std::string_view body, int64_t received_at_ms, dialog::Inbound* out);

// Renders the 200 answer: {"replies": [...], "state": "...", "progress": {...}},
// with "choices", "link" and "progress" only when they apply.
std::string RenderApiAnswer(const dialog::TurnAnswer& answer);

// Parses what RenderApiAnswer produced (the store keeps answers in this form, so a
// duplicate message id is answered byte for byte the same way).
Status ParseApiAnswer(std::string_view json_text, dialog::TurnAnswer* out);

// {"error": {"code": "...", "message": "..."}}
std::string RenderApiError(std::string_view code, std::string_view message);

}  // namespace careerbot::adapters
