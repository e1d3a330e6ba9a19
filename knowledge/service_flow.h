// The shape of the service a client walks through, as data: the version of the
// privacy notice, the intake questions and the assessments of the default plan.
// Loaded from knowledge/data/service.json; texts are keys into the TextCatalog.
#pragma once

#include <string>
#include <vector>

#include "base/status.h"

namespace careerbot::knowledge {

struct ChoiceOption {
  std::string id;         // stored value, e.g. "bachelor"
  std::string label_key;  // TextCatalog key of the label
};

struct IntakeField {
  enum class Kind { kText, kInteger, kChoice };
  std::string id;  // "name", "age", …: the key the answer is stored under
  Kind kind = Kind::kText;
  bool optional = false;
  int min = 0, max = 0;            // kText: code points; kInteger: value
  std::vector<std::string> units;  // kInteger: accepted unit words ("岁", "years old")
  std::vector<ChoiceOption> choices;  // kChoice
  std::string prompt_key;
  std::string reprompt_key;  // says what is expected
};

struct ServiceFlow {
  std::string privacy_notice_version;
  std::vector<IntakeField> intake;
  std::vector<std::string> default_assessments;  // instrument ids, in order

  const IntakeField* FindField(const std::string& id) const;
};

// Checks kinds, ranges, unique ids and non-empty choice lists; text keys and
// instrument ids are checked by LoadKnowledgeBase, which knows both.
Status LoadServiceFlowFile(const std::string& path, ServiceFlow* out);

}  // namespace careerbot::knowledge
