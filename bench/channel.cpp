#include "bench/channel.h"

namespace careerbot::bench {

std::optional<std::pair<std::string, std::string>> FirstFailedCheck(const Script& script, const Step& step,
                                                                    const ObservedAnswer& answer) {
  for (const Check& check : step.checks) {
    const std::string where = script.file + ":" + std::to_string(check.line) + ": ";
    switch (check.kind) {
      case Check::Kind::kState:
        if (answer.state && *answer.state != check.arg) {
          return std::make_pair("state_mismatch", where + "expected state " + check.arg + ", got " + *answer.state);
        }
        break;
      case Check::Kind::kProgress:
        if (answer.progress && *answer.progress != check.arg) {
          return std::make_pair("progress_mismatch",
                                where + "expected progress " + check.arg + ", got " + *answer.progress);
        }
        break;
      case Check::Kind::kContains:
      case Check::Kind::kNotContains: {
        bool found = false;
        for (const auto& reply : answer.replies) found = found || reply.find(check.arg) != std::string::npos;
        if (!found && check.kind == Check::Kind::kContains && !answer.replies_complete) break;
        if (found != (check.kind == Check::Kind::kContains)) {
          return std::make_pair("reply_mismatch", where + (found ? "a reply contains \"" : "no reply contains \"") +
                                                      check.arg + "\"");
        }
        break;
      }
    }
  }
  return std::nullopt;
}

}  // namespace careerbot::bench
