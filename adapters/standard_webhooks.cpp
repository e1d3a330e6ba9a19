#include "adapters/standard_webhooks.h"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/params.h>

#include <optional>
#include <string>
#include <string_view>

#include "adapters/crypto.h"

namespace careerbot::adapters {
namespace {

constexpr std::string_view kSecretPrefix = "whsec_";
constexpr size_t kMacSize = 32;  // SHA-256

// HMAC-SHA256 over id "." timestamp "." body, fed piecewise so the body is not
// copied. False only when OpenSSL fails (out of memory, no default provider).
bool ComputeMac(const std::string& key, std::string_view id, std::string_view timestamp,
                std::string_view body, unsigned char (&mac)[kMacSize]) {
  // Fetched once; an EVP_MAC may be shared by threads, each call has its own context.
  static EVP_MAC* const hmac = EVP_MAC_fetch(nullptr, "HMAC", nullptr);
  if (hmac == nullptr || key.empty()) return false;
  EVP_MAC_CTX* ctx = EVP_MAC_CTX_new(hmac);
  if (ctx == nullptr) return false;
  char digest[] = "SHA256";
  const OSSL_PARAM params[] = {
      OSSL_PARAM_construct_utf8_string("digest", digest, 0),
      OSSL_PARAM_construct_end(),
  };
  auto update = [ctx](std::string_view s) {
    return EVP_MAC_update(ctx, reinterpret_cast<const unsigned char*>(s.data()), s.size()) == 1;
  };
  size_t mac_len = 0;
  const bool ok =
      EVP_MAC_init(ctx, reinterpret_cast<const unsigned char*>(key.data()), key.size(),
                   params) == 1 &&
      update(id) && update(".") && update(timestamp) && update(".") && update(body) &&
      EVP_MAC_final(ctx, mac, &mac_len, sizeof(mac)) == 1 && mac_len == kMacSize;
  EVP_MAC_CTX_free(ctx);
  return ok;
}

}  // namespace

Status StandardWebhookKey::Parse(std::string_view secret, StandardWebhookKey* out) {
  if (secret.starts_with(kSecretPrefix)) secret.remove_prefix(kSecretPrefix.size());
  std::optional<std::string> key = Base64DecodeStrict(secret);
  if (!key) {
    return Status::InvalidArgument("webhook secret must be \"whsec_\" followed by standard base64");
  }
  if (key->empty()) return Status::InvalidArgument("webhook secret is empty");
  out->key_ = std::move(*key);
  return Status::Ok();
}

std::string StandardWebhookKey::Sign(std::string_view id, int64_t timestamp,
                                     std::string_view body) const {
  unsigned char mac[kMacSize];
  if (!ComputeMac(key_, id, std::to_string(timestamp), body, mac)) return std::string();
  return "v1," + Base64Encode(std::string_view(reinterpret_cast<const char*>(mac), sizeof(mac)));
}

Status StandardWebhookKey::Verify(std::string_view id, std::string_view timestamp,
                                  std::string_view signatures, std::string_view body,
                                  int64_t now_s, int64_t tolerance_s) const {
  if (id.empty() || timestamp.empty() || signatures.empty()) {
    return Status::Unauthenticated(
        "missing webhook-id, webhook-timestamp or webhook-signature header");
  }
  int64_t ts = 0;
  if (!ParseDecimal(timestamp, &ts)) {
    return Status::Unauthenticated("webhook-timestamp must be unix seconds");
  }
  if (tolerance_s > 0) {
    // Unsigned arithmetic: the true distance of two int64 values fits a uint64.
    const uint64_t distance = ts > now_s ? static_cast<uint64_t>(ts) - static_cast<uint64_t>(now_s)
                                         : static_cast<uint64_t>(now_s) - static_cast<uint64_t>(ts);
    if (distance > static_cast<uint64_t>(tolerance_s)) {
      return Status::Unauthenticated("webhook-timestamp outside the tolerance");
    }
  }
  unsigned char expected[kMacSize];
  if (!ComputeMac(key_, id, timestamp, body, expected)) {
    return Status::Internal("cannot compute the webhook signature");
  }
  // Every entry is looked at, so the time taken does not depend on which one matched.
  bool matched = false;
  size_t pos = 0;
  while (pos < signatures.size()) {
    size_t end = signatures.find(' ', pos);
    if (end == std::string_view::npos) end = signatures.size();
    const std::string_view entry = signatures.substr(pos, end - pos);
    pos = end + 1;
    if (!entry.starts_with("v1,")) continue;  // empty, or another scheme (v1a, …)
    const std::optional<std::string> mac = Base64DecodeStrict(entry.substr(3));
    if (mac && mac->size() == kMacSize && CRYPTO_memcmp(mac->data(), expected, kMacSize) == 0) {
      matched = true;
    }
  }
  if (!matched) return Status::Unauthenticated("no matching signature");
  return Status::Ok();
}

}  // namespace careerbot::adapters
