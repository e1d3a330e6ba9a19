// Normalisation of what a client types, before any matching.
//
// Clients type on phone keyboards in Chinese and English: full-width digits and
// letters (２８, ＡＢＣ), ideographic spaces, mixed case, stray spaces around the
// text. Every comparison in the bot (intents, choice labels, numbers) happens on
// the normalised form, so each of those is written once, for one form.
#pragma once

#include <string>
#include <string_view>

namespace careerbot::knowledge {

// Returns `utf8` in NFKC (through ICU), case-folded, with every run of white
// space (including U+3000) folded to one ASCII space and leading/trailing space
// removed. Invalid UTF-8 sequences become U+FFFD; the function never fails.
// Thread-safe.
std::string NormalizeText(std::string_view utf8);

// Removes trailing sentence punctuation (。！？!?.，,～~ and spaces) that clients add
// to one-word answers ("好的！", "help?"); `normalized` must come from NormalizeText.
std::string TrimTrailingPunctuation(std::string_view normalized);

// The number of Unicode code points in valid UTF-8 `utf8` (bytes otherwise counted
// as one each), for length limits that clients understand ("at most 32 characters").
size_t CountCodePoints(std::string_view utf8);

}  // namespace careerbot::knowledge
