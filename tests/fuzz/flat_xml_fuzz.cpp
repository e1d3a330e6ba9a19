// The flat XML reader of WeChat and WeCom, and the CDATA writer: whatever text the
// writer is given, its output parses back to the same text (as sanitised).
#include "adapters/flat_xml.h"

#include <algorithm>

#include "base/utf8.h"
#include "tests/fuzz/fuzz_check.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace careerbot;
  using namespace careerbot::adapters;
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  FlatXml doc;
  std::string err;
  if (ParseFlatXml(input, &doc, &err)) {
    FUZZ_CHECK(doc.fields.size() <= kMaxXmlElements);
    for (const auto& [path, text] : doc.fields) FUZZ_CHECK(IsValidUtf8(text));
  } else {
    FUZZ_CHECK(!err.empty());
  }
  std::string xml = "<xml>";
  AppendCdataElement("Content", input, &xml);
  xml += "</xml>";
  FlatXml back;
  FUZZ_CHECK(ParseFlatXml(xml, &back, &err));
  FUZZ_CHECK(IsValidUtf8(back.Get("Content")));
  // Text XML 1.0 allows comes back unchanged: UTF-8 without C0 controls other than
  // tab, line feed and carriage return, and without U+FFFE and U+FFFF.
  const bool allowed_controls_only = std::all_of(input.begin(), input.end(), [](char c) {
    return static_cast<unsigned char>(c) >= 0x20 || c == '\t' || c == '\n' || c == '\r';
  });
  if (IsValidUtf8(input) && allowed_controls_only && input.find("\xef\xbf\xbe") == std::string_view::npos &&
      input.find("\xef\xbf\xbf") == std::string_view::npos) {
    FUZZ_CHECK(back.Get("Content") == input);
  }
  return 0;
}
