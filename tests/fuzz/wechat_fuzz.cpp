// WeChat Official Account webhook: the query, the outer XML, the decryption of
// safe mode, the inner XML and its mapping to messages, the token and API answers.
// Keys and ids are the official WXBizMsgCrypt sample's (as in tests/adapters).
#include <fuzzer/FuzzedDataProvider.h>

#include "tests/fuzz/channel_fuzzing.h"

namespace careerbot::adapters::fuzzing {
namespace {

constexpr char kToken[] = "spamtest";
constexpr char kAesKey[] = "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG";
constexpr char kAppId[] = "wx2c2769f8efd9abc2";
constexpr char kTimestamp[] = "1409735669";
constexpr char kNonce[] = "1320562132";
constexpr int64_t kNow = 1409735670000;

const Channel& TheChannel() {
  static const auto* channel = MakeFuzzChannel("wechat", {{"token", kToken},
                                                          {"encoding_aes_key", kAesKey},
                                                          {"app_id", kAppId},
                                                          {"app_secret", "secret-of-the-app"},
                                                          {"api_base", "http://127.0.0.1:9"},
                                                          {"menu_commands", {{"MENU_HELP", "帮助"}}}})
                                   .release();
  return *channel;
}

const WxCrypt& TheCrypt() {
  static const WxCrypt* crypt = MakeFuzzCrypt(kToken, kAesKey, kAppId).release();
  return *crypt;
}

ChannelRequest Signed(std::string method, std::string body) {
  ChannelRequest r = MainRequest(std::move(method), kNow, std::move(body));
  r.query = {{"signature", WxSignature({kToken, kTimestamp, kNonce})},
             {"timestamp", kTimestamp},
             {"nonce", kNonce},
             {"openid", "oyORnuP8q7ou2gfYjqLzSIWZf0rs"}};
  return r;
}

}  // namespace
}  // namespace careerbot::adapters::fuzzing

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace careerbot::adapters;
  using namespace careerbot::adapters::fuzzing;
  return RunChannelTarget(data, size, 5, kNow, TheChannel(), [](int mode, const std::string& payload) {
    switch (mode) {
      case 1:  // plaintext mode: the payload is the signed body
        ParseAndRender(TheChannel(), Signed("POST", payload));
        break;
      case 2: {  // safe mode: the payload is the encrypted inner message
        const std::string encrypt = WxEncrypted(TheCrypt(), payload);
        ChannelRequest r = Signed("POST", WxEnvelope("<ToUserName><![CDATA[gh_10f6c3c3ac5a]]></ToUserName>", encrypt, ""));
        r.query["encrypt_type"] = "aes";
        r.query["msg_signature"] = TheCrypt().Signature(kTimestamp, kNonce, encrypt);
        ParseAndRender(TheChannel(), r);
        break;
      }
      default: {  // 3: URL verification with a fuzzed echostr
        ChannelRequest r = Signed("GET", "");
        r.query["echostr"] = payload;
        ParseAndRender(TheChannel(), r);
      }
    }
  });
}
