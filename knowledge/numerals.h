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
std::optional<long> ParseWholeNumber(std::string_view normalized);

// Parses `normalized` (from NormalizeText) as a whole number optionally followed
// or preceded by one of `units` ("岁", "周岁", "years old", "years"), with or
// without a space between: "28岁", "二十八 岁", "28 years old". Units are given in
// normalised form. Returns nullopt when anything else is left over.
std::optional<long> ParseQuantity(std::string_view normalized,
                                  const std::vector<std::string>& units);

}  // namespace careerbot::knowledge
