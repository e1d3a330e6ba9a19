// The website widget's doors: the message body, the visitor token, and the
// Standard Webhooks signature headers.
#include <fuzzer/FuzzedDataProvider.h>

#include "adapters/standard_webhooks.h"
#include "adapters/widget_api.h"
#include "adapters/widget_visitor.h"
#include "base/utf8.h"
#include "tests/fuzz/fuzz_check.h"

namespace {

const careerbot::adapters::VisitorSigner& TheSigner() {
  static const careerbot::adapters::VisitorSigner* signer = [] {
    auto* s = new careerbot::adapters::VisitorSigner;
    FUZZ_CHECK(careerbot::adapters::VisitorSigner::Create("fuzzing-widget-secret-0123456789", s).ok());
    return s;
  }();
  return *signer;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace careerbot;
  using namespace careerbot::adapters;
  FuzzedDataProvider fdp(data, size);
  const uint8_t mode = fdp.ConsumeIntegralInRange<uint8_t>(0, 2);
  if (mode == 0) {  // the body of POST /widget/api/messages
    const std::string body = fdp.ConsumeRemainingBytesAsString();
    dialog::Inbound inbound;
    bool open = false;
    const Status s = ParseWidgetMessage(body, "visitor-1", 1700000000000, &inbound, &open);
    if (s.ok()) {
      FUZZ_CHECK(inbound.user == "visitor-1" && IsValidUtf8(inbound.text));
      FUZZ_CHECK(open || !inbound.text.empty() || inbound.choice);
    } else {
      FUZZ_CHECK(s.code() == Status::Code::kInvalidArgument && !open && inbound.user.empty());
    }
  } else if (mode == 1) {  // a visitor token from a header
    const std::string token = fdp.ConsumeRemainingBytesAsString();
    std::string id;
    if (TheSigner().Verify(token, &id).ok()) FUZZ_CHECK(TheSigner().TokenFor(id) == token);
  } else {  // Standard Webhooks: secret, headers and body
    StandardWebhookKey key;
    const std::string secret = fdp.ConsumeRandomLengthString(64);
    const std::string id = fdp.ConsumeRandomLengthString(64);
    const std::string timestamp = fdp.ConsumeRandomLengthString(24);
    const std::string signatures = fdp.ConsumeRandomLengthString(256);
    const std::string body = fdp.ConsumeRemainingBytesAsString();
    if (StandardWebhookKey::Parse(secret, &key).ok()) {
      (void)key.Verify(id, timestamp, signatures, body, 1700000000, 300);
      // What the key signs, it verifies (an empty id is a missing header).
      const std::string sig = key.Sign(id, 1700000000, body);
      if (!id.empty()) FUZZ_CHECK(key.Verify(id, "1700000000", sig, body, 1700000000, 300).ok());
    }
  }
  return 0;
}
