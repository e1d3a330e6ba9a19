// The verbs of the command line. Each returns the process exit code: 0 success,
// 1 failure (the reason was printed), 2 bad usage.
#pragma once

#include <iosfwd>

#include "bot/command_line.h"
#include "bot/config.h"

namespace careerbot::bot {

// Defaults, then --config FILE, then the environment, then the flags.
Status ResolveConfig(const CommandLine& cl, Config* config);

int RunServe(const CommandLine& cl);
int RunChat(const CommandLine& cl, std::istream& in, std::ostream& out);
int RunCheckConfig(const CommandLine& cl);
int RunTestConversations(const CommandLine& cl, std::ostream& out);

}  // namespace careerbot::bot
