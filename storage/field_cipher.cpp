#include "storage/field_cipher.h"

#include <openssl/evp.h>
#include <openssl/rand.h>

#include <memory>

namespace careerbot::storage {
namespace {

struct CtxFree {
  void operator()(EVP_CIPHER_CTX* c) const { EVP_CIPHER_CTX_free(c); }
};

// One context per thread, reset and reused for every value: allocating a context
// per field would cost more than the encryption of a short text.
EVP_CIPHER_CTX* ThreadContext() {
  thread_local std::unique_ptr<EVP_CIPHER_CTX, CtxFree> ctx(EVP_CIPHER_CTX_new());
  return ctx.get();
}

// Fetched once: an implicit fetch per call (EVP_aes_256_gcm) looks the
// algorithm up in the provider every time.
const EVP_CIPHER* Cipher() {
  static EVP_CIPHER* cipher = EVP_CIPHER_fetch(nullptr, "AES-256-GCM", nullptr);
  return cipher;
}

const unsigned char* Bytes(std::string_view s) {
  return reinterpret_cast<const unsigned char*>(s.data());
}

}  // namespace

bool IsValidKeyId(std::string_view id) {
  if (id.empty() || id.size() > 32) return false;
  for (char c : id) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                    c == '-' || c == '_';
    if (!ok) return false;
  }
  return true;
}

std::optional<std::string_view> SealedKeyId(std::string_view sealed) {
  if (!IsSealedValue(sealed)) return std::nullopt;
  const std::string_view rest = sealed.substr(kSealedPrefix.size());
  const size_t colon = rest.find(':');
  if (colon == std::string_view::npos || !IsValidKeyId(rest.substr(0, colon))) return std::nullopt;
  return rest.substr(0, colon);
}

bool Aes256GcmSeal(std::string_view key, std::string_view nonce, std::string_view associated_data,
                   std::string_view plaintext, std::string* out) {
  if (key.size() != kDataKeyBytes || nonce.size() != kGcmNonceBytes || Cipher() == nullptr) return false;
  EVP_CIPHER_CTX* ctx = ThreadContext();
  if (ctx == nullptr || EVP_CIPHER_CTX_reset(ctx) != 1) return false;
  out->assign(plaintext.size() + kGcmTagBytes, '\0');
  auto* dst = reinterpret_cast<unsigned char*>(out->data());
  int len = 0, final_len = 0;
  const bool ok =
      EVP_EncryptInit_ex2(ctx, Cipher(), Bytes(key), Bytes(nonce), nullptr) == 1 &&
      (associated_data.empty() ||
       EVP_EncryptUpdate(ctx, nullptr, &len, Bytes(associated_data),
                         static_cast<int>(associated_data.size())) == 1) &&
      EVP_EncryptUpdate(ctx, dst, &len, Bytes(plaintext), static_cast<int>(plaintext.size())) == 1 &&
      EVP_EncryptFinal_ex(ctx, dst + len, &final_len) == 1 &&
      EVP_CIPHER_CTX_ctrl(ctx, EVP_CTRL_GCM_GET_TAG, static_cast<int>(kGcmTagBytes),
                          dst + plaintext.size()) == 1;
  return ok;
}

bool Aes256GcmOpen(std::string_view key, std::string_view nonce, std::string_view associated_data,
                   std::string_view ciphertext_and_tag, std::string* out) {
  out->clear();
  if (key.size() != kDataKeyBytes || nonce.size() != kGcmNonceBytes ||
      ciphertext_and_tag.size() < kGcmTagBytes || Cipher() == nullptr) {
    return false;
  }
  EVP_CIPHER_CTX* ctx = ThreadContext();
  if (ctx == nullptr || EVP_CIPHER_CTX_reset(ctx) != 1) return false;
  const size_t n = ciphertext_and_tag.size() - kGcmTagBytes;
  std::string plain(n, '\0');
  auto* dst = reinterpret_cast<unsigned char*>(plain.data());
  // The tag is compared by OpenSSL in EVP_DecryptFinal_ex, in constant time.
  std::string tag(ciphertext_and_tag.substr(n));
  int len = 0, final_len = 0;
  const bool ok =
      EVP_DecryptInit_ex2(ctx, Cipher(), Bytes(key), Bytes(nonce), nullptr) == 1 &&
      (associated_data.empty() ||
       EVP_DecryptUpdate(ctx, nullptr, &len, Bytes(associated_data),
                         static_cast<int>(associated_data.size())) == 1) &&
      EVP_DecryptUpdate(ctx, dst, &len, Bytes(ciphertext_and_tag), static_cast<int>(n)) == 1 &&
      EVP_CIPHER_CTX_ctrl(ctx, EVP_CTRL_GCM_SET_TAG, static_cast<int>(kGcmTagBytes), tag.data()) == 1 &&
      EVP_DecryptFinal_ex(ctx, dst + len, &final_len) == 1;
  if (ok) *out = std::move(plain);
  return ok;
}

