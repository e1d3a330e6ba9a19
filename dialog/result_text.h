// The result of an instrument, for the client (chat text) and for the records (JSON).
#pragma once

#include <string>

#include "dialog/service_machine.h"
#include "knowledge/instrument.h"

namespace careerbot::dialog {

// Says the result: a line per scale, the Holland code and its ties (or that the
// profile is flat or incomplete), and that a counsellor will finalize the report.
void SayResult(const ServiceMachine& m, const knowledge::Instrument& instrument,
               const knowledge::InstrumentResult& result);

// {"instrument", "version", "scales": [{"scale", "raw", "mean", "scored"}],
//  "holland_code", "flat_profile", "ties": [["S", "E"]]}
std::string ResultJson(const knowledge::InstrumentResult& result);

}  // namespace careerbot::dialog
