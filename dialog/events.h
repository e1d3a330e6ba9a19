// The events of the service machine, one line each. Private to dialog/.
#pragma once

#include <boost/statechart/event.hpp>
#include <optional>
#include <string>

#include "dialog/staff_actions.h"
#include "knowledge/lang.h"

namespace careerbot::dialog {

namespace sc = boost::statechart;

// Restores the snapshot's state (empty: a first contact, which starts the service).
struct EvRestore : sc::event<EvRestore> { std::string state; };
// An answer to the current question: a tapped choice, or typed text.
struct EvInput : sc::event<EvInput> {
  std::optional<std::string> choice;
  std::string raw;         // as typed
  std::string normalized;  // NormalizeText + TrimTrailingPunctuation
};
// The commands that work in every state (intents of knowledge/data/intents.json).
struct EvHelp : sc::event<EvHelp> {};
struct EvRestart : sc::event<EvRestart> {};
struct EvPause : sc::event<EvPause> {};
struct EvBack : sc::event<EvBack> {};
struct EvShowAgreement : sc::event<EvShowAgreement> {};
struct EvHuman : sc::event<EvHuman> {};
struct EvMyData : sc::event<EvMyData> {};
struct EvDeleteData : sc::event<EvDeleteData> {};
struct EvExportData : sc::event<EvExportData> {};
struct EvLanguage : sc::event<EvLanguage> { knowledge::Lang lang = knowledge::Lang::kZh; };
struct EvComplaint : sc::event<EvComplaint> {};
struct EvComplaintStatus : sc::event<EvComplaintStatus> { std::string text; };
struct EvFeedback : sc::event<EvFeedback> {};
// A message that shows a risk of self-harm, whatever else it says.
struct EvDistress : sc::event<EvDistress> {};
// The client opened the conversation again (a new terminal chat).
struct EvResume : sc::event<EvResume> {};
// The client sent something the channel cannot read as text (an image, a sticker).
struct EvUnreadable : sc::event<EvUnreadable> {};
// The client comes back after the inactivity period, in the middle of the service.
struct EvInactive : sc::event<EvInactive> {};
// An interruption (pause, complaint, …) is over: back to the state saved before it.
struct EvReturn : sc::event<EvReturn> {};
// A staff member acted on the client's case (staff_actions.h); one event for all,
// dispatched in Service.
struct EvStaff : sc::event<EvStaff> { const StaffAction* action = nullptr; };

}  // namespace careerbot::dialog
