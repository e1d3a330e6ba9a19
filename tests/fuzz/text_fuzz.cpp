// The text normaliser and the numeral reader, which see every word a client types.
#include "knowledge/numerals.h"
#include "knowledge/text_normalizer.h"
#include "base/utf8.h"
#include "tests/fuzz/fuzz_check.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace careerbot;
  using namespace careerbot::knowledge;
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  const std::string normalized = NormalizeText(input);
  FUZZ_CHECK(IsValidUtf8(normalized));
  FUZZ_CHECK(NormalizeText(normalized) == normalized);  // idempotent
  const std::string trimmed = TrimTrailingPunctuation(normalized);
  FUZZ_CHECK(trimmed.size() <= normalized.size() && normalized.starts_with(trimmed));
  (void)CountCodePoints(input);
  if (const auto n = ParseWholeNumber(normalized)) FUZZ_CHECK(*n >= 0 && *n <= 99999999);
  static const std::vector<std::string> kUnits = {"岁", "周岁", "years old", "years", "年"};
  if (const auto n = ParseQuantity(normalized, kUnits)) FUZZ_CHECK(*n >= 0 && *n <= 99999999);
  return 0;
}
