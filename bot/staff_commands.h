// `careerbot staff …`: staff members, their tokens and training (S-3.2, S-3.2.4),
// acting on the store of the configuration (--config FILE, --data-dir DIR, as
// for serve). Every change is written to the audit log as done from "cli".
//
//   staff add --name N --role professional|auxiliary|admin --title T --education E
//   staff list
//   staff revoke ID
//   staff rotate ID
//   staff training add ID --date YYYY-MM-DD --topic T --kind knowledge|practical --hours H
//   staff training list ID
//   staff training report [--from YYYY-MM-DD] [--to YYYY-MM-DD]
//
// Tokens go to standard output once ("token: …"); nothing else prints them.
#pragma once

#include <iosfwd>
#include <string>
#include <vector>

namespace careerbot::bot {

// args[0] is "staff". Returns 0, 1 (failure, reason on err) or 2 (bad usage).
int RunStaffCommand(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);

// The staff lines of `careerbot --help`.
const char* StaffUsageText();

}  // namespace careerbot::bot
