// The arguments of the command-line verbs that parse their own (staff, backup,
// archive, export …): positional arguments and "--name VALUE" / "--name=VALUE"
// options, each option at most once. One parser, so every verb answers bad usage
// the same way.
#pragma once

#include <map>
#include <set>
#include <string>
#include <vector>

namespace careerbot::bot {

struct VerbArguments {
  std::vector<std::string> positional;
  std::map<std::string, std::string> options;
};

// Reads args[from…]. Only options in `allowed` are accepted; the unknown-option
// message ends with `context` when it is not empty ("unknown option --x for backup").
// false with *error set on bad usage; *out is then partly filled.
inline bool ParseVerbArguments(const std::vector<std::string>& args, size_t from, const std::set<std::string>& allowed,
                               const std::string& context, VerbArguments* out, std::string* error) {
  for (size_t i = from; i < args.size(); ++i) {
    const std::string& a = args[i];
    if (a.rfind("--", 0) != 0) {
      out->positional.push_back(a);
      continue;
    }
    std::string name = a, value;
    if (const size_t eq = a.find('='); eq != std::string::npos) {
      name = a.substr(0, eq);
      value = a.substr(eq + 1);
    } else if (i + 1 < args.size()) {
      value = args[++i];
    } else {
      *error = "option " + name + " needs a value";
      return false;
    }
    if (!allowed.count(name)) {
      *error = "unknown option " + name + (context.empty() ? "" : " " + context);
      return false;
    }
    if (!out->options.emplace(name, value).second) {
      *error = "option " + name + " given twice";
      return false;
    }
  }
  return true;
}

}  // namespace careerbot::bot
