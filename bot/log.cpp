#include "bot/log.h"

#include <chrono>
#include <cstdio>
#include <ctime>
#include <mutex>
#include <nlohmann/json.hpp>

namespace careerbot::bot {
namespace {

std::string IsoUtc(int64_t unix_ms) {
  const std::time_t seconds = static_cast<std::time_t>(unix_ms / 1000);
  std::tm utc{};
  gmtime_r(&seconds, &utc);
  char buffer[96];  // room for any int a tm field may hold, as the compiler checks
  std::snprintf(buffer, sizeof buffer, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", utc.tm_year + 1900, utc.tm_mon + 1,
                utc.tm_mday, utc.tm_hour, utc.tm_min, utc.tm_sec, static_cast<int>(unix_ms % 1000));
  return buffer;
}

void Write(const char* level, std::string_view event, LogFields fields) {
  const int64_t now = std::chrono::duration_cast<std::chrono::milliseconds>(
                          std::chrono::system_clock::now().time_since_epoch())
                          .count();
  const std::string text = FormatLogLine(now, level, event, fields) + "\n";
  static std::mutex mutex;  // one line at a time, never interleaved
  std::lock_guard<std::mutex> lock(mutex);
  std::fwrite(text.data(), 1, text.size(), stderr);
  std::fflush(stderr);
}

}  // namespace

std::string FormatLogLine(int64_t unix_ms, std::string_view level, std::string_view event, LogFields fields) {
  // ordered_json keeps ts, level and event first, as a reader scanning lines expects.
  nlohmann::ordered_json line = {{"ts", IsoUtc(unix_ms)}, {"level", level}, {"event", event}};
  for (const auto& [key, value] : fields) {
    const bool reserved = key == "ts" || key == "level" || key == "event";
    line[reserved ? "field_" + std::string(key) : std::string(key)] = value;
  }
  // Bytes that are not UTF-8 become U+FFFD: a line always parses.
  return line.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

void LogInfo(std::string_view event, LogFields fields) { Write("info", event, fields); }
void LogError(std::string_view event, LogFields fields) { Write("error", event, fields); }

}  // namespace careerbot::bot
