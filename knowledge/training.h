// Training directions (specification 4.5): a small catalogue of directions for
// vocational-skill and manager-level training, linked to assessment scales and
// bands, to interest letters and to occupation groups, so that plans and reports
// can suggest training with a reason (docs/occupations.md, "Training").
//
// knowledge/data/training/catalogue.json, texts in zh and en written for the
// project. Immutable after loading, safe to share between threads.
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
struct InstrumentResult;
struct Occupation;
class TextCatalog;

struct TrainingScaleLink {
  std::string instrument;
  std::string scale;
  std::vector<std::string> bands;  // the bands of that scale this direction answers
};

struct TrainingDirection {
  std::string id;
  LocalizedText name;
  LocalizedText description;
  LocalizedText format;                // e.g. "workshop, 2 half-days, then practice"
  std::vector<std::string> audiences;  // "all", or special groups (S-4.5): "new_graduates" …
  std::vector<TrainingScaleLink> scales;
  std::string interest_letters;        // RIASEC letters it suits
  std::vector<int> cn_major_groups;    // 1-8
  std::vector<int> soc_majors;         // O*NET-SOC major groups, "15"
};

struct TrainingCatalogue {
  std::string file;
  LocalizedText written_by;
  std::map<std::string, LocalizedText, std::less<>> audiences;  // id -> label
  std::vector<TrainingDirection> directions;
  const TrainingDirection* Find(std::string_view id) const;
};

// InvalidArgument naming the file and the direction.
Status LoadTrainingCatalogue(const std::string& path, TrainingCatalogue* out);

// Every scale link names a loaded instrument, one of its scales and bands of its
// interpretation. `find` returns the instrument for an id or nullptr.
Status CheckTrainingLinks(const TrainingCatalogue& catalogue,
                          const std::map<std::string, Instrument, std::less<>>& instruments);

// Lookups, in catalogue order.
std::vector<const TrainingDirection*> TrainingForScale(const TrainingCatalogue& catalogue,
                                                       std::string_view instrument, std::string_view scale,
                                                       std::string_view band);
std::vector<const TrainingDirection*> TrainingForOccupation(const TrainingCatalogue& catalogue,
                                                            const Occupation& occupation);
std::vector<const TrainingDirection*> TrainingForAudience(const TrainingCatalogue& catalogue,
                                                          std::string_view audience);

struct TrainingSuggestion {
  const TrainingDirection* direction = nullptr;
  LocalizedText reason;  // "Concern: Low", "suits the interest letters IC": training.reason.*
};

// Suggestions for a plan or report: first those answering a scale band of the
// results (in result and scale order), then those fitting the matched occupations,
// then those fitting the Holland code; each direction once, at most `limit`. The
// reasons are the training.reason.* texts of `texts` (the knowledge base's result_texts).
std::vector<TrainingSuggestion> SuggestTraining(
    const TrainingCatalogue& catalogue, const TextCatalog& texts,
    const std::vector<std::pair<const Instrument*, const InstrumentResult*>>& results,
    const std::vector<const Occupation*>& occupations, const std::string& holland_code,
    size_t limit);

}  // namespace careerbot::knowledge
