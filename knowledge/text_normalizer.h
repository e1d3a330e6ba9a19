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
// Thread-safe. It uses ICU's NFKC_Casefold, which also drops default-ignorable
// code points (zero-width spaces) and folds fully ("Straße" -> "strasse").
// Full-width punctuation becomes ASCII ("，" -> ",", "？" -> "?"); "。" and
// curly quotes (U+2019) have no compatibility form and stay as they are.
std::string NormalizeText(std::string_view utf8);

// Removes trailing sentence punctuation (。！？!?.，,～~ and spaces) that clients add
// to one-word answers ("好的！", "help?"); `normalized` must come from NormalizeText.
// A text of nothing but such punctuation is returned as it is ("?" stays "?", so
// it can still be matched as the help intent).
std::string TrimTrailingPunctuation(std::string_view normalized);

// The number of Unicode code points in valid UTF-8 `utf8`, for length limits that
// clients understand ("at most 32 characters"). For invalid UTF-8 it returns the
// number of bytes, an upper bound, so a limit is never under-counted.
size_t CountCodePoints(std::string_view utf8);

}  // namespace careerbot::knowledge
