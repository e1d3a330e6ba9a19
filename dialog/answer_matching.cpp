#include "dialog/answer_matching.h"

#include "knowledge/numerals.h"
#include "knowledge/text_normalizer.h"

namespace careerbot::dialog {

std::optional<std::string> MatchChoice(const std::vector<Choice>& options, const EvInput& input) {
  if (input.choice) {
    for (const auto& option : options) {
      if (option.id == *input.choice) return option.id;
    }
    return std::nullopt;
  }
  if (auto n = knowledge::ParseWholeNumber(input.normalized)) {
    if (*n >= 1 && static_cast<size_t>(*n) <= options.size()) return options[*n - 1].id;
    return std::nullopt;
  }
  for (const auto& option : options) {
    if (input.normalized == option.id ||
        input.normalized ==
            knowledge::TrimTrailingPunctuation(knowledge::NormalizeText(option.label))) {
      return option.id;
    }
  }
  return std::nullopt;
}

}  // namespace careerbot::dialog
