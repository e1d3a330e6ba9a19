#include "adapters/wx_crypt.h"

#include <openssl/evp.h>

#include <algorithm>
#include <cstdint>

#include "adapters/config_reader.h"
#include "adapters/crypto.h"
#include "adapters/flat_xml.h"

namespace careerbot::adapters {
namespace {

constexpr size_t kBlock = 32;  // the scheme's PKCS#7 block, not AES's 16
constexpr size_t kRandomBytes = 16;

}  // namespace

std::string WxSignature(std::vector<std::string_view> parts) {
  std::sort(parts.begin(), parts.end());
  std::string joined;
  for (std::string_view p : parts) joined += p;
  return Sha1Hex(joined);
}

bool WxSignatureMatches(std::string_view received, std::string_view expected) {
  std::string lower(received);
  for (char& c : lower) {
    if (c >= 'A' && c <= 'F') c = static_cast<char>(c - 'A' + 'a');
  }
  return ConstantTimeEquals(lower, expected);
}

Status WxCrypt::Create(std::string token, std::string_view encoding_aes_key,
                       std::string receive_id, WxCrypt* out) {
  if (!CheckEncodingAesKey(std::string(encoding_aes_key)).empty()) {
    return Status::InvalidArgument("EncodingAESKey must be 43 characters of [A-Za-z0-9]");
  }
  // Not Base64DecodeStrict: the 43rd character carries 2 bits beyond the 32 bytes,
  // and the platforms' keys do not keep them zero (the official sample key ends in
  // 'G'). Every decoder the platforms' SDKs use ignores those bits; so does this.
  const std::string padded = std::string(encoding_aes_key) + "=";
  unsigned char key[33];
  if (EVP_DecodeBlock(key, reinterpret_cast<const unsigned char*>(padded.data()), 44) != 33) {
    return Status::InvalidArgument("EncodingAESKey is not base64");
  }
  out->token_ = std::move(token);
  out->key_.assign(reinterpret_cast<char*>(key), 32);
  out->receive_id_ = std::move(receive_id);
  return Status::Ok();
}

std::string WxCrypt::Signature(std::string_view timestamp, std::string_view nonce,
                               std::string_view encrypt) const {
  return WxSignature({token_, timestamp, nonce, encrypt});
}

Status WxCrypt::Open(std::string_view msg_signature, std::string_view timestamp,
                     std::string_view nonce, std::string_view encrypt, std::string* msg) const {
  if (msg_signature.empty()) return Status::Unauthenticated("msg_signature is missing");
  if (!WxSignatureMatches(msg_signature, Signature(timestamp, nonce, encrypt))) {
    return Status::Unauthenticated("msg_signature does not match");
  }
  const std::optional<std::string> cipher = Base64DecodeStrict(encrypt);
  if (!cipher) return Status::InvalidArgument("Encrypt is not base64");
  if (cipher->empty() || cipher->size() % kBlock != 0) {
    return Status::InvalidArgument("Encrypt is not a whole number of 32-byte blocks");
  }
  std::string plain;
  if (!Aes256CbcDecryptRaw(key_, std::string_view(key_).substr(0, 16), *cipher, &plain)) {
    return Status::InvalidArgument("Encrypt cannot be decrypted");
  }
  const size_t pad = static_cast<unsigned char>(plain.back());
  if (pad < 1 || pad > kBlock || pad > plain.size()) {
    return Status::InvalidArgument("Encrypt has an invalid padding");
  }
  for (size_t i = plain.size() - pad; i < plain.size(); ++i) {
    if (static_cast<unsigned char>(plain[i]) != pad) {
      return Status::InvalidArgument("Encrypt has an invalid padding");
    }
  }
  plain.resize(plain.size() - pad);
  if (plain.size() < kRandomBytes + 4) return Status::InvalidArgument("Encrypt is too short");
  const auto b = [&plain](size_t i) { return static_cast<uint32_t>(static_cast<unsigned char>(plain[i])); };
  const uint32_t len = b(16) << 24 | b(17) << 16 | b(18) << 8 | b(19);
  const size_t body = plain.size() - kRandomBytes - 4;
  if (len > body) return Status::InvalidArgument("Encrypt has a message length beyond its data");
  const std::string_view receive_id = std::string_view(plain).substr(kRandomBytes + 4 + len);
  if (!ConstantTimeEquals(receive_id, receive_id_)) {
    return Status::Unauthenticated("Encrypt is addressed to another app (receive id mismatch)");
  }
  *msg = plain.substr(kRandomBytes + 4, len);
  return Status::Ok();
}

Status WxCrypt::Encrypt(std::string_view msg, std::string_view random, std::string* encrypt) const {
  if (random.size() != kRandomBytes) return Status::InvalidArgument("random must be 16 bytes");
  if (msg.size() > UINT32_MAX - 64) return Status::InvalidArgument("message too long");
  const auto len = static_cast<uint32_t>(msg.size());
  std::string plain(random);
  plain += static_cast<char>(len >> 24);
  plain += static_cast<char>((len >> 16) & 0xFF);
  plain += static_cast<char>((len >> 8) & 0xFF);
  plain += static_cast<char>(len & 0xFF);
  plain += msg;
  plain += receive_id_;
  const size_t pad = kBlock - plain.size() % kBlock;  // 1..32
  plain.append(pad, static_cast<char>(pad));
  std::string cipher;
  if (!Aes256CbcEncryptRaw(key_, std::string_view(key_).substr(0, 16), plain, &cipher)) {
    return Status::Internal("AES encryption failed");
  }
  *encrypt = Base64Encode(cipher);
  return Status::Ok();
}

Status WxCrypt::Seal(std::string_view msg, std::string_view random, std::string_view timestamp,
                     std::string_view nonce, std::string* xml) const {
  std::string encrypt;
  if (Status s = Encrypt(msg, random, &encrypt); !s.ok()) return s;
  std::string out = "<xml>";
  AppendCdataElement("Encrypt", encrypt, &out);
  AppendCdataElement("MsgSignature", Signature(timestamp, nonce, encrypt), &out);
  out += "<TimeStamp>";
  out += timestamp;
  out += "</TimeStamp>";
  AppendCdataElement("Nonce", nonce, &out);
  out += "</xml>";
  *xml = std::move(out);
  return Status::Ok();
}

}  // namespace careerbot::adapters
