// The configuration loader (bot/config): every key, type and range check, and the
// channel accounts' own readers behind channels.<platform>.<key>.
#include "bot/config.h"
#include "tests/fuzz/fuzz_check.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace careerbot;
  const std::string text(reinterpret_cast<const char*>(data), size);
  bot::Config config;
  const Status s = bot::ParseConfigJson(text, "fuzz.json", &config);
  if (s.ok()) {
    (void)bot::ValidateConfig(config);
  } else {
    FUZZ_CHECK(s.message().starts_with("fuzz.json"));
  }
  return 0;
}
