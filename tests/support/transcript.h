// Transcript: a whole answer as one string, so one assertion reads an exchange.
// Each reply is its text, then its choice ids in brackets when it has choices;
// replies are separated by " | ".
//   CHECK(Transcript(answer) == "第 1/48 题：… [1 2 3 4 5]");
#pragma once

#include <string>

#include "dialog/messages.h"

namespace careerbot::testing {

inline std::string Transcript(const dialog::TurnAnswer& answer) {
  std::string out;
  for (const auto& reply : answer.replies) {
    if (!out.empty()) out += " | ";
    out += reply.text;
    if (!reply.choices.empty()) {
      out += " [";
      for (size_t i = 0; i < reply.choices.size(); ++i) {
        out += (i ? " " : "") + reply.choices[i].id;
      }
      out += "]";
    }
  }
  return out;
}

}  // namespace careerbot::testing
