// Interpretation texts: for every scale and every band (low / middle / high …) what
// the score means, its strengths, what to watch out for and what to do next, in zh
// and en, written for careerbot (docs/instruments.md, "Interpretation").
//
// Texts live in knowledge/data/interpretation/<id>.json and are shared by the
// instruments that measure the same constructs (both interest instruments use
// riasec.json). Which band a score falls in is the instrument's business (its
// "interpretation.bands" cut-offs, on the scale mean or the T-score); this file
// only holds the words. Immutable after loading, safe to share between threads.
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "base/status.h"
#include "knowledge/localized_text.h"

namespace careerbot::knowledge {

struct Instrument;

struct BandText {
  LocalizedText meaning;      // what a score in this band means
  LocalizedText strengths;    // what it helps with
  LocalizedText watch_outs;   // what to be careful about
  LocalizedText suggestions;  // what to do next (plans, training, exploration)
};

struct ScaleInterpretation {
  LocalizedText about;  // what the scale measures, shown once above the band texts
  std::map<std::string, BandText, std::less<>> bands;
};

struct Interpretation {
  std::string id;
  std::string file;
  LocalizedText written_by;  // the authorship line shown in reports
  std::vector<std::pair<std::string, LocalizedText>> band_labels;  // in order, low to high
  std::map<std::string, ScaleInterpretation, std::less<>> scales;

  const ScaleInterpretation* FindScale(std::string_view scale) const;
  const BandText* Find(std::string_view scale, std::string_view band) const;
  const LocalizedText* BandLabel(std::string_view band) const;
};

// Parses an "interpretation/1" document; every text both languages, every scale a
// text for every band the file declares. InvalidArgument naming the source, the
// scale and the band ("scale R, band high: watch_outs.en is missing").
Status ParseInterpretation(std::string_view json_text, const std::string& source_name,
                           Interpretation* out);
Status LoadInterpretationFile(const std::string& path, Interpretation* out);

// Every scale of the instrument (derived ones included) has texts, and every band
// id of the instrument's cut-offs is a band of the file.
Status CheckInterpretationFits(const Instrument& instrument, const Interpretation& texts);

}  // namespace careerbot::knowledge
