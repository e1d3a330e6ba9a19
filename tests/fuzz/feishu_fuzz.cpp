// Feishu / Lark event subscription: the JSON event (v1 and v2 schema), the
// Verification Token, X-Lark-Signature, Encrypt Key decryption, the token and API
// answers. Values are the open platform documentation's (as in tests/adapters).
#include <fuzzer/FuzzedDataProvider.h>

#include "adapters/crypto.h"
#include "adapters/feishu.h"
#include "tests/fuzz/channel_fuzzing.h"

namespace careerbot::adapters::fuzzing {
namespace {

constexpr char kVerificationToken[] = "rvaYgkND1GOiu5MM0E1rncYC6PLtF7JV";
constexpr char kEncryptKey[] = "kudryavka-encrypt-key";
constexpr char kTimestamp[] = "1608725989";
constexpr char kNonce[] = "fuzz-nonce";
constexpr int64_t kNow = 1608725990000;

nlohmann::json Config(bool encrypted) {
  nlohmann::json c = {{"app_id", "cli_9f5343c580712544"},
                      {"app_secret", "app-secret"},
                      {"verification_token", kVerificationToken},
                      {"api_base", "http://127.0.0.1:9"}};
  if (encrypted) c["encrypt_key"] = kEncryptKey;
  return c;
}

const Channel& PlainChannel() {
  static const auto* channel = MakeFuzzChannel("feishu", Config(false)).release();
  return *channel;
}

const Channel& EncryptedChannel() {
  static const auto* channel = MakeFuzzChannel("feishu", Config(true)).release();
  return *channel;
}

// Feishu's scheme: base64(iv || AES-256-CBC(SHA-256(key), iv, PKCS#7(plain))).
std::string FeishuEncrypt(const std::string& plain) {
  const std::string iv = "0123456789abcdef";
  std::string padded = plain;
  const size_t pad = 16 - plain.size() % 16;
  padded.append(pad, static_cast<char>(pad));
  std::string cipher;
  FUZZ_CHECK(Aes256CbcEncryptRaw(Sha256(kEncryptKey), iv, padded, &cipher));
  return Base64Encode(iv + cipher);
}

// A POST to the encrypted account, signed as Feishu signs it.
ChannelRequest SignedPost(std::string body) {
  ChannelRequest r = MainRequest("POST", kNow, body);
  r.headers = {{"x-lark-request-timestamp", kTimestamp},
               {"x-lark-request-nonce", kNonce},
               {"x-lark-signature", Sha256Hex(std::string(kTimestamp) + kNonce + kEncryptKey + body)}};
  return r;
}

}  // namespace
}  // namespace careerbot::adapters::fuzzing

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace careerbot::adapters;
  using namespace careerbot::adapters::fuzzing;
  // Raw requests go to either account.
  auto either = [](FuzzedDataProvider& fdp) -> const Channel& {
    return fdp.ConsumeBool() ? EncryptedChannel() : PlainChannel();
  };
  return RunChannelTarget(data, size, 5, kNow, either, PlainChannel(), [](int mode, const std::string& payload) {
    switch (mode) {
      case 1:  // the payload is the event, unencrypted account
        ParseAndRender(PlainChannel(), MainRequest("POST", kNow, payload));
        break;
      case 2:  // the payload is the signed body, encrypted account
        ParseAndRender(EncryptedChannel(), SignedPost(payload));
        break;
      default: {  // 3: the payload is the event, encrypted and signed
        const std::string body = nlohmann::json({{"encrypt", FeishuEncrypt(payload)}}).dump();
        ParseAndRender(EncryptedChannel(), SignedPost(body));
        std::string plain;
        const careerbot::Status s = FeishuDecrypt(kEncryptKey, FeishuEncrypt(payload), &plain);
        FUZZ_CHECK(s.ok() && plain == payload);
      }
    }
  });
}
