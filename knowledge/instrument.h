// An assessment instrument (questionnaire) as data, and its scoring.
//
// Instruments live in knowledge/data/instruments/<id>.json (the schema is in
// docs/instruments.md). The loader checks each file completely, together with the
// norm and interpretation files it names, so that a loaded Instrument can be
// trusted by the dialog and the scorer without further checks. A loaded Instrument
// is immutable plain data, safe to share between threads.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "base/status.h"
#include "knowledge/interpretation.h"
#include "knowledge/lang.h"
#include "knowledge/localized_text.h"
#include "knowledge/norms.h"
#include "knowledge/text_catalog.h"

namespace careerbot::knowledge {

struct ResponseOption {
  int value = 0;        // the number recorded (1..5); >= 1, as 0 = unanswered
  LocalizedText label;  // shown on buttons and in numbered lists
  int score = 0;        // what the answer scores before keying: `value` unless the source says
                        // otherwise (the O*NET IP-SF scores answer - 1)
};

struct Scale {
  std::string id;  // "R"
  LocalizedText name;
  std::string method = "sum";      // the reported score: "sum" (raw) or "mean" (raw / items)
  std::vector<std::string> from;   // derived scale: the item scales it totals; empty otherwise
  std::optional<LocalizedText> caveat;  // shown with the score (e.g. IPIP-NEO facet O6)
  bool derived() const { return !from.empty(); }
};

struct Item {
  std::string id;     // "R1", as the source numbers it
  std::string scale;  // a Scale id (never a derived one)
  int keyed = 1;      // +1, or -1 for reverse-keyed items
  LocalizedText text;  // in the instrument's languages only
};

// A named subset of the items (a short form, or a form without a facet), given and
// scored on its own. The full form is every item and has the id "full".
struct Form {
  std::string id;
  LocalizedText name;
  std::vector<std::string> items;       // item ids, in presentation order
  std::vector<Lang> recommended_for;    // languages for which the dialog should prefer it
  std::optional<LocalizedText> note;    // why it exists; shown with its results
};

// Answer-pattern checks (docs/instruments.md, "Validity"). Unset rules are not run.
struct ValidityRules {
  std::optional<int> max_run;                 // flag a run of this many identical answers
  std::optional<double> min_median_seconds;   // flag a median time per item below this
  std::vector<std::pair<std::string, std::string>> pairs;  // item pairs that should agree
  int max_difference = 0;  // keyed scores of a pair may differ by this much
  int min_pairs = 1;       // flag when at least this many pairs disagree
};

struct NormGroupRef {
  std::string id;  // a group of the norm file
  LocalizedText label;
  std::vector<Lang> languages;       // chosen for clients in these languages
  std::vector<std::string> regions;  // or from these regions (ISO codes), which win over language
  bool is_default = false;           // chosen when nothing else applies
  std::optional<LocalizedText> caveat;  // shown whenever this group is used
};

struct BandCut {
  std::string id;                // a band of the interpretation file
  std::optional<double> below;   // upper bound (exclusive); none for the top band
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
  std::vector<Scale> scales;                   // in the order results are shown (derived included)
  std::vector<Item> items;                     // in presentation order
  // "holland" for RIASEC instruments (the loader then guarantees the scales are
  // exactly R, I, A, S, E, C in that order), "" for none.
  std::string profile;

  // Added for issue 4. languages: the languages items can be given in (an
  // English-only instrument, like the O*NET IP-SF, has {kEn}); ask Supports().
  std::vector<Lang> languages = {Lang::kZh, Lang::kEn};
  std::vector<Form> forms;             // besides the implicit "full" form
  std::vector<std::string> ranked;     // scales of the client's own profile (ranking)
  ValidityRules validity;
  std::string norms_file;              // "" = no norms
  std::vector<NormGroupRef> norm_groups;
  std::string interpretation_file;     // "" only for instruments parsed without references
  std::string band_basis = "mean";     // "mean" (scale mean) or "t" (T-score)
  std::vector<BandCut> bands;
  // Filled from norms_file / interpretation_file by LoadInstrumentFile and
  // LoadKnowledgeBase; empty after ParseInstrument alone.
  NormTable norms;
  Interpretation interpretation;

