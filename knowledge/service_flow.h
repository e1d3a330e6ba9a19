// The shape of the service a client walks through, as data: the version of the
// privacy notice, the needs survey's questions (information collection and
// environment analysis, specification 4.1.1 and 4.2.1) and the rules that propose a
// service plan. Loaded from knowledge/data/service.json; texts are TextCatalog keys.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "base/status.h"

namespace careerbot::knowledge {

struct ChoiceOption {
  std::string id;         // stored value, e.g. "bachelor"
  std::string label_key;  // TextCatalog key of the label
};

// A question is asked only when an earlier answer is one of `in`
// ("occupation" only when "status" is "employed").
struct FieldCondition {
  std::string field;
  std::vector<std::string> in;
};

struct IntakeField {
  enum class Kind {
    kText,         // free text of min..max characters
    kInteger,      // a whole number in min..max, with optional unit words
    kChoice,       // one of `choices`
    kMultiChoice,  // min..max distinct of `choices`, stored comma-separated
    kRanking,      // exactly `max` distinct of `choices` in order of importance
  };
  std::string id;       // the key the answer is stored under
  std::string section;  // "basic", "interests", "values", "goals", "environment"
  Kind kind = Kind::kText;
  bool optional = false;  // the client may skip it ("跳过")
  int min = 0, max = 0;
  std::vector<std::string> units;     // kInteger: accepted unit words ("岁", "years old")
  std::vector<ChoiceOption> choices;  // choice kinds
  // kInteger/kText: offered as buttons after two failed attempts, so no client is
  // stuck (an age range instead of an exact age). Stored as the option's id.
  std::vector<ChoiceOption> fallback_choices;
  std::vector<FieldCondition> when;  // all must hold
  std::string prompt_key;
  std::string reprompt_key;  // says what is expected
  // What the bot shows once this field is answered: "labour_market" shows the
  // knowledge base's market and policy information for the target city/industry.
  std::string then_show;
};

// Which assessments the bot proposes, and why (specification 5.3).
struct PlanRules {
  std::vector<std::string> always;  // instrument ids proposed to everyone
  std::map<std::string, std::vector<std::string>> by_goal;  // goal id → more instruments
  std::vector<std::string> optional;  // offered when the client chooses, never proposed
  std::map<std::string, std::string> reason_keys;           // instrument id → text key
};

struct ServiceFlow {
  std::string privacy_notice_version;
  std::vector<IntakeField> intake;
  PlanRules plan;

  const IntakeField* FindField(const std::string& id) const;
};

// Checks kinds, ranges, unique ids, conditions that name earlier fields and their
// choices, and non-empty choice lists. Text keys and instrument ids are checked by
// LoadKnowledgeBase, which knows both.
Status LoadServiceFlowFile(const std::string& path, ServiceFlow* out);

}  // namespace careerbot::knowledge
