// A conversation as the load tool plays it: the messages of a transcript
// (tests/conversations/*.chat, the format bot/conversation_script.h describes)
// and, attached to each message, the checks of its answer.
//
// The load tool talks to a real server with a real clock, so it plays what it can
// and refuses what it cannot: "@wait" (the client away for hours) is an error;
// "@pace" is ignored (messages go as fast as the answers come; the server's
// response-time validity note then says "0 s", which transcripts check only in
// validity_flagged.*); "@records" is ignored (it reads the store, which a client
// over HTTP cannot see).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "base/status.h"

namespace careerbot::bench {

struct Check {
  enum class Kind { kContains, kNotContains, kState, kProgress };
  Kind kind;
  std::string arg;  // the words, the state id, or "done/total" ("none": no progress)
  int line = 0;     // in the transcript, for the report
};

struct Step {
  std::string text;                   // what the client types ("" with a choice)
  std::optional<std::string> choice;  // the id of a tapped choice
  std::optional<std::string> lang;    // the language the channel reports, if any
  std::vector<Check> checks;          // of this message's answer
  int line = 0;
};

struct Script {
  std::string file;
  std::vector<Step> steps;
};

// Parses a transcript. InvalidArgument names the file and line of an instruction
// the load tool cannot play or does not know, or of a check before any message.
Status ParseScript(const std::string& file, const std::string& text, Script* out);

// Reads and parses the file.
Status LoadScript(const std::string& path, Script* out);

}  // namespace careerbot::bench
