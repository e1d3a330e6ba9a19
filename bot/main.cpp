#include <iostream>
#include <string>
#include <vector>

#include "bot/archive_commands.h"
#include "bot/audit_commands.h"
#include "bot/backup_commands.h"
#include "bot/command_line.h"
#include "bot/commands.h"
#include "bot/export_commands.h"
#include "bot/key_commands.h"
#include "bot/instrument_commands.h"
#include "bot/staff_commands.h"

int main(int argc, char** argv) {
  using namespace careerbot::bot;
  std::vector<std::string> args(argv + 1, argv + argc);
  if (!args.empty() && IsInstrumentVerb(args[0])) {
    return RunInstrumentCommand(args, std::cin, std::cout, std::cerr);
  }
  // `staff` parses its own sub-commands and options (bot/staff_commands.h).
  if (!args.empty() && args[0] == "staff") return RunStaffCommand(args, std::cout, std::cerr);
  // So do backup, verify-backup, restore, archive, export and verify-audit.
  if (!args.empty() && IsBackupVerb(args[0])) return RunBackupCommand(args, std::cout, std::cerr);
  if (!args.empty() && args[0] == "archive") return RunArchiveCommand(args, std::cout, std::cerr);
  if (!args.empty() && args[0] == "export") return RunExportCommand(args, std::cout, std::cerr);
  if (!args.empty() && args[0] == "verify-audit") return RunVerifyAuditCommand(args, std::cout, std::cerr);
  if (!args.empty() && args[0] == "rotate-key") return RunRotateKeyCommand(args, std::cout, std::cerr);
  CommandLine cl;
  if (careerbot::Status s = ParseCommandLine(args, &cl); !s.ok()) {
    std::cerr << "careerbot: " << s.message() << "\n";
    return 2;
  }
  if (cl.verb == "serve") return RunServe(cl);
  if (cl.verb == "chat") return RunChat(cl, std::cin, std::cout);
  if (cl.verb == "check-config") return RunCheckConfig(cl);
  if (cl.verb == "test-conversations") return RunTestConversations(cl, std::cout);
  std::cout << UsageText();
  return 0;
}
