// Every text a client reads, in each language, loaded from a file of knowledge/data/
// (texts.json: the conversation; report_texts.json: the report; result_texts.json:
// results, validity, occupation and training reasons).
//
// The file maps a key to its texts: {"consent.notice": {"zh": "…", "en": "…"}}.
// Texts may hold placeholders in braces ({name}, {n}); both languages of a key
// must use the same set. Loading refuses a key missing a language, a text that is
// empty, or placeholders that differ between languages, naming the file and key.
// Immutable after loading, so safe to share between threads.
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "base/status.h"
#include "knowledge/lang.h"

namespace careerbot::knowledge {

using TextParams = std::vector<std::pair<std::string, std::string>>;

// A text chosen before it is rendered: its key and parameters. Data produced without
// a catalogue or a language at hand (a validity check of a scored answer sheet)
// carries one, and whoever shows it renders it in the reader's language.
struct TextRef {
  std::string key;
  TextParams params;
};

// Replaces each {name} of `params` in `text`; braces that name no parameter stay.
std::string FillPlaceholders(const std::string& text, const TextParams& params);

// The names of the {placeholders} in `text`, sorted and unique.
std::vector<std::string> PlaceholdersOf(const std::string& text);

class TextCatalog {
 public:
  static Status LoadFile(const std::string& path, TextCatalog* out);
  static Status LoadJson(std::string_view json_text, const std::string& source_name,
                         TextCatalog* out);

  bool Has(std::string_view key) const;

  // Checks that every key of `keys` exists and that its placeholders are exactly
  // `placeholders[key]` when given; used at start-up by the code that renders
  // them, so a typo in a key stops the server instead of reaching a client.
  Status Require(const std::vector<std::string>& keys) const;
  Status RequirePlaceholders(const std::string& key, const std::vector<std::string>& names) const;

  // The text of `key` in `lang` with each {name} of `params` replaced. An unknown
  // key returns the key itself in brackets ("[missing.key]"): callers check their
  // keys at start-up with Require, so this never reaches a client in practice.
  std::string Render(std::string_view key, Lang lang, const TextParams& params = {}) const;
  std::string Render(const TextRef& text, Lang lang) const {
    return Render(text.key, lang, text.params);
  }

  const std::string& source_name() const { return source_name_; }

 private:
  struct Entry {
    std::string text[2];  // indexed by Lang
    std::vector<std::string> placeholders;  // sorted, unique
  };
  std::map<std::string, Entry, std::less<>> entries_;
  std::string source_name_;
};

}  // namespace careerbot::knowledge
