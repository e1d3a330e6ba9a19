// An instrument result as the client and the counsellor see it: a text in zh or en
// (`careerbot score` prints it) and a JSON document (stored with the result, read by
// the report draft; `careerbot score --json`). Pure functions of loaded data: every
// phrase comes from `texts`, the knowledge base's result_texts (result_texts.h).
#pragma once

#include <string>
#include <vector>

#include "knowledge/instrument.h"

namespace careerbot::knowledge {

struct FormatOptions {
  bool interpretation = false;  // add the band texts of every scored scale
  bool attribution = true;      // end with the translation status and the source line
};

// Per scale: raw score and range, mean, percentile and T-score with the norm group
// (or the statement that there are no norms and the client's own ranking), the
// band; the Holland code with ties or the flat-profile statement; validity.
std::string FormatResultText(const Instrument& instrument, const InstrumentResult& result,
                             const TextCatalog& texts, Lang lang,
                             const FormatOptions& options = {});

// The same as JSON (docs/instruments.md, "Result JSON"); texts in `lang`.
std::string ResultToJson(const Instrument& instrument, const InstrumentResult& result,
                         const TextCatalog& texts, Lang lang, bool with_interpretation = false);

// The band texts of one scale's score, nullptr when it has no band.
const BandText* InterpretScale(const Instrument& instrument, const ScaleScore& score);

}  // namespace careerbot::knowledge
