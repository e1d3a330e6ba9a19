// Private to storage/: the authenticated encryption of one stored value (a
// personal field, docs/data-model.md) with AES-256-GCM on OpenSSL 3 (EVP).
//
// A sealed value is text, so it fits the TEXT columns it replaces:
//
//   enc1:<key id>:<base64(nonce 12 bytes | ciphertext | tag 16 bytes)>
//
// with a fresh random 96-bit nonce per value. The associated data names the
// field ("messages.text"), so a value moved into another column does not open.
// The key id says which key of the keyring (keyring.h) sealed it, so values under
// an old key stay readable while `careerbot rotate-key` re-encrypts them.
//
// Thread-safety: every function may be called from any thread at once (each
// thread reuses its own cipher context). None of them logs; an error says what
// failed, never a key or a plaintext.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

#include "base/status.h"

namespace careerbot::storage {

inline constexpr size_t kDataKeyBytes = 32;
inline constexpr size_t kGcmNonceBytes = 12;
inline constexpr size_t kGcmTagBytes = 16;
inline constexpr std::string_view kSealedPrefix = "enc1:";

// A key id: 1 to 32 of [A-Za-z0-9_-].
bool IsValidKeyId(std::string_view id);

// Whether the value has the sealed form's prefix (it may still be malformed).
inline bool IsSealedValue(std::string_view value) { return value.substr(0, 5) == kSealedPrefix; }

// The key id of a sealed value; nullopt when the value is not of the sealed form.
std::optional<std::string_view> SealedKeyId(std::string_view sealed);

// Seals plaintext under the 32-byte key named key_id. Internal when OpenSSL
// fails (no randomness); InvalidArgument for a key of another size or a bad id.
Status SealField(std::string_view key_id, std::string_view key, std::string_view associated_data,
                 std::string_view plaintext, std::string* sealed);

// Opens a value SealField made with the same key and associated data.
// Internal when it does not open (another key, another field, a changed byte)
// or is not of the sealed form; *plaintext is then unspecified.
Status OpenField(std::string_view key, std::string_view associated_data, std::string_view sealed,
                 std::string* plaintext);

// The primitive, exposed for the test vectors: AES-256-GCM with a 12-byte nonce;
// *out is ciphertext followed by the 16-byte tag. False on a wrong size or an
// OpenSSL failure.
bool Aes256GcmSeal(std::string_view key, std::string_view nonce, std::string_view associated_data,
                   std::string_view plaintext, std::string* out);
// False when the tag does not match (*out is then cleared).
bool Aes256GcmOpen(std::string_view key, std::string_view nonce, std::string_view associated_data,
                   std::string_view ciphertext_and_tag, std::string* out);

// Standard base64 with padding; decoding is strict (no whitespace, canonical
// padding) and answers nullopt on anything else.
std::string EncodeBase64(std::string_view bytes);
std::optional<std::string> DecodeBase64(std::string_view text);

// n bytes from OpenSSL's CSPRNG; false on failure.
bool SecureRandomBytes(size_t n, std::string* out);

}  // namespace careerbot::storage
