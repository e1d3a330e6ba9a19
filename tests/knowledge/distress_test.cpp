// Distress detection on the shipped patterns: phrasings with and without negation,
// idioms, and both languages.
#include "knowledge/distress.h"

#include <doctest/doctest.h>

#include "knowledge/text_normalizer.h"
#include "tests/support/knowledge_fixture.h"

namespace careerbot::knowledge {
namespace {

bool Risk(const std::string& message) {
  return testing::ShippedKnowledge().distress.ShowsRisk(NormalizeText(message));
}

TEST_CASE("distress: phrases that show risk, in Chinese and English") {
  for (const char* message : {"我不想活了", "真的活不下去了", "我想死", "有时候想自杀", "想结束自己的生命",
                              "我在考虑轻生", "我会伤害自己", "I want to kill myself", "I am suicidal",
                              "I don't want to live anymore", "I don’t want to live anymore",
                              "thinking about ending my life", "I keep hurting myself", "ＳＵＩＣＩＤＥ"}) {
    CHECK_MESSAGE(Risk(message), message);
  }
}

TEST_CASE("distress: denials and idioms do not trigger, but a risk phrase beside a denial does") {
  for (const char* message : {"我不想死", "我从没想过自杀", "我不会自杀的，放心", "累死了", "笑死我了",
                              "热死人了", "自杀预防热线是多少", "I would never kill myself", "I'm not suicidal",
                              "I don't want to die", "I'm killing it at work", "I'm dying to know my results",
                              "找工作好难", "我想死磕这个行业"}) {
    CHECK_MESSAGE(!Risk(message), message);
  }
  CHECK(Risk("我没想过自杀，但是活不下去了"));
  CHECK(Risk("I'm not suicidal but I want to die"));
}

TEST_CASE("distress: the shipped hotlines") {
  const auto& hotlines = testing::ShippedKnowledge().distress.hotlines();
  REQUIRE(hotlines.size() == 3);
  CHECK(hotlines[0].number == "12356");
  CHECK(hotlines[0].name.zh == "全国统一心理援助热线");
  CHECK(hotlines[1].number == "400-161-9995");
}

}  // namespace
}  // namespace careerbot::knowledge
