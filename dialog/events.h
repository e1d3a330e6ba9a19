// The events of the service machine, one line each. Private to dialog/.
#pragma once

#include <boost/statechart/event.hpp>
#include <optional>
#include <string>

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
struct EvHelp : sc::event<EvHelp> {};
struct EvRestart : sc::event<EvRestart> {};
// The client came back (a terminal chat started again): remind them where they are.
struct EvResume : sc::event<EvResume> {};

}  // namespace careerbot::dialog
