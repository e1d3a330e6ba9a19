// Logging: one JSON object per line on standard error, so that log collectors
// parse it without patterns. Callers pass only what is safe to keep: never a
// secret, never a client's text or other personal data (ids of records are fine).
#pragma once

#include <initializer_list>
#include <string>
#include <string_view>
#include <utility>

namespace careerbot::bot {

using LogFields = std::initializer_list<std::pair<std::string_view, std::string>>;

void LogInfo(std::string_view event, LogFields fields = {});
void LogError(std::string_view event, LogFields fields = {});

}  // namespace careerbot::bot
