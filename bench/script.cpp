#include "bench/script.h"

#include <fstream>
#include <sstream>

namespace careerbot::bench {
namespace {

std::string Trim(const std::string& s) {
  const size_t begin = s.find_first_not_of(" \t\r");
  if (begin == std::string::npos) return "";
  return s.substr(begin, s.find_last_not_of(" \t\r") - begin + 1);
}

}  // namespace

Status ParseScript(const std::string& file, const std::string& text, Script* out) {
  Script script;
  script.file = file;
  std::string lang;  // "" until an @lang
  std::istringstream lines(text);
  std::string raw;
  int line = 0;
  auto add = [&](std::string typed, std::optional<std::string> choice) {
    Step step;
    step.text = std::move(typed);
    step.choice = std::move(choice);
    if (!lang.empty()) step.lang = lang;
    step.line = line;
    script.steps.push_back(std::move(step));
  };
  while (std::getline(lines, raw)) {
    ++line;
    const std::string entry = Trim(raw);
    if (entry.empty() || entry[0] == '#') continue;
    const std::string where = file + ":" + std::to_string(line);
    auto arg = [&](size_t prefix) { return Trim(entry.substr(prefix)); };
    auto check = [&](Check::Kind kind, std::string value) -> Status {
      if (script.steps.empty()) return Status::InvalidArgument(where + ": a check before any message");
      script.steps.back().checks.push_back(Check{kind, std::move(value), line});
      return Status::Ok();
    };
    Status s;
    if (entry.rfind(">>", 0) == 0) {
      add("", arg(2));
    } else if (entry[0] == '>') {
      add(arg(1), std::nullopt);
    } else if (entry.rfind("<!", 0) == 0) {
      s = check(Check::Kind::kNotContains, arg(2));
    } else if (entry[0] == '<') {
      s = check(Check::Kind::kContains, arg(1));
    } else if (entry[0] == '=') {
      s = check(Check::Kind::kState, arg(1));
    } else if (entry[0] == '%') {
      s = check(Check::Kind::kProgress, arg(1));
    } else if (entry.rfind("@lang ", 0) == 0) {
      lang = arg(6);
      if (lang != "zh" && lang != "en") return Status::InvalidArgument(where + ": @lang takes zh or en");
    } else if (entry.rfind("@repeat ", 0) == 0) {
      std::istringstream words(arg(8));
      int times = 0;
      std::string typed;
      if (!(words >> times) || times < 1 || times > 1000) {
        return Status::InvalidArgument(where + ": @repeat N text");
      }
      std::getline(words, typed);
      for (int i = 0; i < times; ++i) add(Trim(typed), std::nullopt);
    } else if (entry.rfind("@wait ", 0) == 0) {
      return Status::InvalidArgument(where +
                                     ": @wait needs a clock the load tool does not control; "
                                     "choose a transcript without it");
    } else if (entry.rfind("@pace ", 0) == 0 || entry.rfind("@records ", 0) == 0) {
      // See script.h: played as fast as answers come; the store is not visible.
    } else {
      return Status::InvalidArgument(where + ": not an instruction: " + entry);
    }
    if (!s.ok()) return s;
  }
  if (script.steps.empty()) return Status::InvalidArgument(file + ": no message to send");
  *out = std::move(script);
  return Status::Ok();
}

Status LoadScript(const std::string& path, Script* out) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Status::InvalidArgument(path + ": cannot read the transcript");
  std::stringstream buffer;
  buffer << in.rdbuf();
  return ParseScript(path, buffer.str(), out);
}

}  // namespace careerbot::bench
