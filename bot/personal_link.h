// Personal links: the one mechanism behind every address that gives a client
// something of theirs without a login (the report page /r/{token}, the copy of
// their data /x/{token}). A link's token is 32 bytes of the OS's CSPRNG
// (256 bits, 43 base64url characters; the generator of staff tokens,
// bot/admin_token.h); the store keeps only its SHA-256 and an expiry, so the
// database alone opens nothing. A presented token is hashed, found by the hash,
// and the stored hash compared again in constant time. The token is in the answer
// that hands it out and nowhere else; it is never logged.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "base/status.h"

namespace careerbot::bot {

struct Config;

struct FreshLink {
  std::string token;  // for the client's URL only
  std::string hash;   // what the store keeps
  int64_t expires_at_ms = 0;
};

// A new token valid for ttl_hours from now_ms. Unavailable when the random
// generator fails.
Status NewPersonalLink(int64_t now_ms, int ttl_hours, FreshLink* out);

// The SHA-256 hex of a well-formed token (43 base64url characters), or "" for
// anything else (which then opens nothing, like an unknown token).
std::string PersonalLinkHash(const std::string& token);

// Whether a stored link opens for the presented token's hash at now_ms: the
// hashes equal (constant time) and the expiry lies after now_ms.
bool PersonalLinkOpens(const std::string& stored_hash, const std::string& presented_hash,
                       std::optional<int64_t> expires_at_ms, int64_t now_ms);

// The address clients reach the server at: reports.public_base_url, or
// http://LISTEN when it is empty.
std::string PublicBaseUrl(const Config& config);
// public base URL + route ("/r/", "/x/") + token.
std::string PersonalLinkUrl(const std::string& public_base_url, std::string_view route, const std::string& token);

}  // namespace careerbot::bot
