#include "adapters/standard_webhooks.h"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/params.h>

#include <charconv>
#include <optional>
#include <string>
#include <string_view>

namespace careerbot::adapters {
namespace {

constexpr std::string_view kSecretPrefix = "whsec_";
constexpr size_t kMacSize = 32;  // SHA-256

std::string Base64Encode(const unsigned char* data, size_t n) {
  std::string out(4 * ((n + 2) / 3) + 1, '\0');  // +1: EVP_EncodeBlock writes a NUL
  const int len = EVP_EncodeBlock(reinterpret_cast<unsigned char*>(out.data()), data,
                                  static_cast<int>(n));
  out.resize(len > 0 ? static_cast<size_t>(len) : 0);
  return out;
}

int Base64Value(char c) {
  if (c >= 'A' && c <= 'Z') return c - 'A';
  if (c >= 'a' && c <= 'z') return c - 'a' + 26;
  if (c >= '0' && c <= '9') return c - '0' + 52;
  if (c == '+') return 62;
  if (c == '/') return 63;
  return -1;
}

// Strict standard base64 (RFC 4648 section 4, padded). EVP_DecodeBlock alone is too
// lenient: it skips surrounding whitespace, and it returns the padding positions as
// zero bytes. So the input is checked here first: only the alphabet, a length that
// is a multiple of 4, at most two '=' and only at the end, and zero bits where the
// last character carries more bits than the data needs (one canonical encoding per
// byte string). Returns nullopt on any violation.
std::optional<std::string> Base64DecodeStrict(std::string_view in) {
  if (in.size() % 4 != 0) return std::nullopt;
  size_t padding = 0;
  while (padding < 2 && padding < in.size() && in[in.size() - 1 - padding] == '=') ++padding;
  const std::string_view data = in.substr(0, in.size() - padding);
  for (char c : data) {
    if (Base64Value(c) < 0) return std::nullopt;  // also catches a third '='
  }
  if (padding > 0) {
    const int last = Base64Value(data.back());
    if ((padding == 2 && (last & 0x0F) != 0) || (padding == 1 && (last & 0x03) != 0)) {
      return std::nullopt;
    }
  }
  if (in.empty()) return std::string();
  std::string out(in.size() / 4 * 3, '\0');
  const int len = EVP_DecodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                                  reinterpret_cast<const unsigned char*>(in.data()),
                                  static_cast<int>(in.size()));
  if (len < 0 || static_cast<size_t>(len) != out.size()) return std::nullopt;
  out.resize(out.size() - padding);  // DecodeBlock counts each '=' as a zero byte
  return out;
}

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

// A plain decimal integer: digits only (no sign, space or "+"), fitting int64.
bool ParseTimestamp(std::string_view s, int64_t* out) {
  if (s.empty() || s.size() > 19) return false;
  for (char c : s) {
    if (c < '0' || c > '9') return false;
  }
  const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), *out);
  return ec == std::errc() && end == s.data() + s.size();
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
  return "v1," + Base64Encode(mac, sizeof(mac));
}

Status StandardWebhookKey::Verify(std::string_view id, std::string_view timestamp,
                                  std::string_view signatures, std::string_view body,
                                  int64_t now_s, int64_t tolerance_s) const {
  if (id.empty() || timestamp.empty() || signatures.empty()) {
    return Status::Unauthenticated(
        "missing webhook-id, webhook-timestamp or webhook-signature header");
  }
  int64_t ts = 0;
  if (!ParseTimestamp(timestamp, &ts)) {
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
