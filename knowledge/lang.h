// The languages a client can be served in. zh-CN is the default; en the second.
#pragma once

#include <optional>
#include <string_view>

namespace careerbot::knowledge {

enum class Lang { kZh, kEn };
inline constexpr Lang kAllLangs[] = {Lang::kZh, Lang::kEn};

// "zh" or "en": the code used in data files, snapshots and the JSON channel.
inline const char* LangCode(Lang lang) { return lang == Lang::kEn ? "en" : "zh"; }

// Accepts "zh", "zh-CN", "en", "en-US" …; nullopt for anything else.
inline std::optional<Lang> ParseLang(std::string_view code) {
  if (code.substr(0, 2) == "zh") return Lang::kZh;
  if (code.substr(0, 2) == "en") return Lang::kEn;
  return std::nullopt;
}

}  // namespace careerbot::knowledge
