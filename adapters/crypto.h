// The cryptographic primitives the channel adapters share, on OpenSSL 3 (EVP).
//
// Every function is stateless and safe to call from many threads at once. None of
// them logs; a failure says only what failed, never a key or a plaintext.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace careerbot::adapters {

// Digests as raw bytes, and as lower-case hex.
std::string Sha1(std::string_view data);
std::string Sha256(std::string_view data);
std::string HmacSha256(std::string_view key, std::string_view data);
std::string Sha1Hex(std::string_view data);
std::string Sha256Hex(std::string_view data);
std::string HexLower(std::string_view bytes);

// Standard base64 (RFC 4648 section 4) with padding.
std::string Base64Encode(std::string_view bytes);
// Strict: only the standard alphabet, a length that is a multiple of 4, at most two
// '=' and only at the end, zero bits where the last character carries more than the
// data needs. No whitespace. nullopt on any violation.
std::optional<std::string> Base64DecodeStrict(std::string_view text);

// Equality that takes the same time whatever the contents (CRYPTO_memcmp); sizes
// are compared first, so only the length leaks.
bool ConstantTimeEquals(std::string_view a, std::string_view b);

// AES-256-CBC without padding: `key` must be 32 bytes, `iv` 16 and `data` a whole
// number of 16-byte blocks. The caller adds and checks the padding (the WeChat
// scheme pads to 32 bytes, Feishu's to 16). False on a wrong size or an OpenSSL
// failure; *out is then unspecified.
bool Aes256CbcEncryptRaw(std::string_view key, std::string_view iv, std::string_view data,
                         std::string* out);
bool Aes256CbcDecryptRaw(std::string_view key, std::string_view iv, std::string_view data,
                         std::string* out);

// n bytes from the operating system's CSPRNG (RAND_bytes). False on failure.
bool RandomBytes(size_t n, std::string* out);

// Percent-encodes everything except RFC 3986 unreserved characters (for query
// values and the DingTalk sendMessage link).
std::string UrlEncode(std::string_view s);

// A plain decimal integer: digits only (no sign, space or "+"), fitting int64.
bool ParseDecimal(std::string_view s, int64_t* out);

}  // namespace careerbot::adapters
