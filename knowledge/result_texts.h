// The texts the knowledge room renders itself, loaded from
// knowledge/data/result_texts.json (the TextCatalog format): an assessment result
// as `careerbot score` prints it and the result JSON stores it, the validity
// messages of an answer sheet, why an occupation matches and why a training
// direction is suggested. Loading checks that every key the code renders exists
// with only the placeholders it fills, so a missing or mistyped text stops
// start-up instead of reaching a client.
#pragma once

#include <string>

#include "base/status.h"
#include "knowledge/text_catalog.h"

namespace careerbot::knowledge {

// Loads `path`; InvalidArgument naming the file and the key when a key is missing,
// a language is missing or empty, or a text has a placeholder the code does not fill.
Status LoadResultTexts(const std::string& path, TextCatalog* out);

}  // namespace careerbot::knowledge
