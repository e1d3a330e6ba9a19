#include "dialog/answer_matching.h"

#include <algorithm>

#include "knowledge/intents.h"
#include "knowledge/numerals.h"
#include "knowledge/text_normalizer.h"

namespace careerbot::dialog {
namespace {

std::optional<std::string> MatchTyped(const std::vector<Choice>& options, const std::string& normalized) {
  if (auto n = knowledge::ParseWholeNumber(normalized)) {
    if (*n >= 1 && static_cast<size_t>(*n) <= options.size()) return options[*n - 1].id;
    return std::nullopt;
  }
  for (const auto& option : options) {
    if (normalized == option.id ||
        normalized == knowledge::TrimTrailingPunctuation(knowledge::NormalizeText(option.label))) {
      return option.id;
    }
  }
  return std::nullopt;
}

// Splits at spaces and the separators clients use in lists: , ， 、 ; ； and "和".
std::vector<std::string> SplitList(const std::string& text) {
  std::string unified = text;
  for (const char* sep : {"，", "、", "；", "和", ",", ";"}) {
    size_t pos = 0;
    const std::string s(sep);
    while ((pos = unified.find(s, pos)) != std::string::npos) unified.replace(pos, s.size(), " ");
  }
  std::vector<std::string> parts;
  size_t start = 0;
  while (start < unified.size()) {
    size_t end = unified.find(' ', start);
    if (end == std::string::npos) end = unified.size();
    if (end > start) parts.push_back(unified.substr(start, end - start));
    start = end + 1;
  }
  return parts;
}

}  // namespace

std::optional<std::string> MatchChoice(const std::vector<Choice>& options, const EvInput& input) {
  if (input.choice) {
    for (const auto& option : options) {
      if (option.id == *input.choice) return option.id;
    }
    return std::nullopt;
  }
  return MatchTyped(options, input.normalized);
}

std::optional<std::vector<std::string>> MatchChoices(const std::vector<Choice>& options,
                                                     const EvInput& input) {
  if (input.choice) {
    auto one = MatchChoice(options, input);
    if (!one) return std::nullopt;
    return std::vector<std::string>{*one};
  }
  // A whole label may contain a separator ("高中/中专/技校"): try it whole first.
  if (auto whole = MatchTyped(options, input.normalized)) return std::vector<std::string>{*whole};
  std::vector<std::string> picked;
  for (const auto& part : SplitList(input.normalized)) {
    auto id = MatchTyped(options, knowledge::TrimTrailingPunctuation(part));
    if (!id) return std::nullopt;
    if (std::find(picked.begin(), picked.end(), *id) == picked.end()) picked.push_back(*id);
  }
  if (picked.empty()) return std::nullopt;
  return picked;
}

std::optional<bool> MatchYesNo(const knowledge::IntentMatcher& intents, const std::vector<Choice>& options,
                               const EvInput& input) {
  if (!input.choice) {
    if (intents.Is(input.normalized, "no")) return false;
    if (intents.Is(input.normalized, "yes")) return true;
  }
  auto id = MatchChoice(options, input);
  if (!id) return std::nullopt;
  return *id == options.front().id;
}

}  // namespace careerbot::dialog
