// The assessment verbs of the command line (docs/instruments.md, docs/occupations.md):
//
//   careerbot score --instrument ID --answers FILE [--json] [--lang zh|en] [--form ID]
//                   [--group NAME] [--region CODE] [--interpret]
//   careerbot instruments list [--json]
//   careerbot instruments check [FILE ...]
//   careerbot norms build --instrument ID --from FILE.csv [--group NAME]
//                         [--description TEXT] [--out FILE] [--min-n N]
//   careerbot occupations match --interests R,I,A,S,E,C --education ID [--years N]
//                               [--values A,W,R,R,S,I] [--limit N] [--lang zh|en] [--json]
//
// Every verb also takes --config FILE and --knowledge-dir DIR (the knowledge data to
// use; by default the configuration's, else the one built in). They parse their own
// options (main.cpp hands them the raw arguments) because they take flags without a
// value (--json), which the server verbs' parser does not have.
#pragma once

#include <iosfwd>
#include <string>
#include <string_view>
#include <vector>

namespace careerbot::bot {

// True for "score", "instruments", "norms" and "occupations".
bool IsInstrumentVerb(std::string_view verb);

// Runs one of those verbs; `args` starts with the verb. Returns the exit code:
// 0 done, 1 bad input or a failed check (the reason on `err`), 2 bad usage.
int RunInstrumentCommand(const std::vector<std::string>& args, std::istream& in, std::ostream& out,
                         std::ostream& err);

}  // namespace careerbot::bot
