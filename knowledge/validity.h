// Answer-pattern checks of an answer sheet (docs/instruments.md, "Validity").
// Private to the knowledge room; ScoreInstrument runs them.
#pragma once

#include <string>
#include <vector>

#include "knowledge/instrument.h"

namespace careerbot::knowledge {

// `answers` and `given` are indexed like instrument.items (given = in the form);
// `seconds` is empty or indexed the same way (negative = unknown). Returns the three
// checks in the order straight_lining, too_fast, inconsistency; a rule the
// instrument does not define, or lacking data, comes back with checked = false.
std::vector<ValidityCheck> CheckValidity(const Instrument& instrument, const std::vector<int>& answers,
                                         const std::vector<bool>& given,
                                         const std::vector<double>& seconds);

// The keyed score of `answer` (which must be on the response scale) for `item`.
int KeyedScore(const Instrument& instrument, const Item& item, int answer);

// "2.5", "3": at most `digits` decimals, trailing zeros dropped.
std::string FormatNumber(double value, int digits);

}  // namespace careerbot::knowledge
