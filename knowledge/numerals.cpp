#include "knowledge/numerals.h"

#include <algorithm>
#include <array>

// Chinese numerals, as this parser reads them. A number below 10^8 is
//   [high 万] low        high, low: sections below 10^4
// and a section is a run of (digit, unit) pairs with strictly falling units
// (千 > 百 > 十), optionally ending in a bare digit:
//   - 零 marks a gap of at least one place: 一百零五 = 105, 一千零五十 = 1050,
//     一万零五百 = 10500; a 零 with no gap behind it (一百零五十) is malformed.
//   - A bare final digit right after a unit is one place below it, as everyone
//     says prices and salaries: 二十八 = 28, 一百五 = 150, 两千五 = 2500,
//     三万五 = 35000. After 零 it is the units digit (一千零一 = 1001).
//   - 十 without a digit before it means 一十 only at the start: 十 = 10, 十五 = 15,
//     十万 = 100000; 十十 is malformed.
//   - Another unit without a digit (百, 千, 万 alone) is malformed: nullopt.
//   - Runs of bare digits (三四, 二〇二四) are refused: 三四 means "three or four".
// The financial forms (壹贰叁肆伍陆柒捌玖拾佰仟) and the traditional ones that
// differ (貳參陸兩萬) read like the everyday ones. 亿 is not read: every value it
// could write is above the 99,999,999 limit.

