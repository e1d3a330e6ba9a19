#include "knowledge/distress.h"

#include <re2/re2.h>

#include "knowledge/json_file.h"

namespace careerbot::knowledge {

struct DistressDetector::Compiled {
  std::unique_ptr<RE2> risk;
  std::unique_ptr<RE2> not_risk;
};

DistressDetector::DistressDetector() = default;
DistressDetector::~DistressDetector() = default;
DistressDetector::DistressDetector(DistressDetector&&) noexcept = default;
DistressDetector& DistressDetector::operator=(DistressDetector&&) noexcept = default;

namespace {

using nlohmann::json;

// One alternation of every pattern of both languages; each is checked on its own
// first, so an error names the pattern.
Status CompileList(const json& doc, const char* list, const std::string& path,
                   std::unique_ptr<RE2>* out) {
  auto it = doc.find(list);
  if (it == doc.end() || !it->is_object()) {
    return Status::InvalidArgument(path + ": \"" + list + "\" must be an object {\"zh\": [...], \"en\": [...]}");
  }
  RE2::Options options;
  options.set_log_errors(false);
  options.set_never_capture(true);
  std::string alternation;
  for (const char* lang : {"zh", "en"}) {
    auto patterns = it->find(lang);
    if (patterns == it->end() || !patterns->is_array() || patterns->empty()) {
      return Status::InvalidArgument(path + ": \"" + list + "\" needs a non-empty \"" + lang + "\" list");
    }
    for (const auto& p : *patterns) {
      if (!p.is_string()) return Status::InvalidArgument(path + ": \"" + list + "\" patterns must be strings");
      const std::string pattern = p.get<std::string>();
      RE2 check(pattern, options);
      if (!check.ok()) {
        return Status::InvalidArgument(path + ": \"" + list + "\" pattern \"" + pattern +
                                       "\" does not compile: " + check.error());
      }
      alternation += (alternation.empty() ? "(?:" : "|(?:") + pattern + ")";
    }
  }
  *out = std::make_unique<RE2>(alternation, options);
  if (!(*out)->ok()) return Status::InvalidArgument(path + ": \"" + list + "\" patterns do not compile together");
  return Status::Ok();
}

Status ParseHotlines(const json& doc, const std::string& path, std::vector<Hotline>* out) {
  auto it = doc.find("hotlines");
  if (it == doc.end() || !it->is_array() || it->empty()) {
    return Status::InvalidArgument(path + ": \"hotlines\" must be a non-empty list");
  }
  for (const auto& entry : *it) {
    Hotline hotline;
    auto name = entry.find("name");
    auto number = entry.find("number");
    if (!entry.is_object() || name == entry.end() || !name->is_object() || number == entry.end() ||
        !number->is_string() || number->get_ref<const std::string&>().empty()) {
      return Status::InvalidArgument(path + ": each hotline needs \"name\" {\"zh\", \"en\"} and \"number\"");
    }
    hotline.name.zh = name->value("zh", "");
    hotline.name.en = name->value("en", "");
    if (hotline.name.zh.empty() || hotline.name.en.empty()) {
      return Status::InvalidArgument(path + ": hotline " + number->get<std::string>() + ": needs a zh and an en name");
    }
    hotline.number = number->get<std::string>();
    out->push_back(std::move(hotline));
  }
  return Status::Ok();
}

}  // namespace

Status DistressDetector::LoadFile(const std::string& path, DistressDetector* out) {
  json doc;
  if (Status s = ReadJsonFile(path, &doc); !s.ok()) return s;
  if (!doc.is_object()) return Status::InvalidArgument(path + ": must be a JSON object");
  DistressDetector detector;
  detector.compiled_ = std::make_unique<Compiled>();
  if (Status s = CompileList(doc, "risk", path, &detector.compiled_->risk); !s.ok()) return s;
  if (Status s = CompileList(doc, "not_risk", path, &detector.compiled_->not_risk); !s.ok()) return s;
  if (Status s = ParseHotlines(doc, path, &detector.hotlines_); !s.ok()) return s;
  *out = std::move(detector);
  return Status::Ok();
}

bool DistressDetector::ShowsRisk(std::string_view normalized) const {
  if (!compiled_) return false;
  std::string text(normalized);
  // A space, so that removing "不想死" from "我不想死想活" cannot join two halves into a phrase.
  RE2::GlobalReplace(&text, *compiled_->not_risk, " ");
  return RE2::PartialMatch(text, *compiled_->risk);
}

}  // namespace careerbot::knowledge
