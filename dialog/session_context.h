// The data of a conversation that outlives a turn: what the machine needs to be
// restored exactly where it was. Persisted as JSON with the state id.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"
#include "dialog/messages.h"
#include "knowledge/lang.h"

namespace careerbot::dialog {

struct SessionContext {
  knowledge::Lang lang = knowledge::Lang::kZh;
  bool consented = false;                // agreed to the privacy notice
  std::string agreement_version;         // the service agreement version accepted, "" for none
  int64_t agreement_at_ms = 0;
  std::map<std::string, std::string> profile;  // needs-survey answers by field id ("" = skipped)
  size_t field = 0;                      // index of the intake question asked
  int fails = 0;                         // failed attempts at the current question
  std::vector<std::string> plan;         // instrument ids of the plan, in order
  int plan_version = 0;                  // versions of the plan proposed or confirmed so far
  bool plan_by_counsellor = false;       // the plan is one a counsellor approved (S-5.3)
  size_t plan_index = 0;
  std::string instrument;                // the instrument being taken
  int attempt = 0;                       // increases with every instrument started
  size_t item = 0;                       // index of the item asked
  std::vector<int> answers;              // by item index; 0 = unanswered
  std::vector<int64_t> answered_at_ms;   // by item index; 0 = unanswered
  int64_t started_at_ms = 0;             // when the instrument's first item was shown
  bool results_done = false;             // every instrument of the plan was scored
  int rating = 0;                        // feedback being given
  std::string goals_met;
  std::string feedback_return;           // where feedback returns to ("closed" at the end)
  std::string resume_state;              // the state an interruption returns to
  std::string complaint_category;        // a complaint being filed
  std::string complaint_description;
  // What staff said while the client's channel could not be written to (it only
  // answers the client's own messages): given first in the client's next answer.
  std::vector<Reply> held_replies;

  // Forgets where the client was (for "restart"), keeping language, consent and
  // the accepted agreement.
  void ResetProgress();
  // Forgets everything but the language (after the client's data was deleted).
  void Forget();
};

// JSON round trip. Parse fails with InvalidArgument on a malformed snapshot; an
// empty string gives a fresh context.
std::string SerializeSessionContext(const SessionContext& ctx);
Status ParseSessionContext(std::string_view json_text, SessionContext* out);

}  // namespace careerbot::dialog