namespace careerbot::knowledge {
namespace {

constexpr long kMaxValue = 99'999'999;

enum class Kind { kDigit, kUnit, kWan };

struct Token {
  Kind kind;
  int value;  // the digit, or the unit's power of ten (1 for 十, 2 for 百, 3 for 千)
};

struct Glyph {
  std::string_view utf8;
  Token token;
};

constexpr Glyph kGlyphs[] = {
    {"零", {Kind::kDigit, 0}}, {"〇", {Kind::kDigit, 0}}, {"一", {Kind::kDigit, 1}},
    {"壹", {Kind::kDigit, 1}}, {"二", {Kind::kDigit, 2}}, {"两", {Kind::kDigit, 2}},
    {"贰", {Kind::kDigit, 2}}, {"貳", {Kind::kDigit, 2}}, {"兩", {Kind::kDigit, 2}},
    {"三", {Kind::kDigit, 3}}, {"叁", {Kind::kDigit, 3}}, {"參", {Kind::kDigit, 3}},
    {"四", {Kind::kDigit, 4}}, {"肆", {Kind::kDigit, 4}}, {"五", {Kind::kDigit, 5}},
    {"伍", {Kind::kDigit, 5}}, {"六", {Kind::kDigit, 6}}, {"陆", {Kind::kDigit, 6}},
    {"陸", {Kind::kDigit, 6}}, {"七", {Kind::kDigit, 7}}, {"柒", {Kind::kDigit, 7}},
    {"八", {Kind::kDigit, 8}}, {"捌", {Kind::kDigit, 8}}, {"九", {Kind::kDigit, 9}},
    {"玖", {Kind::kDigit, 9}}, {"十", {Kind::kUnit, 1}},  {"拾", {Kind::kUnit, 1}},
    {"百", {Kind::kUnit, 2}},  {"佰", {Kind::kUnit, 2}},  {"千", {Kind::kUnit, 3}},
    {"仟", {Kind::kUnit, 3}},  {"万", {Kind::kWan, 4}},   {"萬", {Kind::kWan, 4}},
};

// A well-formed numeral below 10^8 has at most 15 characters (九千九百九十九万
// 九千九百九十九); anything longer than this is refused while tokenising.
constexpr size_t kMaxChineseTokens = 20;

constexpr std::array<long, 5> kPowersOfTen = {1, 10, 100, 1000, 10000};

std::optional<long> ParseAsciiDigits(std::string_view s) {
  // Leading zeros are skipped without limit; the rest must fit in 8 digits, so
  // nothing can overflow however long the input is.
  const size_t first = std::min(s.find_first_not_of('0'), s.size());
  const std::string_view significant = s.substr(first);
  if (significant.size() > 8) return std::nullopt;
  long value = 0;
  for (const char c : significant) value = value * 10 + (c - '0');
  return value;
}

bool Tokenize(std::string_view s, std::vector<Token>* tokens) {
  while (!s.empty()) {
    if (tokens->size() == kMaxChineseTokens) return false;
    const auto glyph = std::find_if(std::begin(kGlyphs), std::end(kGlyphs),
                                    [&](const Glyph& g) { return s.starts_with(g.utf8); });
    if (glyph == std::end(kGlyphs)) return false;
    tokens->push_back(glyph->token);
    s.remove_prefix(glyph->utf8.size());
  }
  return true;
}

// Reads one section (below 10^4) from `t`. `above` is the power of ten of the
// unit to its left (4 for a section after 万 and for a number with no 万, since a
// section's units must stay below 万), `after_unit` whether there is such a unit
// to the left (a 万), and `at_start` whether the section starts the number (where
// 十 may stand for 一十).
std::optional<long> ParseSection(const std::vector<Token>& t, size_t begin, size_t end, int above,
                                 bool after_unit, bool at_start) {
  long value = 0;
  int last = above;
  bool had_unit = after_unit;
  bool zero = false;
  for (size_t i = begin; i < end;) {
    const Token& tok = t[i];
    if (tok.kind == Kind::kDigit && tok.value == 0) {
      if (zero || !had_unit) return std::nullopt;  // 零零, or a leading 零
      zero = true;
      ++i;
      continue;
    }
    int digit;
    if (tok.kind == Kind::kUnit) {
      if (!(tok.value == 1 && i == begin && at_start)) return std::nullopt;
      digit = 1;  // 十五: the 一 of 一十 is silent at the start
    } else {
      digit = tok.value;
      ++i;
      if (i == end) {  // a bare final digit
        if (zero) {
          if (last < 2) return std::nullopt;  // 一十零五: no gap for the 零
          return value + digit;
        }
        return value + digit * (had_unit ? kPowersOfTen[last - 1] : 1);
      }
      if (t[i].kind != Kind::kUnit) return std::nullopt;  // 三四
    }
    const int unit = t[i].value;
    ++i;
    if (unit >= last) return std::nullopt;              // 十十, 百千
    if (zero && unit >= last - 1) return std::nullopt;  // 一百零五十: the 零 fills no gap
    value += digit * kPowersOfTen[unit];
    last = unit;
    had_unit = true;
    zero = false;
  }
  if (zero) return std::nullopt;  // 一百零
  return value;
}

std::optional<long> ParseChinese(std::string_view s) {
  std::vector<Token> t;
  if (!Tokenize(s, &t) || t.empty()) return std::nullopt;
  if (t.size() == 1 && t[0].kind == Kind::kDigit) return t[0].value;  // 零, 五, 两
  const auto wan =
      std::find_if(t.begin(), t.end(), [](const Token& x) { return x.kind == Kind::kWan; });
  if (wan == t.end()) return ParseSection(t, 0, t.size(), 4, false, true);
  const size_t w = static_cast<size_t>(wan - t.begin());
  if (std::any_of(wan + 1, t.end(), [](const Token& x) { return x.kind == Kind::kWan; })) {
    return std::nullopt;  // 一万万
  }
  const std::optional<long> high = ParseSection(t, 0, w, 4, false, true);
  if (!high || *high == 0) return std::nullopt;  // 万 alone
  const std::optional<long> low = ParseSection(t, w + 1, t.size(), 4, true, false);
  if (!low) return std::nullopt;
  return *high * 10000 + *low;
}

std::string_view StripOneSpace(std::string_view s, bool at_end) {
  if (at_end && s.ends_with(' ')) s.remove_suffix(1);
  if (!at_end && s.starts_with(' ')) s.remove_prefix(1);
  return s;
}

}  // namespace

std::optional<long> ParseWholeNumber(std::string_view normalized) {
  if (normalized.empty()) return std::nullopt;
  const bool ascii_digits = std::all_of(normalized.begin(), normalized.end(),
                                        [](char c) { return c >= '0' && c <= '9'; });
  // Mixed forms (2十, 2万) fail to tokenise as Chinese: ASCII is no glyph there.
  std::optional<long> value =
      ascii_digits ? ParseAsciiDigits(normalized) : ParseChinese(normalized);
  if (value && *value > kMaxValue) return std::nullopt;
  return value;
}

std::optional<long> ParseQuantity(std::string_view normalized,
                                  const std::vector<std::string>& units) {
  if (std::optional<long> bare = ParseWholeNumber(normalized)) return bare;
  // Each unit is tried after and before the number; the number must then be all
  // that is left, so "28 years old" cannot be read as "28" + "years" + junk.
  for (const std::string& unit : units) {
    if (unit.empty()) continue;
    if (normalized.ends_with(unit)) {
      const std::string_view rest =
          StripOneSpace(normalized.substr(0, normalized.size() - unit.size()), true);
      if (std::optional<long> value = ParseWholeNumber(rest)) return value;
    }
    if (normalized.starts_with(unit)) {
      const std::string_view rest = StripOneSpace(normalized.substr(unit.size()), false);
      if (std::optional<long> value = ParseWholeNumber(rest)) return value;
    }
  }
  return std::nullopt;
}

}  // namespace careerbot::knowledge
