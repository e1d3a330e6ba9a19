// Telegram webhook: the secret token header, the JSON update (messages, edited
// messages, callback queries, my_chat_member), and the Bot API's answers.
#include <fuzzer/FuzzedDataProvider.h>

#include "tests/fuzz/channel_fuzzing.h"

namespace careerbot::adapters::fuzzing {
namespace {

constexpr char kSecret[] = "s3cr3t_T0ken-abc";
constexpr int64_t kNow = 1441645533000;

const Channel& TheChannel() {
  // replay_window_s 0: an update's own date is fuzzed too, and must not hide the rest.
  static const auto* channel = MakeFuzzChannel("telegram", {{"bot_token", "123456:ABC-DEF1234ghIkl-zyx57W2v1u123ew11"},
                                                            {"secret_token", kSecret},
                                                            {"api_base", "http://127.0.0.1:9"},
                                                            {"replay_window_s", 0}})
                                   .release();
  return *channel;
}

}  // namespace
}  // namespace careerbot::adapters::fuzzing

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace careerbot::adapters;
  using namespace careerbot::adapters::fuzzing;
  // Mode 1: the payload is the update, with the right secret.
  return RunChannelTarget(data, size, 3, kNow, TheChannel(), [](int, const std::string& payload) {
    ChannelRequest r = MainRequest("POST", kNow, payload);
    r.headers = {{"x-telegram-bot-api-secret-token", kSecret}};
    ParseAndRender(TheChannel(), r);
  });
}
