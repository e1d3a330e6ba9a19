#include "storage/field_cipher.h"

#include <openssl/evp.h>
#include <openssl/rand.h>

#include <cstdint>
#include <memory>

namespace careerbot::storage {
namespace {

struct CtxFree {
  void operator()(EVP_CIPHER_CTX* c) const { EVP_CIPHER_CTX_free(c); }
};

// One context per thread and direction, kept keyed: a value is almost always
// sealed (or opened) with the key of the one before, and then only the nonce is
// set, which spares the AES key expansion and the GHASH tables of each value.
struct KeyedContext {
  std::unique_ptr<EVP_CIPHER_CTX, CtxFree> ctx{EVP_CIPHER_CTX_new()};
  std::string key;  // the key ctx holds; empty before the first use
};

KeyedContext& ThreadContext(bool encrypt) {
  thread_local KeyedContext sealing, opening;
  return encrypt ? sealing : opening;
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

// Readies the thread's context for one value: the key (again only when it
// changed) and the nonce. False on an OpenSSL failure.
EVP_CIPHER_CTX* Ready(bool encrypt, std::string_view key, std::string_view nonce) {
  KeyedContext& c = ThreadContext(encrypt);
  if (c.ctx == nullptr || Cipher() == nullptr) return nullptr;
  const auto init = encrypt ? EVP_EncryptInit_ex2 : EVP_DecryptInit_ex2;
  if (c.key != key) {
    c.key.clear();
    if (init(c.ctx.get(), Cipher(), Bytes(key), nullptr, nullptr) != 1) return nullptr;
    c.key.assign(key);
  }
  if (init(c.ctx.get(), nullptr, nullptr, Bytes(nonce), nullptr) != 1) {
    c.key.clear();
    return nullptr;
  }
  return c.ctx.get();
}

// The base64 alphabet's value of each byte, -1 for bytes outside it.
struct Base64Table {
  int8_t value[256];
  constexpr Base64Table() : value() {
    for (int c = 0; c < 256; ++c) value[c] = -1;
    for (int c = 'A'; c <= 'Z'; ++c) value[c] = static_cast<int8_t>(c - 'A');
    for (int c = 'a'; c <= 'z'; ++c) value[c] = static_cast<int8_t>(c - 'a' + 26);
    for (int c = '0'; c <= '9'; ++c) value[c] = static_cast<int8_t>(c - '0' + 52);
    value[static_cast<int>('+')] = 62;
    value[static_cast<int>('/')] = 63;
  }
};
constexpr Base64Table kBase64;

int Base64Value(char c) { return kBase64.value[static_cast<unsigned char>(c)]; }

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
  if (key.size() != kDataKeyBytes || nonce.size() != kGcmNonceBytes) return false;
  EVP_CIPHER_CTX* ctx = Ready(true, key, nonce);
  if (ctx == nullptr) return false;
  out->assign(plaintext.size() + kGcmTagBytes, '\0');
  auto* dst = reinterpret_cast<unsigned char*>(out->data());
  int len = 0, final_len = 0;
  const bool ok =
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
      ciphertext_and_tag.size() < kGcmTagBytes) {
    return false;
  }
  EVP_CIPHER_CTX* ctx = Ready(false, key, nonce);
  if (ctx == nullptr) return false;
  const size_t n = ciphertext_and_tag.size() - kGcmTagBytes;
  std::string plain(n, '\0');
  auto* dst = reinterpret_cast<unsigned char*>(plain.data());
  // The tag is compared by OpenSSL in EVP_DecryptFinal_ex, in constant time.
  std::string tag(ciphertext_and_tag.substr(n));
  int len = 0, final_len = 0;
  const bool ok =
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
  const size_t padding = text.empty() ? 0 : (text.back() == '=') + (text[text.size() - 2] == '=');
  std::string out(text.size() / 4 * 3 - padding, '\0');
  size_t o = 0;
  for (size_t i = 0; i < text.size(); i += 4) {
    const bool last = i + 4 == text.size();
    // '=' is only allowed as the padding of the last group; it has no value.
    const int a = Base64Value(text[i]), b = Base64Value(text[i + 1]);
    const int c = last && padding == 2 ? 0 : Base64Value(text[i + 2]);
    const int d = last && padding >= 1 ? 0 : Base64Value(text[i + 3]);
    if ((a | b | c | d) < 0) return std::nullopt;
    const uint32_t group = uint32_t(a) << 18 | uint32_t(b) << 12 | uint32_t(c) << 6 | uint32_t(d);
    if (!last || padding == 0) {
      out[o++] = static_cast<char>(group >> 16);
      out[o++] = static_cast<char>(group >> 8);
      out[o++] = static_cast<char>(group);
    } else {
      // Canonical only: the bits the last character carries beyond the data are zero.
      if ((padding == 2 && (group & 0xFFFF) != 0) || (padding == 1 && (group & 0xFF) != 0)) return std::nullopt;
      out[o++] = static_cast<char>(group >> 16);
      if (padding == 1) out[o++] = static_cast<char>(group >> 8);
    }
  }
  return out;
}

bool SecureRandomBytes(size_t n, std::string* out) {
  out->assign(n, '\0');
  return RAND_bytes(reinterpret_cast<unsigned char*>(out->data()), static_cast<int>(n)) == 1;
}

}  // namespace careerbot::storage
