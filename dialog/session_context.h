// The data of a conversation that outlives a turn: what the machine needs to be
// restored exactly where it was. Persisted as JSON with the state id.
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"
#include "knowledge/lang.h"

namespace careerbot::dialog {

struct SessionContext {
  knowledge::Lang lang = knowledge::Lang::kZh;
  bool consented = false;
  std::map<std::string, std::string> profile;  // intake answers by field id
  size_t field = 0;                            // index of the intake question asked
  std::vector<std::string> plan;               // instrument ids still to take, in order
  size_t plan_index = 0;
  std::string instrument;                      // the instrument being taken
  int attempt = 0;                             // increases with every instrument started
  size_t item = 0;                             // index of the item asked
  std::vector<int> answers;                    // by item index; 0 = unanswered
  int rating = 0;                              // feedback rating given, 0 = none yet

  // Forgets where the client was (for "restart"), keeping language and consent.
  void ResetProgress();
};

// JSON round trip. Parse fails with InvalidArgument on a malformed snapshot; an
// empty string gives a fresh context.
std::string SerializeSessionContext(const SessionContext& ctx);
Status ParseSessionContext(std::string_view json_text, SessionContext* out);

}  // namespace careerbot::dialog