  const Scale* FindScale(std::string_view id) const;
  const Item* FindItem(std::string_view id) const;
  const Form* FindForm(std::string_view id) const;  // nullptr for unknown; "full" is not listed
  bool Supports(Lang lang) const;
  int min_value() const { return response_scale.front().value; }
  int max_value() const { return response_scale.back().value; }
  int min_score() const { return response_scale.front().score; }
  int max_score() const { return response_scale.back().score; }
  // Indexes into `items` of the items scored on `scale` (a derived scale: of its sources).
  std::vector<size_t> ItemsOf(std::string_view scale) const;
};

// Parses and checks one instrument file: required fields, the languages it
// declares, unique item ids, items on known (non-derived) scales, keyed in {1, -1},
// a response scale of ascending values, forms, validity rules, and the shape of
// the norms and interpretation references. The error names the file, the item and
// the field. ParseInstrument resolves no reference (norms/interpretation stay empty).
// LoadInstrumentFile also loads and checks the referenced files, in
// `knowledge_dir`/norms and `knowledge_dir`/interpretation (by default the parent
// of the file's own folder), and requires an interpretation.
// NotFound when a file cannot be opened, InvalidArgument otherwise; on failure
// *out is left unchanged. docs/instruments.md lists every check.
Status LoadInstrumentFile(const std::string& path, Instrument* out);
Status LoadInstrumentFile(const std::string& path, const std::string& knowledge_dir,
                          Instrument* out);
Status ParseInstrument(std::string_view json_text, const std::string& source_name, Instrument* out);
// Loads the files `instrument` names from `knowledge_dir` and checks that they fit.
Status ResolveInstrumentReferences(const std::string& knowledge_dir, Instrument* instrument);

// ---- Results ----

struct NormScore {
  double percentile = 0;  // mid-rank percentile in the group, 0-100
  double t = 0;           // T-score, mean 50, SD 10, one decimal
};

struct ScaleScore {
  std::string scale;
  int answered = 0;     // items answered on this scale
  int items = 0;        // items on this scale (in the form given)
  bool scored = false;  // false when an item is missing (no imputation)
  // Both 0 unless `scored`: a partial sum is never reported as a score.
  int raw = 0;      // sum of keyed item scores (reverse: mirrored answer's score)
  double mean = 0;  // raw / items
  // Added for issue 4.
  double score = 0;         // the reported score: raw or mean, per the scale's method
  int min = 0, max = 0;     // the possible raw range for the items given
  bool derived = false;     // a total of other scales (CAAS total, IPIP-NEO domains)
  std::optional<NormScore> norm;  // when the result has a norm group and the scale a record
  std::string band;         // interpretation band id, "" when none applies
};

// One answer-pattern check. `checked` is false when the rule is not defined for
// the instrument or the data to run it is missing (no timings).
struct ValidityCheck {
  std::string rule;  // "straight_lining", "too_fast", "inconsistency"
  bool checked = false;
  bool flagged = false;
  double value = 0;      // longest run / median seconds / disagreeing pairs
  double threshold = 0;  // the instrument's limit
  // What the check found, for the counsellor and the client: a text of
  // result_texts.json ("validity.<rule>.<finding>") with its parameters.
  TextRef message;
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

  // Added for issue 4.
  std::string form = "full";
  // The client's own profile: the instrument's ranked scales, highest mean first,
  // equal means in scale order (recorded in ranking_ties). Empty when one is unscored.
  std::vector<std::string> ranking;
  std::vector<std::pair<std::string, std::string>> ranking_ties;
  bool ranking_flat = false;  // every ranked scale has the same mean
  bool has_norms = false;     // a norm group was applied
  std::string norm_group;     // its id, "" without norms
  LocalizedText norm_group_label;
  std::optional<LocalizedText> norm_caveat;
  std::vector<ValidityCheck> validity;  // straight_lining, too_fast, inconsistency

  bool valid() const;  // no check flagged
  const ScaleScore* Find(std::string_view scale) const;
};

struct ScoreOptions {
  std::string form = "full";
  // Seconds spent on each answer, indexed like instrument.items; negative = unknown.
  // Empty: too-fast answering is not checked. See DurationsFromTimestamps.
  std::vector<double> seconds;
  std::optional<Lang> lang;   // the client's language: chooses the norm group
  std::string region;         // ISO country/region code, "" = unknown
  std::string norm_group;     // an explicit group id, "" = choose
};

// Scores `answers`, indexed like instrument.items; 0 means unanswered. Values
// that are not on the response scale, and an answer count other than the item
// count, are InvalidArgument naming the instrument (and the item); *out is then
// unchanged. Deterministic and pure. The first overload scores the full form with
// no timings and the default norm group.
Status ScoreInstrument(const Instrument& instrument, const std::vector<int>& answers,
                       InstrumentResult* out);
// Also: an unknown form or norm group, a `seconds` of the wrong length, and an
// answer to an item outside the form are InvalidArgument.
Status ScoreInstrument(const Instrument& instrument, const std::vector<int>& answers,
                       const ScoreOptions& options, InstrumentResult* out);

// Per-answer durations from the time each item was shown (`shown_at[i]`) and
// answered (`answered_at[i]`), unix seconds; an item with either time <= 0 gets -1.
std::vector<double> DurationsFromTimestamps(const std::vector<double>& shown_at,
                                            const std::vector<double>& answered_at);

// The norm group ScoreInstrument chooses: `explicit_group` if given, else the first
// group listing `region`, else the first listing `lang`, else the default; "" when
// the instrument has no norms.
std::string ChooseNormGroup(const Instrument& instrument, std::optional<Lang> lang,
                            const std::string& region, const std::string& explicit_group = "");

}  // namespace careerbot::knowledge
