// An assessment instrument (questionnaire) as data, and its scoring.
//
// Instruments live in knowledge/data/instruments/<id>.json (the schema is in
// docs/instruments.md). The loader checks each file completely, so that a loaded
// Instrument can be trusted by the dialog and the scorer without further checks.
// A loaded Instrument is immutable plain data, safe to share between threads.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "base/status.h"
#include "knowledge/lang.h"

namespace careerbot::knowledge {

struct LocalizedText {
  std::string zh;
  std::string en;
  const std::string& in(Lang lang) const { return lang == Lang::kEn ? en : zh; }
};

struct ResponseOption {
  int value = 0;        // the number recorded and scored (1..5); >= 1, as 0 = unanswered
  LocalizedText label;  // shown on buttons and in numbered lists
};

struct Scale {
  std::string id;  // "R"
  LocalizedText name;
};

struct Item {
  std::string id;     // "R1", as the source numbers it
  std::string scale;  // a Scale id
  int keyed = 1;      // +1, or -1 for reverse-keyed items
  LocalizedText text;
};

struct Instrument {
  std::string id;
  std::string version;
  LocalizedText name;
  std::string construct;  // what it measures, e.g. "career interests (clause 4.3 a 职业兴趣)"
  LocalizedText instructions;
  std::string theory;
  std::vector<std::string> citations;
  std::string license;
  LocalizedText attribution;
  std::string translation_status;
  std::vector<ResponseOption> response_scale;  // ascending values
  std::vector<Scale> scales;                   // in the order results are shown
  std::vector<Item> items;                     // in presentation order
  // "holland" for RIASEC instruments (the loader then guarantees the scales are
  // exactly R, I, A, S, E, C in that order), "" for none.
  std::string profile;

  const Scale* FindScale(std::string_view id) const;
  int min_value() const { return response_scale.front().value; }
  int max_value() const { return response_scale.back().value; }
};

// Loads and checks one instrument file: required fields, both languages, unique
// item ids, items on known scales, keyed in {1, -1}, a response scale of ascending
// distinct values with labels. The error names the file, the item and the field.
// LoadInstrumentFile: NotFound when the file cannot be opened, InvalidArgument
// otherwise; ParseInstrument: InvalidArgument prefixed with `source_name`.
// On failure *out is left unchanged. docs/instruments.md lists every check.
Status LoadInstrumentFile(const std::string& path, Instrument* out);
Status ParseInstrument(std::string_view json_text, const std::string& source_name, Instrument* out);

struct ScaleScore {
  std::string scale;
  int answered = 0;     // items answered on this scale
  int items = 0;        // items on this scale
  bool scored = false;  // false when an item is missing (no imputation)
  // Both 0 unless `scored`: a partial sum is never reported as a score.
  int raw = 0;      // sum of keyed answers (reverse: min+max-answer)
  double mean = 0;  // raw / items
};

struct InstrumentResult {
  std::string instrument;
  std::string version;
  std::vector<ScaleScore> scales;  // in the instrument's scale order
  // For profile "holland": the three highest scales, ties broken by the
  // instrument's scale order (R>I>A>S>E>C). Empty when not every scale is scored,
  // or when all scales are equal (a flat profile, which is not interpretable).
  std::string holland_code;
  bool flat_profile = false;
  // Pairs of adjacent letters of the code (or of the code and the next scale)
  // whose raw scores were equal, so the order between them was set by the tie-break.
  // Empty when the code is empty.
  std::vector<std::pair<std::string, std::string>> ties;
};

// Scores `answers`, indexed like instrument.items; 0 means unanswered. Values
// that are not on the response scale, and an answer count other than the item
// count, are InvalidArgument naming the instrument (and the item); *out is then
// unchanged. Deterministic and pure.
Status ScoreInstrument(const Instrument& instrument, const std::vector<int>& answers,
                       InstrumentResult* out);

}  // namespace careerbot::knowledge
