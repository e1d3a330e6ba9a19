// The service agreement (specification 5.2): a versioned document in
// knowledge/data/agreement.json, filled with the institution's profile. A client
// accepts one version; the version is recorded with the acceptance.
#pragma once

#include <string>
#include <vector>

#include "base/status.h"
#include "knowledge/localized_text.h"
#include "knowledge/text_catalog.h"

namespace careerbot::knowledge {

struct AgreementSection {
  LocalizedText heading;
  LocalizedText body;
};

struct Agreement {
  std::string version;
  LocalizedText title;
  std::vector<AgreementSection> sections;

  // Title and sections as one text, with {institution}, {registration_no} and
  // {contact} filled from `params`.
  std::string Render(Lang lang, const TextParams& params) const;
};

// Checks version, title and sections (both languages each), and that texts use
// only the placeholders {institution}, {registration_no}, {contact}.
Status LoadAgreementFile(const std::string& path, Agreement* out);

}  // namespace careerbot::knowledge
