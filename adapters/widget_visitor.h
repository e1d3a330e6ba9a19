// Anonymous visitors of the website widget. A visitor is a random id the server
// issues with its signature, as one token the browser keeps:
//
//   "v1." + id + "." + signature
//   id:        22 base64url characters (16 random bytes)
//   signature: 43 base64url characters, HMAC-SHA256(key, "careerbot-widget-visitor.v1." + id)
//
// Only the server knows the key, so a browser can present its own id but cannot
// make one up or write as another visitor. There is no expiry: the id stands for the
// conversation, which lives as long as the visitor keeps it. Rotating the key ends
// every visitor's access to their conversation (they start a new one).
//
// Immutable after construction; safe to share between threads.
#pragma once

#include <string>
#include <string_view>

#include "base/status.h"

namespace careerbot::adapters {

class VisitorSigner {
 public:
  // `key` is the secret the signatures are keyed with; InvalidArgument when it is
  // shorter than kMinKeyBytes.
  static Status Create(std::string key, VisitorSigner* out);
  static constexpr size_t kMinKeyBytes = 16;

  VisitorSigner() = default;

  // A new token for a new random id. Unavailable when the system's random source fails.
  Status Issue(std::string* token) const;

  // The token's id when its signature is this key's; Unauthenticated otherwise
  // (malformed, another version, a signature that does not match). The signature is
  // compared in constant time. Never echoes the token.
  Status Verify(std::string_view token, std::string* visitor_id) const;

  // The token for a given id (tests, and Issue).
  std::string TokenFor(std::string_view visitor_id) const;

 private:
  std::string Sign(std::string_view visitor_id) const;
  std::string key_;
};

// base64url without padding (RFC 4648 section 5).
std::string Base64UrlNoPad(std::string_view bytes);

}  // namespace careerbot::adapters
