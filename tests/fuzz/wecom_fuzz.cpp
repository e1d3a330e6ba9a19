// WeCom callback: the query, the outer XML, the decryption, the inner XML and its
// mapping, URL verification (an encrypted echostr), the token and API answers.
// Keys and ids are the documentation's example (as in tests/adapters).
#include <fuzzer/FuzzedDataProvider.h>

#include "tests/fuzz/channel_fuzzing.h"

namespace careerbot::adapters::fuzzing {
namespace {

constexpr char kToken[] = "QDG6eK";
constexpr char kAesKey[] = "jWmYm7qr5nMoAUwZRjGtBxmz3KA1tkAj3ykkR6q2B2C";
constexpr char kCorpId[] = "wx5823bf96d3bd56c7";
constexpr char kTimestamp[] = "1409659813";
constexpr char kNonce[] = "1372623149";
constexpr int64_t kNow = 1409659813000;

const Channel& TheChannel() {
  static const auto* channel = MakeFuzzChannel("wecom", {{"corp_id", kCorpId},
                                                         {"agent_id", 218},
                                                         {"token", kToken},
                                                         {"encoding_aes_key", kAesKey},
                                                         {"secret", "app-secret"},
                                                         {"api_base", "http://127.0.0.1:9"},
                                                         {"menu_commands", {{"help", "帮助"}}}})
                                   .release();
  return *channel;
}

const WxCrypt& TheCrypt() {
  static const WxCrypt* crypt = MakeFuzzCrypt(kToken, kAesKey, kCorpId).release();
  return *crypt;
}

// A request whose msg_signature covers `encrypt`.
ChannelRequest Signed(std::string method, const std::string& encrypt, std::string body) {
  ChannelRequest r = MainRequest(std::move(method), kNow, std::move(body));
  r.query = {{"msg_signature", TheCrypt().Signature(kTimestamp, kNonce, encrypt)},
             {"timestamp", kTimestamp},
             {"nonce", kNonce}};
  return r;
}

}  // namespace
}  // namespace careerbot::adapters::fuzzing

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace careerbot::adapters;
  using namespace careerbot::adapters::fuzzing;
  return RunChannelTarget(data, size, 5, kNow, TheChannel(), [](int mode, const std::string& payload) {
    switch (mode) {
      case 1: {  // the payload is the encrypted inner message
        const std::string encrypt = WxEncrypted(TheCrypt(), payload);
        ParseAndRender(TheChannel(),
                       Signed("POST", encrypt,
                              WxEnvelope(std::string("<ToUserName><![CDATA[") + kCorpId + "]]></ToUserName>", encrypt,
                                         "<AgentID><![CDATA[218]]></AgentID>")));
        break;
      }
      case 2:  // the payload is the signed Encrypt value itself (base64, padding, lengths)
        ParseAndRender(TheChannel(), Signed("POST", payload, WxEnvelope("", payload, "")));
        break;
      default: {  // 3: URL verification: the payload is the encrypted echostr
        const std::string echostr = WxEncrypted(TheCrypt(), payload);
        ChannelRequest r = Signed("GET", echostr, "");
        r.query["echostr"] = echostr;
        ParseAndRender(TheChannel(), r);
      }
    }
  });
}
