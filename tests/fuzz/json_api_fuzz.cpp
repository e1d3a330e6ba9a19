// The generic JSON channel (POST /api/v1/messages): the request body, and the
// stored answer read back for a redelivered message id.
#include "adapters/json_api.h"
#include "base/utf8.h"
#include "tests/fuzz/fuzz_check.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace careerbot;
  const std::string_view body(reinterpret_cast<const char*>(data), size);
  dialog::Inbound inbound;
  const Status s = adapters::ParseApiMessage(body, 1700000000000, &inbound);
  if (s.ok()) {
    // The contract the conversation service relies on.
    FUZZ_CHECK(!inbound.user.empty() && IsValidUtf8(inbound.user));
    FUZZ_CHECK(inbound.user.find('\0') == std::string::npos);
    FUZZ_CHECK(IsValidUtf8(inbound.text) && IsValidUtf8(inbound.message_id));
    FUZZ_CHECK(!inbound.text.empty() || inbound.choice);
    FUZZ_CHECK(!inbound.lang || *inbound.lang == "zh" || *inbound.lang == "en");
    // Every byte was read: nlohmann/json stops at a NUL byte, which must not hide a tail.
    FUZZ_CHECK(body.find('\0') == std::string_view::npos);
  } else {
    FUZZ_CHECK(s.code() == Status::Code::kInvalidArgument && inbound.user.empty());
  }
  // What the store keeps is rendered by RenderApiAnswer; whatever parses renders
  // again to the same answer.
  dialog::TurnAnswer answer;
  if (adapters::ParseApiAnswer(body, &answer).ok()) {
    const std::string rendered = adapters::RenderApiAnswer(answer);
    dialog::TurnAnswer again;
    FUZZ_CHECK(adapters::ParseApiAnswer(rendered, &again).ok());
    FUZZ_CHECK(adapters::RenderApiAnswer(again) == rendered);
  }
  return 0;
}
