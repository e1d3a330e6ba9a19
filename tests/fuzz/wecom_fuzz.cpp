// WeCom callback: the query, the outer XML, the decryption, the inner XML and its
// mapping, URL verification (an encrypted echostr), the token and API answers.
// Keys and ids are the documentation's example (as in tests/adapters).
#include <fuzzer/FuzzedDataProvider.h>

#include "adapters/flat_xml.h"
#include "adapters/wx_crypt.h"
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
  static const WxCrypt* crypt = [] {
    auto* c = new WxCrypt;
    FUZZ_CHECK(WxCrypt::Create(kToken, kAesKey, kCorpId, c).ok());
    return c;
  }();
  return *crypt;
}

// A request whose msg_signature covers `encrypt`.
ChannelRequest Signed(std::string method, const std::string& encrypt) {
  ChannelRequest r;
  r.method = std::move(method);
  r.account = "main";
  r.query = {{"msg_signature", TheCrypt().Signature(kTimestamp, kNonce, encrypt)},
             {"timestamp", kTimestamp},
             {"nonce", kNonce}};
  r.now_ms = kNow;
  return r;
}

std::string Encrypted(const std::string& plain) {
  std::string encrypt;
  FUZZ_CHECK(TheCrypt().Encrypt(plain, "0123456789abcdef", &encrypt).ok());
  return encrypt;
}

}  // namespace
}  // namespace careerbot::adapters::fuzzing

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace careerbot::adapters;
  using namespace careerbot::adapters::fuzzing;
  if (size == 0) return 0;
  const uint8_t mode = data[0] % 5;
  const std::string payload(reinterpret_cast<const char*>(data + 1), size - 1);
  switch (mode) {
    case 0: {  // anything: unsigned, wrongly signed, any method
      FuzzedDataProvider fdp(data + 1, size - 1);
      ParseAndRender(TheChannel(), RawRequest(fdp, kNow));
      break;
    }
    case 1: {  // the payload is the encrypted inner message
      const std::string encrypt = Encrypted(payload);
      ChannelRequest r = Signed("POST", encrypt);
      r.body = std::string("<xml><ToUserName><![CDATA[") + kCorpId + "]]></ToUserName>";
      AppendCdataElement("Encrypt", encrypt, &r.body);
      r.body += "<AgentID><![CDATA[218]]></AgentID></xml>";
      ParseAndRender(TheChannel(), r);
      break;
    }
    case 2: {  // the payload is the signed Encrypt value itself (base64, padding, lengths)
      ChannelRequest r = Signed("POST", payload);
      r.body = "<xml>";
      AppendCdataElement("Encrypt", payload, &r.body);
      r.body += "</xml>";
      ParseAndRender(TheChannel(), r);
      break;
    }
    case 3: {  // URL verification: the payload is the encrypted echostr
      const std::string echostr = Encrypted(payload);
      ChannelRequest r = Signed("GET", echostr);
      r.query["echostr"] = echostr;
      ParseAndRender(TheChannel(), r);
      break;
    }
    default: {
      FuzzedDataProvider fdp(data + 1, size - 1);
      ReadApiAnswer(TheChannel(), fdp);
    }
  }
  return 0;
}
