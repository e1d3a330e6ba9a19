// Helpers the channel adapters share. Internal to adapters/: bot/ uses channel.h.
#pragma once

#include <cstdint>
#include <limits>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "base/status.h"

namespace careerbot::adapters {

// The placeholder Authorize() replaces for Auth::kUrlPathToken.
inline constexpr std::string_view kTokenPlaceholder = "{token}";

// Unauthenticated("<what> is outside the replay window") when timestamp_s is
// further than window_s from now (either way); window_s <= 0 turns the check off.
Status CheckReplayWindow(int64_t timestamp_s, int64_t now_ms, int64_t window_s,
                         std::string_view what);
// The same for a timestamp in milliseconds (DingTalk).
Status CheckReplayWindowMs(int64_t timestamp_ms, int64_t now_ms, int64_t window_s,
                           std::string_view what);

// Compact JSON, UTF-8 kept as is; bytes that are not UTF-8 become U+FFFD.
std::string DumpJson(const nlohmann::ordered_json& j);

// Parses without exceptions; true only for a JSON object.
bool ParseJsonObject(std::string_view text, nlohmann::json* out);

// Tolerant readers of untrusted JSON: "" / an empty object / false when the key is
// absent or of another type. JsonString also renders an integer as its digits
// (platforms send some ids as numbers); JsonInt also reads a decimal string.
std::string JsonString(const nlohmann::json& j, const char* key);
const nlohmann::json& JsonObject(const nlohmann::json& j, const char* key);
bool JsonInt(const nlohmann::json& j, const char* key, int64_t* out);
// True only for a boolean true (json::value() would throw on another type).
bool JsonTrue(const nlohmann::json& j, const char* key);

// Whether an API answer says "try again later": no answer at all (0), rate
// limited (429) or a server error (5xx). The one rule every platform's token
// parser and Classify start from; platform codes add to it.
inline bool IsTransientHttpStatus(int status) { return status == 0 || status == 429 || status >= 500; }

// "zh" for zh, zh-hans, zh-CN …; "en" for en, en-US …; "" otherwise.
std::string LanguageOf(std::string_view code);

}  // namespace careerbot::adapters
