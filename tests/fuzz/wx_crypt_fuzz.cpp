// The decryption every encrypted platform request goes through: WXBizMsgCrypt
// (WeChat safe mode, WeCom), Feishu's Encrypt Key, strict base64, and the
// round trips the adapters rely on.
#include <fuzzer/FuzzedDataProvider.h>

#include "adapters/crypto.h"
#include "adapters/feishu.h"
#include "adapters/wx_crypt.h"
#include "tests/fuzz/fuzz_check.h"

namespace {

constexpr char kToken[] = "spamtest";
constexpr char kAesKey[] = "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG";
constexpr char kAppId[] = "wx2c2769f8efd9abc2";

const careerbot::adapters::WxCrypt& TheCrypt() {
  static const careerbot::adapters::WxCrypt* crypt = [] {
    auto* c = new careerbot::adapters::WxCrypt;
    FUZZ_CHECK(careerbot::adapters::WxCrypt::Create(kToken, kAesKey, kAppId, c).ok());
    return c;
  }();
  return *crypt;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace careerbot;
  using namespace careerbot::adapters;
  FuzzedDataProvider fdp(data, size);
  const bool as_base64 = fdp.ConsumeBool();
  const std::string key = fdp.ConsumeRandomLengthString(64);
  const std::string bytes = fdp.ConsumeRemainingBytesAsString();
  // Raw bytes in base64 reach the decryption and the padding checks; raw text
  // reaches the base64 reader.
  const std::string encrypt = as_base64 ? Base64Encode(bytes) : bytes;

  std::string msg;
  const Status opened = TheCrypt().Open(TheCrypt().Signature("1409735669", "1320562132", encrypt), "1409735669",
                                        "1320562132", encrypt, &msg);
  FUZZ_CHECK(opened.ok() || opened.code() == Status::Code::kInvalidArgument ||
             opened.code() == Status::Code::kUnauthenticated);
  std::string sealed;
  FUZZ_CHECK(TheCrypt().Encrypt(bytes, "0123456789abcdef", &sealed).ok());
  FUZZ_CHECK(TheCrypt().Open(TheCrypt().Signature("1", "2", sealed), "1", "2", sealed, &msg).ok() && msg == bytes);

  std::string plain;
  const Status decrypted = FeishuDecrypt(key, encrypt, &plain);
  FUZZ_CHECK(decrypted.ok() || decrypted.code() == Status::Code::kInvalidArgument);

  if (const auto decoded = Base64DecodeStrict(bytes)) FUZZ_CHECK(Base64Encode(*decoded) == bytes);
  FUZZ_CHECK(Base64DecodeStrict(Base64Encode(bytes)) == bytes);
  int64_t number = 0;
  if (ParseDecimal(bytes, &number)) FUZZ_CHECK(number >= 0 && std::to_string(number).size() <= bytes.size());

  WxCrypt other;
  (void)WxCrypt::Create(kToken, key, kAppId, &other);
  return 0;
}
