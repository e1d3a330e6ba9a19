// Understanding an answer to a question with options, the same way everywhere:
// a tapped choice by its id; typed text by the option's position ("2", "二"), its
// id, or its label ("本科", "Bachelor's degree").
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "dialog/events.h"
#include "dialog/messages.h"

namespace careerbot::dialog {

// The id of the option `input` names, or nullopt.
std::optional<std::string> MatchChoice(const std::vector<Choice>& options, const EvInput& input);

}  // namespace careerbot::dialog
