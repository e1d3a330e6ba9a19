// Logging: one JSON object per line on standard error (JSON Lines), so that log
// collectors parse it without patterns:
//
//   {"ts":"2026-11-27T12:00:00.123Z","level":"info","event":"listening","address":"127.0.0.1:8080",…}
//
// "ts" (UTC, milliseconds), "level" ("info" | "error") and "event" (a fixed
// snake_case name) come first; the event's fields follow as string members. A
// field named like one of the three is written as "field_<name>" so it cannot
// hide them. Callers pass only what is safe to keep: never a secret or token,
// never a client's text, name or other personal data (ids of records and
// channel/account keys are fine); docs/operations.md lists the events.
//
// Thread-safe: a line is written whole, never interleaved with another.
#pragma once

#include <cstdint>
#include <initializer_list>
#include <string>
#include <string_view>
#include <utility>

namespace careerbot::bot {

using LogFields = std::initializer_list<std::pair<std::string_view, std::string>>;

void LogInfo(std::string_view event, LogFields fields = {});
void LogError(std::string_view event, LogFields fields = {});

// The line LogInfo/LogError write (without the newline), for tests.
std::string FormatLogLine(int64_t unix_ms, std::string_view level, std::string_view event, LogFields fields);

}  // namespace careerbot::bot
