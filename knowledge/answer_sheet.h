// Reading a paper answer sheet (docs/instruments.md, "Answer sheets"): the answers
// a counsellor typed in, as CSV or JSON, turned into the answer vector that
// ScoreInstrument takes. Used by `careerbot score`; pure, no I/O.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"
#include "knowledge/instrument.h"

namespace careerbot::knowledge {

struct AnswerSheet {
  std::vector<int> answers;     // indexed like instrument.items; 0 = unanswered
  std::vector<double> seconds;  // empty, or indexed like items (-1 = unknown)
};

// Formats, told apart by the first non-blank character ('[' or '{' is JSON):
//   JSON list   [4, 2, null, …]: answers in the item order of `form` ("full": every item)
//   JSON object {"R1": 4, "I1": 2, …}: item id -> answer; items left out are unanswered
//   JSON object {"answers": <list or object>, "seconds": <list or object>}: with times
//   CSV wide    header of item ids, one row of answers
//   CSV long    header "item,answer" or "item,answer,seconds", one row per item
// Empty cells and null are unanswered. InvalidArgument naming `source_name` and the
// item for an unknown item id, a value that is not a whole number, a list of the
// wrong length, or more than one answer row. Values off the response scale are
// left for ScoreInstrument to refuse (it names the item too).
Status ParseAnswerSheet(const Instrument& instrument, std::string_view text, const std::string& source_name,
                        const std::string& form, AnswerSheet* out);

}  // namespace careerbot::knowledge
