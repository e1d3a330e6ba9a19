// Personal links: unguessable, expiring addresses that give one client something
// of theirs without a login (bot/personal_link.h). The store keeps only the
// SHA-256 of a link's token, so the database alone opens nothing. Plain structs
// and the check both stores apply before writing.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "base/status.h"

namespace careerbot::storage {

struct PersonalLinkRecord {
  int64_t client_id = 0;
  // What the link opens: "export" (the client's copy of their data) or "report"
  // (one finalized version of the client's report, /r/{token}).
  std::string purpose;
  std::string token_hash;  // 64 lowercase hex digits (SHA-256 of the token); unique
  int64_t issued_at_ms = 0;
  int64_t expires_at_ms = 0;  // after issued_at_ms
  // The report version (1, 2, …) of this client the link opens: set exactly when
  // purpose is "report" (the SQLite store keeps it as personal_links.report_id).
  std::optional<int> report_version;
};

// InvalidArgument naming the field: client id not positive, an unknown purpose,
// a malformed hash, an expiry not after the issue, a report version missing or
// below 1 for purpose "report", or present for another purpose.
Status ValidatePersonalLink(const PersonalLinkRecord& link);

}  // namespace careerbot::storage
