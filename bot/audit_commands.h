// `careerbot verify-audit [--config F] [--data-dir D]` (S-3.5.3;
// docs/operations.md): walks the audit log in id order and checks that each
// entry carries the hash of the one before (storage/audit_chain.h). Prints
// "audit log OK: N entries, head HASH" (exit 0), or names the first entry where
// the chain breaks (exit 1).
#pragma once

#include <iosfwd>
#include <string>
#include <vector>

namespace careerbot::bot {

// args[0] is "verify-audit". Returns 0, 1 (broken, or a failure) or 2 (bad usage).
int RunVerifyAuditCommand(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);

const char* AuditUsageText();

}  // namespace careerbot::bot
