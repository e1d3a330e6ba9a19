// What the knowledge base holds on labour markets and employment policies
// (specification 4.2.1 c and d), shown to clients as information after they name
// the city and industry they aim at. Entries live in knowledge/data/labour_market.json
// and are edited without recompiling; each carries its source and the date it was
// last checked, which the bot shows with it.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"
#include "knowledge/localized_text.h"

namespace careerbot::knowledge {

struct MarketEntry {
  std::string id;
  std::string kind;                     // "market" | "policy"
  std::vector<std::string> cities;      // normalised names ("北京", "beijing"); "*" for all
  std::vector<std::string> industries;  // industry choice ids of service.json; "*" for all
  LocalizedText text;                   // may use {city}
  LocalizedText source;
  std::string as_of;  // "2026-11"
};

class LabourMarketInfo {
 public:
  // Checks ids, kinds, both languages, non-empty city and industry lists.
  static Status LoadFile(const std::string& path, LabourMarketInfo* out);

  // The entries for `city` (normalised text as the client typed it; an entry's city
  // matches when it occurs in it, so "北京" matches "北京市") and `industry` (a
  // choice id): first those naming the city, then the industry, then general ones,
  // at most `limit`, file order within each group.
  std::vector<const MarketEntry*> Find(std::string_view city, std::string_view industry,
                                       size_t limit) const;

  const std::vector<MarketEntry>& entries() const { return entries_; }

 private:
  std::vector<MarketEntry> entries_;
};

}  // namespace careerbot::knowledge
