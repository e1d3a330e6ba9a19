// A stored result document (ResultToJson, docs/instruments.md "Result JSON") read
// back into an InstrumentResult, so a report drafted later works from exactly the
// scores the client was told, with the knowledge base's lookups (interpretation
// bands, occupation matching, training links) that take an InstrumentResult.
#pragma once

#include <string>

#include "base/status.h"
#include "knowledge/instrument.h"

namespace careerbot::knowledge {

// Fills the scales (scale, scored, items, answered, raw, mean, score, min, max,
// derived, percentile and T-score, band), the Holland code and flat flag, the
// ranking, the norm group and the validity flags. InvalidArgument when the text
// is not a result document of `instrument` (another instrument's, not JSON, a
// scale the instrument does not have). Validity messages are not read back.
Status ResultFromJson(const Instrument& instrument, const std::string& json_text, InstrumentResult* out);

}  // namespace careerbot::knowledge
