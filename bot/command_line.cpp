#include "bot/command_line.h"

#include <map>
#include <set>

namespace careerbot::bot {
namespace {

// Which options and how many positional arguments each verb takes.
struct VerbSpec {
  std::set<std::string> options;
  size_t min_args = 0, max_args = 0;
};

const std::map<std::string, VerbSpec>& Verbs() {
  static const std::map<std::string, VerbSpec> verbs = {
      {"serve", {{"--config", "--listen", "--data-dir"}, 0, 0}},
      {"chat", {{"--config", "--data-dir", "--user", "--lang"}, 0, 0}},
      {"check-config", {{"--config", "--data-dir"}, 0, 1}},
      {"help", {{}, 0, 0}},
  };
  return verbs;
}

}  // namespace

std::string UsageText() {
  return R"(careerbot: a career-planning service in conversation

Usage:
  careerbot serve [--config FILE] [--listen HOST:PORT] [--data-dir DIR]
      Runs the server. Without a configuration: SQLite under ./data/, 127.0.0.1:8080.
      CAREERBOT_LISTEN and CAREERBOT_DATA_DIR override the file; flags override both.
  careerbot chat [--config FILE] [--data-dir DIR] [--user ID] [--lang zh|en]
      Talks to the bot in this terminal (channel "cli") until the end of input.
  careerbot check-config [FILE] [--config FILE]
      Checks a configuration file and names the first bad field.
  careerbot help | --help
      Shows this text.
)";
}

Status ParseCommandLine(const std::vector<std::string>& args, CommandLine* out) {
  CommandLine cl;
  if (args.empty() || args[0] == "--help" || args[0] == "-h" || args[0] == "help") {
    cl.verb = "help";
    *out = cl;
    return Status::Ok();
  }
  cl.verb = args[0];
  auto verb = Verbs().find(cl.verb);
  if (verb == Verbs().end()) {
    return Status::InvalidArgument("unknown command \"" + cl.verb + "\" (see careerbot --help)");
  }
  for (size_t i = 1; i < args.size(); ++i) {
    const std::string& arg = args[i];
    if (arg == "--help" || arg == "-h") {
      cl.verb = "help";
      *out = cl;
      return Status::Ok();
    }
    if (arg.rfind("--", 0) != 0) {
      cl.arguments.push_back(arg);
      continue;
    }
    std::string name = arg, value;
    const size_t eq = arg.find('=');
    if (eq != std::string::npos) {
      name = arg.substr(0, eq);
      value = arg.substr(eq + 1);
    } else if (i + 1 < args.size()) {
      value = args[++i];
    } else {
      return Status::InvalidArgument("option " + name + " needs a value");
    }
    if (!verb->second.options.count(name)) {
      return Status::InvalidArgument("unknown option " + name + " for " + cl.verb);
    }
    if (name == "--config") cl.config_file = value;
    if (name == "--listen") cl.listen = value;
    if (name == "--data-dir") cl.data_dir = value;
    if (name == "--user") cl.user = value;
    if (name == "--lang") cl.lang = value;
  }
  if (cl.arguments.size() < verb->second.min_args || cl.arguments.size() > verb->second.max_args) {
    return Status::InvalidArgument("wrong number of arguments for " + cl.verb + " (see careerbot --help)");
  }
  if (cl.lang && *cl.lang != "zh" && *cl.lang != "en") {
    return Status::InvalidArgument("--lang must be zh or en");
  }
  *out = cl;
  return Status::Ok();
}

}  // namespace careerbot::bot
