#include "bot/personal_link.h"

#include "bot/admin_token.h"
#include "bot/config.h"

namespace careerbot::bot {

Status NewPersonalLink(int64_t now_ms, int ttl_hours, FreshLink* out) {
  if (Status s = GenerateStaffToken(&out->token); !s.ok()) return s;
  out->hash = HashStaffToken(out->token);
  out->expires_at_ms = now_ms + int64_t{ttl_hours} * 3600 * 1000;
  return Status::Ok();
}

std::string PersonalLinkHash(const std::string& token) {
  if (token.size() != 43) return "";
  for (char c : token) {
    const bool ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
    if (!ok) return "";
  }
  return HashStaffToken(token);
}

bool PersonalLinkOpens(const std::string& stored_hash, const std::string& presented_hash,
                       std::optional<int64_t> expires_at_ms, int64_t now_ms) {
  // The index found the row by the hash; compare again in constant time, as for staff tokens.
  if (presented_hash.empty() || !TokenHashesEqual(stored_hash, presented_hash)) return false;
  return expires_at_ms && *expires_at_ms > now_ms;
}

std::string PublicBaseUrl(const Config& config) {
  return config.reports.public_base_url.empty() ? "http://" + config.listen : config.reports.public_base_url;
}

std::string PersonalLinkUrl(const std::string& public_base_url, std::string_view route, const std::string& token) {
  return public_base_url + std::string(route) + token;
}

}  // namespace careerbot::bot
