#include "adapters/crypto.h"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/rand.h>

#include <charconv>
#include <memory>

namespace careerbot::adapters {
namespace {

const unsigned char* Bytes(std::string_view s) {
  return reinterpret_cast<const unsigned char*>(s.data());
}

std::string Digest(const EVP_MD* md, std::string_view data) {
  unsigned char out[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  if (EVP_Digest(data.data(), data.size(), out, &len, md, nullptr) != 1) return std::string();
  return std::string(reinterpret_cast<char*>(out), len);
}

int Base64Value(char c) {
  if (c >= 'A' && c <= 'Z') return c - 'A';
  if (c >= 'a' && c <= 'z') return c - 'a' + 26;
  if (c >= '0' && c <= '9') return c - '0' + 52;
  if (c == '+') return 62;
  if (c == '/') return 63;
  return -1;
}

struct CipherCtxFree {
  void operator()(EVP_CIPHER_CTX* c) const { EVP_CIPHER_CTX_free(c); }
};

bool AesCbc(bool encrypt, std::string_view key, std::string_view iv, std::string_view data,
            std::string* out) {
  if (key.size() != 32 || iv.size() != 16 || data.size() % 16 != 0) return false;
  std::unique_ptr<EVP_CIPHER_CTX, CipherCtxFree> ctx(EVP_CIPHER_CTX_new());
  if (!ctx) return false;
  if (EVP_CipherInit_ex(ctx.get(), EVP_aes_256_cbc(), nullptr, Bytes(key), Bytes(iv),
                        encrypt ? 1 : 0) != 1 ||
      EVP_CIPHER_CTX_set_padding(ctx.get(), 0) != 1) {
    return false;
  }
  out->assign(data.size() + 16, '\0');
  int len = 0;
  int final_len = 0;
  auto* dst = reinterpret_cast<unsigned char*>(out->data());
  if (EVP_CipherUpdate(ctx.get(), dst, &len, Bytes(data), static_cast<int>(data.size())) != 1 ||
      EVP_CipherFinal_ex(ctx.get(), dst + len, &final_len) != 1) {
    return false;
  }
  out->resize(static_cast<size_t>(len + final_len));
  return out->size() == data.size();
}

}  // namespace

std::string Sha1(std::string_view data) { return Digest(EVP_sha1(), data); }
std::string Sha256(std::string_view data) { return Digest(EVP_sha256(), data); }
std::string Sha1Hex(std::string_view data) { return HexLower(Sha1(data)); }
std::string Sha256Hex(std::string_view data) { return HexLower(Sha256(data)); }

std::string HmacSha256(std::string_view key, std::string_view data) {
  unsigned char out[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  // HMAC() with an empty key needs a non-null pointer.
  static const char kEmpty = 0;
  if (HMAC(EVP_sha256(), key.empty() ? &kEmpty : key.data(), static_cast<int>(key.size()),
           Bytes(data), data.size(), out, &len) == nullptr) {
    return std::string();
  }
  return std::string(reinterpret_cast<char*>(out), len);
}

std::string HexLower(std::string_view bytes) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out;
  out.reserve(bytes.size() * 2);
  for (char c : bytes) {
    const auto b = static_cast<unsigned char>(c);
    out += kDigits[b >> 4];
    out += kDigits[b & 0x0F];
  }
  return out;
}

std::string Base64Encode(std::string_view bytes) {
  std::string out(4 * ((bytes.size() + 2) / 3) + 1, '\0');  // +1: EVP_EncodeBlock writes a NUL
  const int len = EVP_EncodeBlock(reinterpret_cast<unsigned char*>(out.data()), Bytes(bytes),
                                  static_cast<int>(bytes.size()));
  out.resize(len > 0 ? static_cast<size_t>(len) : 0);
  return out;
}

// EVP_DecodeBlock alone is too lenient (it skips surrounding whitespace and returns
// the padding positions as zero bytes), so the text is checked here first.
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
  const int len = EVP_DecodeBlock(reinterpret_cast<unsigned char*>(out.data()), Bytes(in),
                                  static_cast<int>(in.size()));
  if (len < 0 || static_cast<size_t>(len) != out.size()) return std::nullopt;
  out.resize(out.size() - padding);  // DecodeBlock counts each '=' as a zero byte
  return out;
}

bool ConstantTimeEquals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  if (a.empty()) return true;
  return CRYPTO_memcmp(a.data(), b.data(), a.size()) == 0;
}

bool Aes256CbcEncryptRaw(std::string_view key, std::string_view iv, std::string_view data,
                         std::string* out) {
  return AesCbc(true, key, iv, data, out);
}

bool Aes256CbcDecryptRaw(std::string_view key, std::string_view iv, std::string_view data,
                         std::string* out) {
  return AesCbc(false, key, iv, data, out);
}

bool RandomBytes(size_t n, std::string* out) {
  out->assign(n, '\0');
  return n == 0 ||
         RAND_bytes(reinterpret_cast<unsigned char*>(out->data()), static_cast<int>(n)) == 1;
}

std::string UrlEncode(std::string_view s) {
  static constexpr char kDigits[] = "0123456789ABCDEF";
  std::string out;
  for (char c : s) {
    const auto b = static_cast<unsigned char>(c);
    if ((b >= 'A' && b <= 'Z') || (b >= 'a' && b <= 'z') || (b >= '0' && b <= '9') || b == '-' ||
        b == '_' || b == '.' || b == '~') {
      out += c;
    } else {
      out += '%';
      out += kDigits[b >> 4];
      out += kDigits[b & 0x0F];
    }
  }
  return out;
}

bool ParseDecimal(std::string_view s, int64_t* out) {
  if (s.empty() || s.size() > 19) return false;
  for (char c : s) {
    if (c < '0' || c > '9') return false;
  }
  const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), *out);
  return ec == std::errc() && end == s.data() + s.size();
}

}  // namespace careerbot::adapters
