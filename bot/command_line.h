// The command line of DESIGN.md: `careerbot VERB [options]`.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "base/status.h"

namespace careerbot::bot {

struct CommandLine {
  std::string verb;  // "serve", "chat", "check-config", "help"
  std::optional<std::string> config_file;
  std::optional<std::string> listen;
  std::optional<std::string> data_dir;
  std::optional<std::string> user;  // chat: the client id to talk as
  std::optional<std::string> lang;  // chat: zh | en
  std::vector<std::string> arguments;  // positional arguments after the verb
};

// InvalidArgument with a message for the user ("unknown option --foo for serve").
Status ParseCommandLine(const std::vector<std::string>& args, CommandLine* out);

// The text of `careerbot --help`.
std::string UsageText();

}  // namespace careerbot::bot
