// WXBizMsgCrypt: the message encryption that WeChat Official Accounts (safe and
// compatible mode) and WeCom callbacks share (PROTOCOLS.md section 0).
//
//   AESKey    = base64_decode(EncodingAESKey + "=")   (32 bytes), IV = AESKey[0:16]
//   plaintext = random(16) || len(msg) as 4 bytes big-endian || msg || receive_id
//   cipher    = AES-256-CBC, PKCS#7 padded to a multiple of 32 bytes
//   signature = sha1hex(concat(sort([token, timestamp, nonce, encrypt])))
//
// Immutable after Create; safe to share between threads.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"

namespace careerbot::adapters {

// sha1hex of the byte-wise sorted, concatenated parts (3 for the plain WeChat
// signature, 4 for msg_signature).
std::string WxSignature(std::vector<std::string_view> parts);

// Compares a received signature (hex, any case) with the expected lower-case hex in
// constant time.
bool WxSignatureMatches(std::string_view received, std::string_view expected);

class WxCrypt {
 public:
  // `encoding_aes_key`: 43 characters of [A-Za-z0-9]. `receive_id`: the AppID
  // (Official Account) or CorpID (WeCom). InvalidArgument when the key is malformed.
  static Status Create(std::string token, std::string_view encoding_aes_key,
                       std::string receive_id, WxCrypt* out);

  // msg_signature of an Encrypt value.
  std::string Signature(std::string_view timestamp, std::string_view nonce,
                        std::string_view encrypt) const;

  // Checks msg_signature (Unauthenticated), then decrypts (InvalidArgument for
  // malformed base64, a length that is not whole blocks, a pad value outside 1..32,
  // a message length beyond the buffer), then checks the receive_id
  // (Unauthenticated when it is another app's). *msg is the inner message.
  Status Open(std::string_view msg_signature, std::string_view timestamp, std::string_view nonce,
              std::string_view encrypt, std::string* msg) const;

  // Encrypts `msg` with the 16 bytes of `random` (InvalidArgument for another size).
  Status Encrypt(std::string_view msg, std::string_view random, std::string* encrypt) const;

  // The encrypted passive-reply envelope:
  // <xml><Encrypt>…</Encrypt><MsgSignature>…</MsgSignature><TimeStamp>…</TimeStamp><Nonce>…</Nonce></xml>
  Status Seal(std::string_view msg, std::string_view random, std::string_view timestamp,
              std::string_view nonce, std::string* xml) const;

 private:
  std::string token_;
  std::string key_;  // 32 bytes
  std::string receive_id_;
};

}  // namespace careerbot::adapters
