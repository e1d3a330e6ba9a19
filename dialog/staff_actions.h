// What a staff member does that the client is told of in their conversation: a
// counsellor joins it (a hand-off taken), writes in it, leaves it; a service plan
// approved; the case closed; a notice (a complaint answered, a report ready).
// bot/ runs each as a turn of the client's conversation (DialogEngine::
// ProcessStaffAction), so it changes the session the way a client's message would
// and is journaled and delivered the same way.
#pragma once

#include <optional>
#include <string>
#include <utility>
#include <variant>
#include <vector>

#include "dialog/messages.h"

namespace careerbot::dialog {

// The client talks to this counsellor from now on; the bot stays quiet.
struct CounsellorJoined {
  std::string counsellor;  // the name the client sees
};
// A message of the counsellor to the client (only while joined).
struct CounsellorMessage {
  std::string counsellor;
  std::string text;
};
// The counsellor left: the client is back where they were in the service.
struct CounsellorLeft {};
// A counsellor changed and approved the service plan (S-5.3): it drives the
// assessments from now on.
struct PlanApproved {
  int version = 0;
  std::vector<std::string> assessments;  // instrument ids, in order
};
// The case is closed (S-5.6): the client is asked for their feedback.
struct CaseClosed {};
// The client asked the institution (not in the chat) to delete their personal
// data, and a staff member does it: as the chat's own "delete my data" does.
struct PersonalDataErased {
  // What the client is told (knowledge/data/texts.json), with its parameters.
  std::string text_key = "delete.done";
  std::vector<std::pair<std::string, std::string>> params;
};
// A message from the knowledge base's texts, with its parameters, and a link whose
// title is a text too.
struct Notice {
  std::string text_key;
  std::vector<std::pair<std::string, std::string>> params;
  std::optional<std::string> link_url;
  std::string link_title_key;  // used with link_url
};

using StaffAction =
    std::variant<CounsellorJoined, CounsellorMessage, CounsellorLeft, PlanApproved, CaseClosed, PersonalDataErased, Notice>;

}  // namespace careerbot::dialog
