#include "bot/log.h"

#include <chrono>
#include <cstdio>
#include <mutex>
#include <nlohmann/json.hpp>

namespace careerbot::bot {
namespace {

void Write(const char* level, std::string_view event, LogFields fields) {
  const auto now = std::chrono::duration_cast<std::chrono::milliseconds>(
                       std::chrono::system_clock::now().time_since_epoch())
                       .count();
  nlohmann::json line = {{"ts_ms", now}, {"level", level}, {"event", event}};
  for (const auto& [key, value] : fields) line[std::string(key)] = value;
  const std::string text =
      line.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
  static std::mutex mutex;  // one line at a time, never interleaved
  std::lock_guard<std::mutex> lock(mutex);
  std::fwrite(text.data(), 1, text.size(), stderr);
  std::fflush(stderr);
}

}  // namespace

void LogInfo(std::string_view event, LogFields fields) { Write("info", event, fields); }
void LogError(std::string_view event, LogFields fields) { Write("error", event, fields); }

}  // namespace careerbot::bot
