// DingTalk robot callback: the sign header, the timestamp, the JSON message
// (one-to-one and group, text, audio, pictures), the token and API answers.
// Values are the documentation's example (as in tests/adapters).
#include <fuzzer/FuzzedDataProvider.h>

#include "adapters/dingtalk.h"
#include "tests/fuzz/channel_fuzzing.h"

namespace careerbot::adapters::fuzzing {
namespace {

constexpr char kSecret[] = "dingd8e1123006514592-app-secret";
constexpr char kTimestamp[] = "1613630252678";
constexpr int64_t kNow = 1613630253000;

const Channel& TheChannel() {
  static const auto* channel = MakeFuzzChannel("dingtalk", {{"app_key", "dingd8e1123006514592"},
                                                            {"app_secret", kSecret},
                                                            {"api_base", "http://127.0.0.1:9"}})
                                   .release();
  return *channel;
}

}  // namespace
}  // namespace careerbot::adapters::fuzzing

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace careerbot::adapters;
  using namespace careerbot::adapters::fuzzing;
  // Mode 1: the payload is the signed body.
  return RunChannelTarget(data, size, 3, kNow, TheChannel(), [](int, const std::string& payload) {
    ChannelRequest r = MainRequest("POST", kNow, payload);
    r.headers = {{"timestamp", kTimestamp}, {"sign", DingTalkSign(kTimestamp, kSecret)}};
    ParseAndRender(TheChannel(), r);
  });
}
