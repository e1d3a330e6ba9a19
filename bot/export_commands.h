// `careerbot export --client ID [--out FILE] [--config F] [--data-dir D]`: one
// client's data as the JSON document of bot/export_view.h, to FILE (created with
// mode 0600: it is personal data) or standard output. Audit-logged from "cli"
// as "client.export".
#pragma once

#include <iosfwd>
#include <string>
#include <vector>

namespace careerbot::bot {

// args[0] is "export". Returns 0, 1 (failure, reason on err) or 2 (bad usage).
int RunExportCommand(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);

const char* ExportUsageText();

}  // namespace careerbot::bot
