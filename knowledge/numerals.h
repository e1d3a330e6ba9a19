// Reading numbers the way clients write them: 28, ２８ (after normalisation),
// 二十八, 两, 十五, 一百零五, 28岁, 28 years old.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace careerbot::knowledge {

// Parses a whole non-negative integer written either in ASCII digits or in Chinese
// numerals (零〇一二两三四五六七八九十百千万, with 零 gaps as in 一百零五), and
// nothing else: no sign, no fraction, no surrounding text. Returns nullopt for
// anything else, for values above 99,999,999, and for malformed numerals (十十).
// ASCII digits may have leading zeros ("007" = 7). Chinese: 十 alone is 10 and
// 十五 is 15, but 百, 千, 万 alone are malformed; a bare final digit is one place
// below the unit before it, as in speech (一百五 = 150, 两千五 = 2500, 三万五 =
// 35000); runs of bare digits are refused (三四 means "three or four"), and so
// are mixed forms (2十, 2万). The financial forms (壹贰叁…拾佰仟) and 兩, 萬 read
// like the everyday ones. The grammar is spelled out in numerals.cpp.
std::optional<long> ParseWholeNumber(std::string_view normalized);

// Parses `normalized` (from NormalizeText) as a whole number optionally followed
// or preceded by one of `units` ("岁", "周岁", "years old", "years"), with or
// without a space between: "28岁", "二十八 岁", "28 years old". Units are given in
// normalised form; an empty unit is ignored. Exactly one unit at most, and at
// most one space between it and the number. Returns nullopt when anything else is
// left over ("28岁了", "age 28").
std::optional<long> ParseQuantity(std::string_view normalized,
                                  const std::vector<std::string>& units);

}  // namespace careerbot::knowledge
