#include "knowledge/intents.h"

#include <re2/re2.h>
#include <re2/set.h>

#include <algorithm>
#include <cassert>
#include <cstdio>
#include <nlohmann/json.hpp>
#include <set>

#include "knowledge/json_file.h"
#include "knowledge/lang.h"

namespace careerbot::knowledge {
namespace {

// The memory RE2 may use for one language's set: the compiled program (a few KiB
// for a few hundred short patterns) and the DFA state cache that Match fills
// lazily and shares between threads. This is RE2's own default, generous for
// anchored, literal-like patterns; when the cache cannot hold the states a
// message needs, RE2::Set::Match fails with kOutOfMemory (see Match).
constexpr int64_t kMaxMem = 8 << 20;

re2::RE2::Options SetOptions() {
  re2::RE2::Options options;
  options.set_encoding(re2::RE2::Options::EncodingUTF8);
  options.set_never_capture(true);  // a set reports which patterns match, never groups
  options.set_log_errors(false);    // errors come back as Status, not on stderr
  options.set_max_mem(kMaxMem);
  return options;
}

// Parses with file order kept: "first match in file order wins" needs it, and
// nlohmann::json would sort the intents by name. Also catches an intent defined
// twice, which plain parsing would silently collapse into its last definition.
Status ParseOrdered(std::string_view text, const std::string& source_name,
                    nlohmann::ordered_json* out) {
  std::string top_key;
  std::set<std::string> seen;
  std::string duplicate;
  const nlohmann::ordered_json::parser_callback_t note_duplicates =
      [&](int depth, nlohmann::ordered_json::parse_event_t event, nlohmann::ordered_json& parsed) {
        if (event != nlohmann::ordered_json::parse_event_t::key) return true;
        const auto& key = parsed.get_ref<const std::string&>();
        if (depth == 1) top_key = key;
        if (depth == 2 && top_key == "intents" && !seen.insert(key).second && duplicate.empty()) {
          duplicate = key;
        }
        return true;
      };
  try {
    *out = nlohmann::ordered_json::parse(text, note_duplicates);
  } catch (const nlohmann::json::exception& e) {
    return Status::InvalidArgument(source_name + ": not valid JSON: " + e.what());
  }
  if (!duplicate.empty()) {
    return Status::InvalidArgument(source_name + ": intent \"" + duplicate + "\" is defined twice");
  }
  return Status::Ok();
}

}  // namespace

struct IntentMatcher::Compiled {
  struct Language {
    std::unique_ptr<re2::RE2::Set> set;
    std::vector<size_t> intent_of;  // pattern index in `set` -> index into `names`
  };
  std::string source_name;
  std::vector<std::string> names;  // file order
  Language languages[2];           // indexed by Lang: zh, then en, the order Match tries
};

IntentMatcher::IntentMatcher() = default;
IntentMatcher::~IntentMatcher() = default;
IntentMatcher::IntentMatcher(IntentMatcher&&) noexcept = default;
IntentMatcher& IntentMatcher::operator=(IntentMatcher&&) noexcept = default;

Status IntentMatcher::LoadFile(const std::string& path, IntentMatcher* out) {
  std::string text;
  if (Status s = ReadTextFile(path, &text); !s.ok()) return s;
  return LoadJson(text, path, out);
}

Status IntentMatcher::LoadJson(std::string_view json_text, const std::string& source_name,
                               IntentMatcher* out) {
  nlohmann::ordered_json doc;
  if (Status s = ParseOrdered(json_text, source_name, &doc); !s.ok()) return s;
  const auto intents = doc.is_object() ? doc.find("intents") : doc.end();
  if (intents == doc.end() || !intents->is_object() || intents->empty()) {
    return Status::InvalidArgument(source_name +
                                   ": expected an object {\"intents\": {\"<name>\": {\"zh\": "
                                   "[patterns], \"en\": [patterns]}, …}}");
  }

  auto compiled = std::make_unique<Compiled>();
  compiled->source_name = source_name;
  for (Lang lang : kAllLangs) {
    compiled->languages[static_cast<int>(lang)].set =
        std::make_unique<re2::RE2::Set>(SetOptions(), re2::RE2::ANCHOR_BOTH);
  }
  for (const auto& [name, by_lang] : intents->items()) {
    const std::string where = source_name + ": intent \"" + name + "\"";
    if (name.empty()) return Status::InvalidArgument(source_name + ": an intent has an empty name");
    if (!by_lang.is_object()) {
      return Status::InvalidArgument(where + ": expected an object {\"zh\": [...], \"en\": [...]}");
    }
    for (const auto& entry : by_lang.items()) {
      const std::string& code = entry.key();
      const bool known = std::any_of(std::begin(kAllLangs), std::end(kAllLangs),
                                     [&](Lang lang) { return code == LangCode(lang); });
      if (!known) {
        return Status::InvalidArgument(where + ": unknown language \"" + code +
                                       "\" (expected \"zh\" and \"en\")");
      }
    }
    const size_t intent = compiled->names.size();
    compiled->names.push_back(name);
    for (Lang lang : kAllLangs) {
      const std::string code = LangCode(lang);
      const auto patterns = by_lang.find(code);
      if (patterns == by_lang.end() || !patterns->is_array() || patterns->empty()) {
        return Status::InvalidArgument(where + ": needs a non-empty list of \"" + code +
                                       "\" patterns");
      }
      Compiled::Language& language = compiled->languages[static_cast<int>(lang)];
      for (const auto& pattern : *patterns) {
        if (!pattern.is_string() || pattern.get_ref<const std::string&>().empty()) {
          return Status::InvalidArgument(where + " (" + code +
                                         "): every pattern must be a non-empty string, found " +
                                         pattern.dump());
        }
        const auto& text = pattern.get_ref<const std::string&>();
        std::string error;
        const int index = language.set->Add(re2::StringPiece(text.data(), text.size()), &error);
        if (index < 0) {
          return Status::InvalidArgument(where + " (" + code + "): pattern \"" + text +
                                         "\" does not compile: " + error);
        }
        // Set::Add numbers patterns 0, 1, 2 … in the order they are added.
        assert(static_cast<size_t>(index) == language.intent_of.size());
        language.intent_of.push_back(intent);
      }
    }
  }
  for (Lang lang : kAllLangs) {
    if (!compiled->languages[static_cast<int>(lang)].set->Compile()) {
      return Status::InvalidArgument(source_name + ": the \"" + LangCode(lang) +
                                     "\" patterns together exceed RE2's memory limit (" +
                                     std::to_string(kMaxMem) + " bytes)");
    }
  }
  out->compiled_ = std::move(compiled);
  return Status::Ok();
}

std::optional<std::string> IntentMatcher::Match(std::string_view normalized) const {
  if (!compiled_) return std::nullopt;
  const re2::StringPiece text(normalized.data(), normalized.size());
  std::vector<int> matches;
  for (Lang lang : kAllLangs) {
    const Compiled::Language& language = compiled_->languages[static_cast<int>(lang)];
    re2::RE2::Set::ErrorInfo info{re2::RE2::Set::kNoError};
    if (language.set->Match(text, &matches, &info)) {
      const int first = *std::min_element(matches.begin(), matches.end());
      return compiled_->names[language.intent_of[static_cast<size_t>(first)]];
    }
    if (info.kind != re2::RE2::Set::kNoError) {
      // Match returns false for "no match" and for "the DFA ran out of memory"
      // alike. A server must answer anyway, so this counts as no intent (the
      // dialog asks again), but never silently: it is logged, without the
      // client's text, and a debug build (the tests) stops here.
      std::fprintf(stderr, "careerbot: %s: RE2::Set::Match failed for the %s patterns (error %d)\n",
                   compiled_->source_name.c_str(), LangCode(lang), static_cast<int>(info.kind));
      assert(!"RE2::Set::Match failed: raise kMaxMem in knowledge/intents.cpp");
    }
  }
  return std::nullopt;
}

bool IntentMatcher::Is(std::string_view normalized, std::string_view name) const {
  // Through Match, so that a text matching several intents "is" only the one
  // Match picks: "不同意" never counts as yes even if a yes pattern covered it.
  const std::optional<std::string> intent = Match(normalized);
  return intent.has_value() && *intent == name;
}

std::vector<std::string> IntentMatcher::Names() const {
  return compiled_ ? compiled_->names : std::vector<std::string>{};
}

}  // namespace careerbot::knowledge
