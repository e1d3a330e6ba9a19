// The result of an instrument, for the client (chat text) and for the records (JSON).
#pragma once

#include <string>

#include "dialog/service_machine.h"
#include "knowledge/instrument.h"

namespace careerbot::dialog {

// Scores the instrument just finished from the context's answers and their times
// (for the too-fast check), tells the client the result (a line per scale, the
// Holland code or their own ranking, the norm group or that there is none, what the
// highest scale means, any validity flag) and records AssessmentCompleted with the
// result as JSON (docs/instruments.md, "Result JSON").
void ScoreAndTell(const ServiceMachine& m, const knowledge::Instrument& instrument);

}  // namespace careerbot::dialog
