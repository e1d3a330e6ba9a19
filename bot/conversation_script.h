// Conversation tests as data: transcripts that say what a client sends and what
// the bot must answer, run through the real conversation service (dialog engine,
// knowledge, an in-memory store). Used by the test suite on tests/conversations/
// and by `careerbot test-conversations FILES` for people who change texts or flows.
//
// The format, one instruction per line ('#' starts a comment):
//   > text            the client types text
//   >> choice-id      the client taps a choice
//   < words           some reply of the last answer contains these words (in its
//                     text, a choice's label, or its link's title and address)
//   <! words          no reply of the last answer contains them
//   = state           the conversation is in this state now
//   % done/total      the last answer shows this progress
//   @lang zh|en       the language the channel reports for the following messages
//   @repeat N text    the client types text N times
//   @wait 25h         the client is away for a while (s, m, h or d)
//   @pace 5s          each following message comes this long after the one
//                     before (1s at the start)
//   @records kind N   the store holds N records of a kind for the client
//                     (profile, consents, answers, results, plans, surveys,
//                     feedback, complaints, handoffs, messages)
#pragma once

#include <string>
#include <vector>

#include "base/status.h"

namespace careerbot::knowledge {
struct KnowledgeBase;
}

namespace careerbot::bot {

struct ScriptFailure {
  std::string file;
  int line = 0;
  std::string message;  // what was expected, and what the bot said
};

struct ScriptReport {
  int scripts = 0;
  int checks = 0;
  std::vector<ScriptFailure> failures;
};

// Runs one transcript (its text, named `file` in failures) with a fresh in-memory
// store. InvalidArgument for a malformed transcript; failed checks go to the report.
Status RunConversationScript(const knowledge::KnowledgeBase& kb, const std::string& institution,
                             const std::string& file, const std::string& text, ScriptReport* report);

}  // namespace careerbot::bot
