#include "adapters/text_split.h"

#include <doctest/doctest.h>

#include "base/utf8.h"

namespace careerbot::adapters {
namespace {

std::string Join(const std::vector<std::string>& pieces) {
  std::string out;
  for (const auto& p : pieces) out += (out.empty() ? "" : "|") + p;
  return out;
}

// Every piece valid UTF-8 and within the limit.
void CheckPieces(const std::vector<std::string>& pieces, size_t limit, LengthUnit unit) {
  for (const auto& p : pieces) {
    CHECK(IsValidUtf8(p));
    CHECK(TextLength(p, unit) <= limit);
    CHECK(!p.empty());
  }
}

TEST_CASE("SplitText: lengths by unit") {
  CHECK(TextLength("a你😀", LengthUnit::kBytes) == 1 + 3 + 4);
  CHECK(TextLength("a你😀", LengthUnit::kUtf16Units) == 1 + 1 + 2);
  CHECK(TextLength("a你😀", LengthUnit::kCodePoints) == 3);
}

TEST_CASE("SplitText: at sentence ends, closing quotes kept") {
  CHECK(Join(SplitText("短句。", 100, LengthUnit::kCodePoints)) == "短句。");
  CHECK(SplitText("", 10, LengthUnit::kBytes).empty());
  CHECK(Join(SplitText("第一句。第二句！第三句？", 9, LengthUnit::kCodePoints)) == "第一句。第二句！|第三句？");
  CHECK(Join(SplitText("他说：“好。”然后走了。", 8, LengthUnit::kCodePoints)) == "他说：“好。”|然后走了。");
  CHECK(Join(SplitText("One. Two! Three? Four.", 12, LengthUnit::kBytes)) == "One. Two!|Three? Four.");
  // A '.' without a space after it does not end a sentence: "3.5" stays whole.
  CHECK(Join(SplitText("Pi is 3.14159 roughly", 10, LengthUnit::kBytes)) == "Pi is|3.14159|roughly");
  CHECK(Join(SplitText("line one\nline two\nline three", 18, LengthUnit::kBytes)) ==
        "line one\nline two|line three");
}

TEST_CASE("SplitText: no boundary: at a space, else between characters") {
  CHECK(Join(SplitText("aaaa bbbb cccc", 9, LengthUnit::kBytes)) == "aaaa bbbb|cccc");
  CHECK(Join(SplitText("abcdefghij", 4, LengthUnit::kBytes)) == "abcd|efgh|ij");
  // 3-byte characters under a 7-byte limit: two per piece, never a broken sequence.
  const auto pieces = SplitText("你好世界再见", 7, LengthUnit::kBytes);
  CHECK(Join(pieces) == "你好|世界|再见");
  CheckPieces(pieces, 7, LengthUnit::kBytes);
}

TEST_CASE("SplitText: emoji pass intact") {
  // 4-byte emoji, a 6-byte limit: one per piece.
  auto pieces = SplitText("😀😁😂", 6, LengthUnit::kBytes);
  CHECK(Join(pieces) == "😀|😁|😂");
  // UTF-16: an emoji is 2 units, a surrogate pair is never split.
  pieces = SplitText("a😀b😀", 3, LengthUnit::kUtf16Units);
  CHECK(Join(pieces) == "a😀|b😀");
  CheckPieces(pieces, 3, LengthUnit::kUtf16Units);
  // A ZWJ sequence (👩‍💻 = U+1F469 U+200D U+1F4BB, 11 bytes) is not cut before or
  // after its ZWJ when an earlier cut exists.
  pieces = SplitText("ab👩‍💻cd", 12, LengthUnit::kBytes);
  CHECK(Join(pieces) == "ab|👩‍💻c|d");
  // A skin-tone modifier stays with its base (👍🏽 = 8 bytes).
  pieces = SplitText("xx👍🏽", 8, LengthUnit::kBytes);
  CHECK(Join(pieces) == "xx|👍🏽");
  // A flag (two regional indicators, 8 bytes) is not halved.
  pieces = SplitText("a🇨🇳b", 8, LengthUnit::kBytes);
  CHECK(Join(pieces) == "a|🇨🇳|b");
  // A sequence longer than the limit itself is cut between code points, as it must.
  pieces = SplitText("👍🏽", 6, LengthUnit::kBytes);
  CHECK(Join(pieces) == "👍|🏽");
  // One character longer than the limit goes alone rather than looping.
  CHECK(Join(SplitText("😀", 2, LengthUnit::kBytes)) == "😀");
}

TEST_CASE("SplitText: long Chinese text under WeChat's 2048 bytes") {
  std::string text;
  for (int i = 0; i < 200; ++i) text += "职业规划需要时间🚀。";  // 8 chars: 7*3 + 4 + 3 = 28 bytes
  const auto pieces = SplitText(text, 2048, LengthUnit::kBytes);
  CheckPieces(pieces, 2048, LengthUnit::kBytes);
  std::string joined;
  for (const auto& p : pieces) {
    CHECK(p.ends_with("。"));
    joined += p;
  }
  CHECK(joined == text);
}

TEST_CASE("PlainReplyText and PackReplies") {
  const dialog::Reply r{"你的学历？", {{"college", "大专"}, {"bachelor", "本科"}}, std::nullopt};
  CHECK(PlainReplyText(r, false) == "你的学历？\n1. 大专\n2. 本科");
  const dialog::Reply link{"报告已生成", {}, dialog::Link{"https://e.org/r?a=1&b=\"2\"", "查看报告"}};
  CHECK(PlainReplyText(link, false) == "报告已生成\n查看报告: https://e.org/r?a=1&b=\"2\"");
  CHECK(PlainReplyText(link, true) == "报告已生成\n<a href=\"https://e.org/r?a=1&b=%222%22\">查看报告</a>");
  CHECK(PlainReplyText({"", {}, dialog::Link{"https://e.org", ""}}, false) == "https://e.org");

  dialog::TurnAnswer a;
  a.replies = {{"one", {}, std::nullopt}, {"two", {}, std::nullopt}, {"three", {}, std::nullopt}};
  CHECK(PackReplies(a, 100, LengthUnit::kBytes, false) == std::vector<std::string>{"one\n\ntwo\n\nthree"});
  CHECK(PackReplies(a, 10, LengthUnit::kBytes, false) == std::vector<std::string>{"one\n\ntwo", "three"});
  CHECK(PackReplies(dialog::TurnAnswer{}, 10, LengthUnit::kBytes, false).empty());
}

}  // namespace
}  // namespace careerbot::adapters
