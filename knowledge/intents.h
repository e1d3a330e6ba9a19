// Finding what a client means, for the words that work everywhere (help, restart)
// and for the small set of values many questions share (yes, no, skip).
//
// Patterns come from a data file (knowledge/data/intents.json), grouped by
// language; each language gets one compiled RE2::Set at start-up, so a message is
// matched against all patterns of a language in one pass. Patterns are anchored
// at both ends: "help" is the help intent, "I need help choosing a major" is not.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"

namespace re2 {
class RE2;
}

namespace careerbot::knowledge {

class IntentMatcher {
 public:
  IntentMatcher();
  ~IntentMatcher();
  IntentMatcher(IntentMatcher&&) noexcept;
  IntentMatcher& operator=(IntentMatcher&&) noexcept;

  // Loads and compiles the file. The format:
  //   {"intents": {"help": {"zh": ["帮助", "怎么用"], "en": ["help", "\\?"]}, …}}
  // Patterns are RE2 syntax over normalised text (see text_normalizer.h). An
  // intent without both languages, an empty pattern list or a pattern that does
  // not compile is an InvalidArgument naming the file, the intent and the pattern;
  // so are a language other than zh and en and an intent defined twice. Other
  // top-level keys ("_comment") are ignored. On failure `*out` is left unchanged.
  // LoadFile returns NotFound when the file cannot be opened.
  static Status LoadFile(const std::string& path, IntentMatcher* out);
  static Status LoadJson(std::string_view json_text, const std::string& source_name,
                         IntentMatcher* out);

  // The intent `normalized` expresses in any language, trying languages in order
  // zh, en and patterns in file order; nullopt when none matches (and for a
  // default-constructed matcher). Callers pass TrimTrailingPunctuation(NormalizeText(…)).
  // Thread-safe. Should RE2 run out of DFA memory (it does not for patterns of
  // this kind within the memory the sets are given), the message counts as
  // matching nothing and a line goes to stderr, without the client's text; debug
  // builds, and so the tests, abort there instead, so it cannot pass unnoticed.
  std::optional<std::string> Match(std::string_view normalized) const;

  // Whether Match(normalized) is `name`: a text that patterns of two intents
  // cover "is" only the one Match picks ("不同意" is never yes).
  bool Is(std::string_view normalized, std::string_view name) const;

  // Every intent name the file defines, in file order, for start-up checks by callers.
  std::vector<std::string> Names() const;

 private:
  struct Compiled;
  std::unique_ptr<Compiled> compiled_;
};

}  // namespace careerbot::knowledge
