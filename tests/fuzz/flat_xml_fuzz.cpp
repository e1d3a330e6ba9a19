// The flat XML reader of WeChat and WeCom, and the CDATA writer: whatever text the
// writer is given, its output parses back to the same text (as sanitised).
#include "adapters/flat_xml.h"
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
  if (IsValidUtf8(input) && input.find_first_of(std::string_view("\0\x01\x02\x03\x04\x05\x06\x07\x08\x0b\x0c\x0e\x0f"
                                                                  "\x10\x11\x12\x13\x14\x15\x16\x17\x18\x19\x1a"
                                                                  "\x1b\x1c\x1d\x1e\x1f",
                                                                  31)) == std::string_view::npos &&
      input.find("\xef\xbf\xbe") == std::string_view::npos && input.find("\xef\xbf\xbf") == std::string_view::npos) {
    FUZZ_CHECK(back.Get("Content") == input);
  }
  return 0;
}