Status SealField(std::string_view key_id, std::string_view key, std::string_view associated_data,
                 std::string_view plaintext, std::string* sealed) {
  if (!IsValidKeyId(key_id)) return Status::InvalidArgument("seal: not a valid key id");
  if (key.size() != kDataKeyBytes) return Status::InvalidArgument("seal: a data key is 32 bytes");
  std::string nonce, body;
  if (!SecureRandomBytes(kGcmNonceBytes, &nonce)) return Status::Internal("seal: no random nonce");
  if (!Aes256GcmSeal(key, nonce, associated_data, plaintext, &body)) {
    return Status::Internal("seal: AES-256-GCM failed");
  }
  sealed->clear();
  sealed->reserve(kSealedPrefix.size() + key_id.size() + 1 + (nonce.size() + body.size() + 2) / 3 * 4);
  sealed->append(kSealedPrefix).append(key_id).append(1, ':').append(EncodeBase64(nonce + body));
  return Status::Ok();
}

Status OpenField(std::string_view key, std::string_view associated_data, std::string_view sealed,
                 std::string* plaintext) {
  const std::optional<std::string_view> id = SealedKeyId(sealed);
  if (!id) return Status::Internal("not a sealed value");
  const std::string_view encoded = sealed.substr(kSealedPrefix.size() + id->size() + 1);
  const std::optional<std::string> raw = DecodeBase64(encoded);
  if (!raw || raw->size() < kGcmNonceBytes + kGcmTagBytes) {
    return Status::Internal("a sealed value is malformed");
  }
  const std::string_view bytes(*raw);
  if (!Aes256GcmOpen(key, bytes.substr(0, kGcmNonceBytes), associated_data,
                     bytes.substr(kGcmNonceBytes), plaintext)) {
    return Status::Internal("a sealed value does not open under its key (wrong key, or changed)");
  }
  return Status::Ok();
}

std::string EncodeBase64(std::string_view bytes) {
  std::string out((bytes.size() + 2) / 3 * 4, '\0');
  const int n = EVP_EncodeBlock(reinterpret_cast<unsigned char*>(out.data()), Bytes(bytes),
                                static_cast<int>(bytes.size()));
  out.resize(n < 0 ? 0 : static_cast<size_t>(n));
  return out;
}

std::optional<std::string> DecodeBase64(std::string_view text) {
  if (text.size() % 4 != 0) return std::nullopt;
  size_t padding = 0;
  for (size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    const bool alphabet = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
                          c == '+' || c == '/';
    if (c == '=') {
      if (i + 2 < text.size()) return std::nullopt;  // '=' only in the last two places
      ++padding;
    } else if (!alphabet || padding > 0) {
      return std::nullopt;
    }
  }
  std::string out(text.size() / 4 * 3, '\0');
  const int n = EVP_DecodeBlock(reinterpret_cast<unsigned char*>(out.data()), Bytes(text),
                                static_cast<int>(text.size()));
  if (n < 0 || static_cast<size_t>(n) < padding) return std::nullopt;
  out.resize(static_cast<size_t>(n) - padding);  // EVP_DecodeBlock keeps the padding's zero bytes
  if (EncodeBase64(out) != text) return std::nullopt;  // non-canonical trailing bits
  return out;
}

bool SecureRandomBytes(size_t n, std::string* out) {
  out->assign(n, '\0');
  return RAND_bytes(reinterpret_cast<unsigned char*>(out->data()), static_cast<int>(n)) == 1;
}

}  // namespace careerbot::storage
