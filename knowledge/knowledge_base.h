// Everything the bot knows, loaded once at start-up from knowledge/data/ and
// immutable afterwards (so shared by all threads without locks).
#pragma once

#include <map>
#include <string>

#include "base/status.h"
#include "knowledge/agreement.h"
#include "knowledge/distress.h"
#include "knowledge/instrument.h"
#include "knowledge/intents.h"
#include "knowledge/occupations.h"
#include "knowledge/labour_market.h"
#include "knowledge/service_flow.h"
#include "knowledge/text_catalog.h"
#include "knowledge/training.h"

namespace careerbot::knowledge {

struct KnowledgeBase {
  std::string dir;
  TextCatalog texts;
  IntentMatcher intents;
  ServiceFlow flow;
  Agreement agreement;
  DistressDetector distress;
  LabourMarketInfo labour_market;
  std::map<std::string, Instrument, std::less<>> instruments;  // with their norms and texts
  OccupationDb occupations;  // occupations/: O*NET tables, zh titles, CN major groups
  TrainingCatalogue training;  // training/catalogue.json
  TextCatalog report_texts;    // report_texts.json: the career-planning report (report_texts.h)
  TextCatalog result_texts;    // result_texts.json: results, validity, reasons (result_texts.h)

  const Instrument* FindInstrument(std::string_view id) const;
  // The instruments a client in `lang` can take (an English-only one is not offered in zh).
  std::vector<const Instrument*> InstrumentsFor(Lang lang) const;
};

// Loads dir/texts.json, intents.json, service.json, agreement.json, distress.json,
// labour_market.json, report_texts.json, result_texts.json and every
// dir/instruments/*.json (with the norms/ and interpretation/ files each names),
// dir/occupations/ and dir/training/catalogue.json, and checks that they fit together
// (every text key the flow names exists, every instrument the plan names is loaded,
// every education choice of the intake has its job zones, every training link names a
// scale and band, every text the results render exists). The first error stops
// loading and names the file and the field.
Status LoadKnowledgeBase(const std::string& dir, KnowledgeBase* out);

}  // namespace careerbot::knowledge
