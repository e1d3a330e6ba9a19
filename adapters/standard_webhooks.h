// Standard Webhooks signatures (https://www.standardwebhooks.com), used to verify
// requests to the JSON channel and to sign the admin webhook's events.
//
// The signed content is  id + "." + timestamp + "." + raw body,  the MAC is
// HMAC-SHA256 keyed with the base64-decoded secret after its "whsec_" prefix, and
// the header holds one or more space-separated "v1,<base64 MAC>" entries (several
// during key rotation); one match suffices. Comparison is in constant time.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "base/status.h"

namespace careerbot::adapters {

class StandardWebhookKey {
 public:
  // Parses "whsec_<base64>" (the prefix is optional). InvalidArgument when the
  // base64 is malformed or the key is shorter than 1 byte. The message never
  // contains the secret.
  static Status Parse(std::string_view secret, StandardWebhookKey* out);

  // "v1,<base64 HMAC-SHA256>" over id.timestamp.body. Returns "" when the key was
  // never parsed or OpenSSL fails; a caller must not send an unsigned event.
  std::string Sign(std::string_view id, int64_t timestamp, std::string_view body) const;

  // Checks the three header values against the body. Unauthenticated when a header
  // is missing or malformed, the timestamp is further than tolerance_s from
  // now_s (either way), or no signature matches. tolerance_s <= 0 turns the
  // timestamp check off. The timestamp must be plain decimal digits; entries of
  // other versions than "v1" are ignored. Internal when the key was never parsed.
  Status Verify(std::string_view id, std::string_view timestamp, std::string_view signatures,
                std::string_view body, int64_t now_s, int64_t tolerance_s) const;

 private:
  std::string key_;  // raw key bytes
};

}  // namespace careerbot::adapters
