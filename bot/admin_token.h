// Staff access tokens: 32 random bytes from the OS's CSPRNG (OpenSSL RAND_bytes),
// written base64url without padding (43 characters). Only the SHA-256 of a token
// (64 lowercase hex digits) is stored; the token is shown once and never logged.
//
// Lookup is by the hash (an index); the stored hash that comes back is compared
// again in constant time. Timing of the index lookup can only tell an attacker
// about SHA-256 outputs of their own guesses, which reveals nothing of a token.
#pragma once

#include <string>

#include "base/status.h"

namespace careerbot::bot {

// Unavailable when the random generator fails (nothing to hand out then).
Status GenerateStaffToken(std::string* token);
std::string HashStaffToken(const std::string& token);
// Constant-time for equal lengths (CRYPTO_memcmp); false on different lengths.
bool TokenHashesEqual(const std::string& a, const std::string& b);
// The token of "Authorization: Bearer <token>" (scheme case-insensitive), or ""
// when the header is missing or malformed, or the token is not 43 base64url
// characters.
std::string BearerToken(const std::string& authorization);

}  // namespace careerbot::bot
