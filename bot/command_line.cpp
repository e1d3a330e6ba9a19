#include "bot/command_line.h"

#include <map>
#include <set>

#include "bot/archive_commands.h"
#include "bot/audit_commands.h"
#include "bot/backup_commands.h"
#include "bot/export_commands.h"
#include "bot/key_commands.h"
#include "bot/staff_commands.h"

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
      {"test-conversations", {{"--config"}, 1, 10000}},
      // The assessment verbs parse their own options (bot/instrument_commands.h);
      // main.cpp hands them over before this parser runs.
      {"score", {{}, 0, 0}},
      {"instruments", {{}, 1, 1000}},
      {"norms", {{}, 1, 1}},
      {"occupations", {{}, 1, 1}},
      {"help", {{}, 0, 0}},
  };
  return verbs;
}

}  // namespace

std::string UsageText() {
  const std::string text = R"(careerbot: a career-planning service in conversation

Usage:
  careerbot serve [--config FILE] [--listen HOST:PORT] [--data-dir DIR]
      Runs the server. Without a configuration: SQLite under ./data/, 127.0.0.1:8080.
      CAREERBOT_LISTEN and CAREERBOT_DATA_DIR override the file; flags override both.
  careerbot chat [--config FILE] [--data-dir DIR] [--user ID] [--lang zh|en]
      Talks to the bot in this terminal (channel "cli") until the end of input.
  careerbot check-config [FILE] [--config FILE]
      Checks a configuration file and names the first bad field.
  careerbot test-conversations FILE... [--config FILE]
      Runs conversation transcripts (tests/conversations/*.chat) against the
      knowledge data the configuration names, and reports every failed check.
  careerbot score --instrument ID --answers FILE [--json] [--lang zh|en] [--form ID]
                  [--group NAME] [--region CODE] [--interpret] [--config FILE]
      Scores a paper answer sheet (CSV, or JSON: a list in item order or an object
      item id -> answer) and prints the result the bot would give. FILE - is stdin.
  careerbot instruments list [--json] [--config FILE]
      Lists the instruments, their languages, forms and norm groups.
  careerbot instruments check [FILE...] [--config FILE]
      Checks instrument files (all of the knowledge data without FILE) with the
      loader's checks; names the file, the item and the problem.
  careerbot norms build --instrument ID --from FILE.csv [--group NAME]
                        [--description TEXT] [--out FILE] [--min-n N] [--config FILE]
      Computes a norm file (n, mean, SD, alpha, percentiles) from response data.
  careerbot occupations match --interests R,I,A,S,E,C --education ID [--years N]
                              [--values A,W,R,R,S,I] [--limit N] [--lang zh|en] [--json]
      Suggests occupations (O*NET) for an interest profile, with the reasons.
  careerbot help | --help
      Shows this text.
)";
  return text + StaffUsageText() + BackupUsageText() + ArchiveUsageText() + ExportUsageText() + AuditUsageText() +
         KeyUsageText();
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
