#include "knowledge/numerals.h"

#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "knowledge/text_normalizer.h"

namespace careerbot::knowledge {
namespace {

const std::vector<std::string> kAgeUnits = {"岁", "周岁", "years old", "years", "yrs", "y/o"};

// What a caller does with what the client typed.
std::optional<long> Age(std::string_view typed) {
  return ParseQuantity(TrimTrailingPunctuation(NormalizeText(typed)), kAgeUnits);
}

TEST_CASE("numerals: ParseWholeNumber reads ASCII digits") {
  CHECK(ParseWholeNumber("28") == 28);
  CHECK(ParseWholeNumber("0") == 0);
  CHECK(ParseWholeNumber("007") == 7);
  CHECK(ParseWholeNumber("99999999") == 99'999'999);
  CHECK(ParseWholeNumber(std::string(1000, '0') + "42") == 42);
  CHECK(ParseWholeNumber(NormalizeText("２８")) == 28);
}

TEST_CASE("numerals: ParseWholeNumber refuses anything but a whole number") {
  CHECK(ParseWholeNumber("") == std::nullopt);
  CHECK(ParseWholeNumber("+28") == std::nullopt);
  CHECK(ParseWholeNumber("-28") == std::nullopt);
  CHECK(ParseWholeNumber("28.5") == std::nullopt);
  CHECK(ParseWholeNumber(" 28") == std::nullopt);
  CHECK(ParseWholeNumber("28 ") == std::nullopt);
  CHECK(ParseWholeNumber("2 8") == std::nullopt);
  CHECK(ParseWholeNumber("1e3") == std::nullopt);
  CHECK(ParseWholeNumber("２８") == std::nullopt);  // only after NormalizeText
  CHECK(ParseWholeNumber("100000000") == std::nullopt);
  CHECK(ParseWholeNumber(std::string(1000, '9')) == std::nullopt);
}

TEST_CASE("numerals: ParseWholeNumber reads Chinese numerals") {
  CHECK(ParseWholeNumber("零") == 0);
  CHECK(ParseWholeNumber("〇") == 0);
  CHECK(ParseWholeNumber("五") == 5);
  CHECK(ParseWholeNumber("两") == 2);
  CHECK(ParseWholeNumber("十") == 10);
  CHECK(ParseWholeNumber("十五") == 15);
  CHECK(ParseWholeNumber("一十五") == 15);
  CHECK(ParseWholeNumber("二十") == 20);
  CHECK(ParseWholeNumber("二十八") == 28);
  CHECK(ParseWholeNumber("一百") == 100);
  CHECK(ParseWholeNumber("一百零五") == 105);
  CHECK(ParseWholeNumber("一百一十五") == 115);
  CHECK(ParseWholeNumber("一千零一") == 1001);
  CHECK(ParseWholeNumber("一千零五十") == 1050);
  CHECK(ParseWholeNumber("两千") == 2000);
  CHECK(ParseWholeNumber("三万五千") == 35000);
  CHECK(ParseWholeNumber("一万零五百") == 10500);
  CHECK(ParseWholeNumber("三万零五") == 30005);
  CHECK(ParseWholeNumber("十万") == 100000);
  CHECK(ParseWholeNumber("十五万") == 150000);
  CHECK(ParseWholeNumber("一百万") == 1'000'000);
  CHECK(ParseWholeNumber("九千九百九十九万九千九百九十九") == 99'999'999);
}

TEST_CASE("numerals: ParseWholeNumber reads colloquial and financial forms") {
  // A bare final digit after a unit is one place below it.
  CHECK(ParseWholeNumber("一百五") == 150);
  CHECK(ParseWholeNumber("两千五") == 2500);
  CHECK(ParseWholeNumber("三万五") == 35000);
  CHECK(ParseWholeNumber("一万五千五") == 15500);
  CHECK(ParseWholeNumber("贰拾捌") == 28);
  CHECK(ParseWholeNumber("壹佰零伍") == 105);
  CHECK(ParseWholeNumber("叁仟") == 3000);
  CHECK(ParseWholeNumber("兩萬") == 20000);
}

TEST_CASE("numerals: ParseWholeNumber refuses malformed Chinese numerals") {
  CHECK(ParseWholeNumber("百") == std::nullopt);
  CHECK(ParseWholeNumber("千") == std::nullopt);
  CHECK(ParseWholeNumber("万") == std::nullopt);
  CHECK(ParseWholeNumber("十十") == std::nullopt);
  CHECK(ParseWholeNumber("百千") == std::nullopt);
  CHECK(ParseWholeNumber("一百一千") == std::nullopt);
  CHECK(ParseWholeNumber("三四") == std::nullopt);  // "three or four"
  CHECK(ParseWholeNumber("二〇二四") == std::nullopt);
  CHECK(ParseWholeNumber("零五") == std::nullopt);
  CHECK(ParseWholeNumber("一百零") == std::nullopt);
  CHECK(ParseWholeNumber("一百零零五") == std::nullopt);
  CHECK(ParseWholeNumber("一百零五十") == std::nullopt);  // the 零 fills no gap
  CHECK(ParseWholeNumber("一十零五") == std::nullopt);
  CHECK(ParseWholeNumber("三万零五千") == std::nullopt);
  CHECK(ParseWholeNumber("一万万") == std::nullopt);
  CHECK(ParseWholeNumber("一亿") == std::nullopt);
  CHECK(ParseWholeNumber("2十") == std::nullopt);
  CHECK(ParseWholeNumber("十2") == std::nullopt);
  CHECK(ParseWholeNumber("2万") == std::nullopt);
  CHECK(ParseWholeNumber("二十八岁") == std::nullopt);
  std::string long_numeral;
  for (int i = 0; i < 1000; ++i) long_numeral += "九";
  CHECK(ParseWholeNumber(long_numeral) == std::nullopt);
  std::string long_valid_prefix = "二十八";
  for (int i = 0; i < 1000; ++i) long_valid_prefix += "零";
  CHECK(ParseWholeNumber(long_valid_prefix) == std::nullopt);
}

TEST_CASE("numerals: ParseQuantity reads a number with one optional unit") {
  CHECK(ParseQuantity("28", kAgeUnits) == 28);
  CHECK(ParseQuantity("28岁", kAgeUnits) == 28);
  CHECK(ParseQuantity("二十八岁", kAgeUnits) == 28);
  CHECK(ParseQuantity("28 岁", kAgeUnits) == 28);
  CHECK(ParseQuantity("二十八 岁", kAgeUnits) == 28);
  CHECK(ParseQuantity("28周岁", kAgeUnits) == 28);
  CHECK(ParseQuantity("28 years old", kAgeUnits) == 28);
  CHECK(ParseQuantity("28 years", kAgeUnits) == 28);
  CHECK(ParseQuantity("28years", kAgeUnits) == 28);
  CHECK(ParseQuantity("28 y/o", kAgeUnits) == 28);
  CHECK(ParseQuantity("年龄28", {"年龄"}) == 28);  // a unit before the number
  CHECK(ParseQuantity("年龄 28", {"年龄"}) == 28);
}

TEST_CASE("numerals: ParseQuantity refuses anything left over") {
  CHECK(ParseQuantity("", kAgeUnits) == std::nullopt);
  CHECK(ParseQuantity("岁", kAgeUnits) == std::nullopt);
  CHECK(ParseQuantity("age 28", kAgeUnits) == std::nullopt);
  CHECK(ParseQuantity("28岁了", kAgeUnits) == std::nullopt);
  CHECK(ParseQuantity("28岁岁", kAgeUnits) == std::nullopt);
  CHECK(ParseQuantity("28 years 岁", kAgeUnits) == std::nullopt);
  CHECK(ParseQuantity("28  岁", kAgeUnits) == std::nullopt);  // one space at most
  CHECK(ParseQuantity("岁28岁", kAgeUnits) == std::nullopt);
  CHECK(ParseQuantity("28 years old", {"years"}) == std::nullopt);
  CHECK(ParseQuantity("28 岁", {}) == std::nullopt);
  CHECK(ParseQuantity("28", {""}) == 28);
  CHECK(ParseQuantity("我28岁", kAgeUnits) == std::nullopt);
}

TEST_CASE("numerals: the age forms clients type") {
  CHECK(Age("28") == 28);
  CHECK(Age("２８") == 28);
  CHECK(Age("二十八") == 28);
  CHECK(Age("28岁") == 28);
  CHECK(Age("２８岁！") == 28);
  CHECK(Age(" 28 Years Old. ") == 28);
  CHECK(Age("十八周岁") == 18);
  CHECK(Age("二十多岁") == std::nullopt);
}

}  // namespace
}  // namespace careerbot::knowledge
