// Recognising messages that show a risk of self-harm or suicide, in Chinese or
// English, whatever the conversation is about; and the crisis hotlines to give.
//
// Patterns come from knowledge/data/distress.json:
//   "risk":     phrases that show risk ("不想活了", "kill myself"), found anywhere;
//   "not_risk": phrases that contain a risk phrase but deny it ("不想死", "我没想过
//               自杀", "would never kill myself") and idioms ("笑死", "累死了").
// A message shows risk when a risk phrase is found after every not_risk phrase has
// been removed from it, so "我没想过自杀，但是活不下去了" still shows risk.
// Immutable after loading; thread-safe.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"
#include "knowledge/localized_text.h"

namespace careerbot::knowledge {

struct Hotline {
  LocalizedText name;
  std::string number;
};

class DistressDetector {
 public:
  DistressDetector();
  ~DistressDetector();
  DistressDetector(DistressDetector&&) noexcept;
  DistressDetector& operator=(DistressDetector&&) noexcept;

  // InvalidArgument names the file, the list and the pattern that does not compile.
  static Status LoadFile(const std::string& path, DistressDetector* out);

  // `normalized` comes from NormalizeText.
  bool ShowsRisk(std::string_view normalized) const;

  // The default hotlines of the data file (the configuration may replace them).
  const std::vector<Hotline>& hotlines() const { return hotlines_; }

 private:
  struct Compiled;
  std::unique_ptr<Compiled> compiled_;
  std::vector<Hotline> hotlines_;
};

}  // namespace careerbot::knowledge
