#include "knowledge/text_normalizer.h"

#include <unicode/normalizer2.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>
#include <unicode/utypes.h>

#include <algorithm>
#include <cstdint>

#include "base/utf8.h"

namespace careerbot::knowledge {
namespace {

// NFKC_Casefold is NFKC and full case folding in one pass (ICU's "nfkc_cf"); it also
// removes default-ignorable code points (zero-width spaces, soft hyphens, variation
// selectors) that phone keyboards and copy-paste leave inside one-word answers.
// ICU creates the instance once, thread-safely, and owns it; its const methods are
// thread-safe. nullptr only if ICU's data is missing, which NormalizeText survives.
const icu::Normalizer2* NfkcCasefold() {
  static const icu::Normalizer2* const instance = [] {
    UErrorCode status = U_ZERO_ERROR;
    const icu::Normalizer2* n = icu::Normalizer2::getNFKCCasefoldInstance(status);
    return U_SUCCESS(status) ? n : nullptr;
  }();
  return instance;
}

// Folds each run of White_Space (after NFKC, U+3000 and U+00A0 are already U+0020;
// tabs, newlines, U+2028 … remain) into one U+0020 and trims both ends.
icu::UnicodeString FoldWhiteSpace(const icu::UnicodeString& in) {
  icu::UnicodeString out;
  bool pending_space = false;
  for (int32_t i = 0; i < in.length();) {
    const UChar32 c = in.char32At(i);
    i += U16_LENGTH(c);
    if (u_isUWhiteSpace(c)) {
      pending_space = !out.isEmpty();
      continue;
    }
    if (pending_space) out.append(static_cast<UChar>(0x20));
    pending_space = false;
    out.append(c);
  }
  return out;
}

// The punctuation clients end one-word answers with, after NormalizeText, plus the
// full-width forms NFKC maps to the ASCII ones, in case a caller skipped it.
constexpr std::string_view kTrailingPunctuation[] = {
    " ", ".", ",", "!", "?", "~", "。", "，", "！", "？", "～",
};

// The length of the punctuation `s` ends with, 0 if none. Compares bytes, so
// ill-formed input cannot mislead it.
size_t TrailingPunctuationLength(std::string_view s) {
  for (const std::string_view p : kTrailingPunctuation) {
    if (s.ends_with(p)) return p.size();
  }
  return 0;
}

}  // namespace

std::string NormalizeText(std::string_view utf8) {
  // ICU lengths are int32_t; messages are limited to a few KiB long before here.
  const auto length = static_cast<int32_t>(std::min<size_t>(utf8.size(), INT32_MAX));
  // fromUTF8 replaces every ill-formed sequence with U+FFFD (one per maximal subpart).
  const icu::UnicodeString decoded =
      icu::UnicodeString::fromUTF8(icu::StringPiece(utf8.data(), length));
  const icu::Normalizer2* nfkc_cf = NfkcCasefold();
  UErrorCode status = U_ZERO_ERROR;
  icu::UnicodeString normalized;
  if (nfkc_cf != nullptr) normalized = nfkc_cf->normalize(decoded, status);
  if (nfkc_cf == nullptr || U_FAILURE(status)) {
    // Only missing ICU data or allocation failure get here. The contract is "never
    // fails", so fall back to plain case folding, which needs no normalisation data.
    normalized = decoded;
    normalized.foldCase();
  }
  std::string out;
  FoldWhiteSpace(normalized).toUTF8String(out);
  return out;
}

std::string TrimTrailingPunctuation(std::string_view normalized) {
  // `normalized` comes from NormalizeText and so is valid UTF-8; a message of
  // nothing but punctuation ("?", "？？") keeps its punctuation, so it can still
  // be matched (the help intent includes "?").
  size_t end = normalized.size();
  while (size_t length = TrailingPunctuationLength(normalized.substr(0, end))) end -= length;
  if (end == 0) {
    while (!normalized.empty() && normalized.back() == ' ') normalized.remove_suffix(1);
    while (!normalized.empty() && normalized.front() == ' ') normalized.remove_prefix(1);
    return std::string(normalized);
  }
  return std::string(normalized.substr(0, end));
}

size_t CountCodePoints(std::string_view utf8) {
  if (!IsValidUtf8(utf8)) return utf8.size();
  size_t count = 0;
  for (const char c : utf8) count += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  return count;
}

}  // namespace careerbot::knowledge
