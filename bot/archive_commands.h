// `careerbot archive list [NUMBER] [--config F] [--data-dir D]` (S-3.5.2;
// docs/operations.md): without NUMBER every archive, one line each (number,
// client id, when opened, documents filed); with NUMBER that archive and its
// documents as JSON (the admin API's document). Each use is audit-logged from "cli".
#pragma once

#include <iosfwd>
#include <string>
#include <vector>

namespace careerbot::bot {

// args[0] is "archive". Returns 0, 1 (failure, reason on err) or 2 (bad usage).
int RunArchiveCommand(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);

// Its lines of `careerbot --help`.
const char* ArchiveUsageText();

}  // namespace careerbot::bot
