// The instrument loader (knowledge/instrument*): an instrument file's every check,
// then scoring whatever it accepted with answers on its own response scale.
#include <fuzzer/FuzzedDataProvider.h>

#include "knowledge/instrument.h"
#include "tests/fuzz/fuzz_check.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace careerbot;
  using namespace careerbot::knowledge;
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  Instrument instrument;
  const Status s = ParseInstrument(text, "fuzz.json", &instrument);
  if (!s.ok()) {
    FUZZ_CHECK(s.code() == Status::Code::kInvalidArgument);
    return 0;
  }
  // Answers drawn from the input's own bytes: 0 (unanswered) or a scale value.
  std::vector<int> answers(instrument.items.size(), 0);
  FuzzedDataProvider fdp(data, size);
  for (int& a : answers) a = fdp.ConsumeIntegralInRange<int>(0, 7);
  InstrumentResult result;
  (void)ScoreInstrument(instrument, answers, &result);
  return 0;
}
