// Understanding an answer to a question with options, the same way everywhere:
// a tapped choice by its id; typed text by the option's position ("2", "二"), its
// id, or its label ("本科", "Bachelor's degree"); yes/no questions also by words.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "dialog/events.h"
#include "dialog/messages.h"

namespace careerbot::knowledge {
class IntentMatcher;
}

namespace careerbot::dialog {

// The id of the option `input` names, or nullopt.
std::optional<std::string> MatchChoice(const std::vector<Choice>& options, const EvInput& input);

// Several options named in one message ("1 3 5", "1，3、5", "阅读、运动"), in the
// order given, without repeats. nullopt when any part names no option.
std::optional<std::vector<std::string>> MatchChoices(const std::vector<Choice>& options,
                                                     const EvInput& input);

// A yes/no answer to a question whose two options are `options` (yes first): the
// words of the yes/no intents, or the options themselves.
std::optional<bool> MatchYesNo(const knowledge::IntentMatcher& intents,
                               const std::vector<Choice>& options, const EvInput& input);

}  // namespace careerbot::dialog
