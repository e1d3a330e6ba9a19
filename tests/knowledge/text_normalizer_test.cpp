#include "knowledge/text_normalizer.h"

#include <doctest/doctest.h>

#include <string>

namespace careerbot::knowledge {
namespace {

const std::string kReplacement = "\xEF\xBF\xBD";  // U+FFFD in UTF-8

TEST_CASE("NormalizeText folds full-width forms, case and white space") {
  CHECK(NormalizeText("２８") == "28");
  CHECK(NormalizeText("ＡＢＣ") == "abc");
  CHECK(NormalizeText("Ｈｅｌｐ？") == "help?");
  CHECK(NormalizeText("I Need HELP") == "i need help");
  CHECK(NormalizeText("Straße") == "strasse");    // full case folding
  CHECK(NormalizeText("ﬁne") == "fine");          // compatibility ligature
  CHECK(NormalizeText("好\u3000的") == "好 的");  // ideographic space
  CHECK(NormalizeText("\u3000 28 \t\n 岁\u3000") == "28 岁");
  CHECK(NormalizeText("a\u00A0\u2028b") == "a b");  // no-break space, line separator
  CHECK(NormalizeText("好\u200B的") == "好的");     // zero-width space is default-ignorable
}

TEST_CASE("NormalizeText leaves Chinese and plain text unchanged") {
  CHECK(NormalizeText("我想换工作不知道怎么选") == "我想换工作不知道怎么选");
  // Full-width punctuation has an ASCII compatibility form; 。 has none.
  CHECK(NormalizeText("好的，谢谢。") == "好的,谢谢。");
  CHECK(NormalizeText("二十八岁") == "二十八岁");
  CHECK(NormalizeText("ok") == "ok");
  CHECK(NormalizeText("") == "");
  CHECK(NormalizeText(" \t\u3000 ") == "");
}

TEST_CASE("NormalizeText replaces invalid UTF-8 with U+FFFD and never fails") {
  CHECK(NormalizeText(std::string("a\xFF"
                                  "b")) == "a" + kReplacement + "b");
  CHECK(NormalizeText(std::string("\xC3")) == kReplacement);  // truncated at the end
  CHECK(NormalizeText(std::string("\xE4\xB8"
                                  "x")) == kReplacement + "x");  // one maximal subpart
  CHECK(NormalizeText(std::string("\xC0\xAF")) == kReplacement + kReplacement);  // overlong
  CHECK(NormalizeText(std::string("\xED\xA0\x80")) ==
        kReplacement + kReplacement + kReplacement);                       // a surrogate
  CHECK(NormalizeText(std::string("a\0b", 3)) == std::string("a\0b", 3));  // NUL is valid
  const std::string junk(1000, '\x80');
  CHECK(NormalizeText(junk).size() == 1000 * kReplacement.size());
}

TEST_CASE("normalizer: TrimTrailingPunctuation removes what clients add to short answers") {
  CHECK(TrimTrailingPunctuation("好的!") == "好的");
  CHECK(TrimTrailingPunctuation("help?") == "help");
  CHECK(TrimTrailingPunctuation("好的。。。") == "好的");
  CHECK(TrimTrailingPunctuation("ok~ ~") == "ok");
  CHECK(TrimTrailingPunctuation("28岁,") == "28岁");
  CHECK(TrimTrailingPunctuation("ok...") == "ok");
  CHECK(TrimTrailingPunctuation("好的！？") == "好的");  // full-width, if normalisation was skipped
  CHECK(TrimTrailingPunctuation("n/a") == "n/a");
  CHECK(TrimTrailingPunctuation("no, thanks") == "no, thanks");  // only trailing
  CHECK(TrimTrailingPunctuation("") == "");
  // Nothing but punctuation is kept, so "?" can still ask for help.
  CHECK(TrimTrailingPunctuation("?") == "?");
  CHECK(TrimTrailingPunctuation("??") == "??");
  CHECK(TrimTrailingPunctuation(NormalizeText("Ｈｅｌｐ！")) == "help");
}

TEST_CASE("normalizer: CountCodePoints counts characters, or bytes when invalid") {
  CHECK(CountCodePoints("") == 0);
  CHECK(CountCodePoints("abc") == 3);
  CHECK(CountCodePoints("张三") == 2);
  CHECK(CountCodePoints("😀a") == 2);
  CHECK(CountCodePoints(std::string("\xE5\xBC"
                                    "a")) == 3);  // invalid: every byte counts
}

}  // namespace
}  // namespace careerbot::knowledge
