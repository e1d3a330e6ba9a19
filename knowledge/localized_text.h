// A text in both client languages, as data files give it.
#pragma once

#include <string>

#include "knowledge/lang.h"

namespace careerbot::knowledge {

// zh and en. Item texts of an instrument that is not given in one language (see
// Instrument::languages) leave that member empty; every other text has both.
struct LocalizedText {
  std::string zh;
  std::string en;
  const std::string& in(Lang lang) const { return lang == Lang::kEn ? en : zh; }
  bool empty() const { return zh.empty() && en.empty(); }
};

}  // namespace careerbot::knowledge
