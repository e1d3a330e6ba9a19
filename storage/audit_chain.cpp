#include "storage/audit_chain.h"

#include <openssl/evp.h>

namespace careerbot::storage {

const char kAuditChainStart[] = "0000000000000000000000000000000000000000000000000000000000000000";

namespace {

void Field(std::string* out, const std::optional<std::string>& v) {
  if (!v) {
    *out += "-;";
    return;
  }
  *out += std::to_string(v->size()) + ":" + *v + ";";
}

std::optional<std::string> Num(const std::optional<int64_t>& v) {
  return v ? std::optional<std::string>(std::to_string(*v)) : std::nullopt;
}

}  // namespace

std::string AuditEntryHash(const AuditEntry& e) {
  std::string text = "careerbot-audit-1;";
  Field(&text, std::to_string(e.id));
  Field(&text, Num(e.staff_id));
  Field(&text, e.action);
  Field(&text, e.object);
  Field(&text, Num(e.client_id));
  Field(&text, e.remote_addr);
  Field(&text, std::to_string(e.at_ms));
  Field(&text, e.prev_hash);
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int size = 0;
  EVP_Digest(text.data(), text.size(), digest, &size, EVP_sha256(), nullptr);
  static const char kHex[] = "0123456789abcdef";
  std::string hex;
  for (unsigned int i = 0; i < size; ++i) {
    hex += kHex[digest[i] >> 4];
    hex += kHex[digest[i] & 15];
  }
  return hex;
}

bool AuditChainVerifier::Add(const AuditEntry& entry) {
  if (broken_at_) return false;
  if (entry.prev_hash != head_) {
    broken_at_ = entry.id;
    return false;
  }
  head_ = AuditEntryHash(entry);
  last_id_ = entry.id;
  ++entries_;
  return true;
}

}  // namespace careerbot::storage
