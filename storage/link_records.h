// Personal links: unguessable, expiring addresses that give one client something
// of theirs without a login (bot/personal_link.h). The store keeps only the
// SHA-256 of a link's token, so the database alone opens nothing. Plain structs
// and the check both stores apply before writing.
#pragma once

#include <cstdint>
#include <string>

#include "base/status.h"

namespace careerbot::storage {

struct PersonalLinkRecord {
  int64_t client_id = 0;
  std::string purpose;     // what the link opens: "export" (the client's copy of their data)
  std::string token_hash;  // 64 lowercase hex digits (SHA-256 of the token); unique
  int64_t issued_at_ms = 0;
  int64_t expires_at_ms = 0;  // after issued_at_ms
};

// InvalidArgument naming the field: client id not positive, an unknown purpose,
// a malformed hash, an expiry not after the issue.
Status ValidatePersonalLink(const PersonalLinkRecord& link);

}  // namespace careerbot::storage
