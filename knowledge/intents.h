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
  // not compile is an InvalidArgument naming the file, the intent and the pattern.
  static Status LoadFile(const std::string& path, IntentMatcher* out);
  static Status LoadJson(std::string_view json_text, const std::string& source_name,
                         IntentMatcher* out);

  // The intent `normalized` expresses in any language, trying languages in order
  // zh, en and patterns in file order; nullopt when none matches. Thread-safe.
  std::optional<std::string> Match(std::string_view normalized) const;

  // Whether `normalized` matches intent `name` (any language).
  bool Is(std::string_view normalized, std::string_view name) const;

  // Every intent name the file defines, for start-up checks by callers.
  std::vector<std::string> Names() const;

 private:
  struct Compiled;
  std::unique_ptr<Compiled> compiled_;
};

}  // namespace careerbot::knowledge
