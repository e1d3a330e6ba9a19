// Everything the bot knows, loaded once at start-up from knowledge/data/ and
// immutable afterwards (so shared by all threads without locks).
#pragma once

#include <map>
#include <string>

#include "base/status.h"
#include "knowledge/instrument.h"
#include "knowledge/intents.h"
#include "knowledge/service_flow.h"
#include "knowledge/text_catalog.h"

namespace careerbot::knowledge {

struct KnowledgeBase {
  std::string dir;
  TextCatalog texts;
  IntentMatcher intents;
  ServiceFlow flow;
  std::map<std::string, Instrument, std::less<>> instruments;

  const Instrument* FindInstrument(std::string_view id) const;
};

// Loads dir/texts.json, dir/intents.json, dir/service.json and every
// dir/instruments/*.json, and checks that they fit together (every text key the
// flow names exists, every assessment of the plan is a loaded instrument). The
// first error stops loading and names the file and the field.
Status LoadKnowledgeBase(const std::string& dir, KnowledgeBase* out);

}  // namespace careerbot::knowledge
