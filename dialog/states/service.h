// Service: the state around every leaf, home of the commands that work in every
// state; Restoring, the machine's initial state; and Leaf, the base of every leaf.
#pragma once

#include <boost/mpl/list.hpp>
#include <boost/statechart/custom_reaction.hpp>
#include <boost/statechart/simple_state.hpp>
#include <boost/statechart/state.hpp>

#include "dialog/events.h"
#include "dialog/service_machine.h"

namespace careerbot::dialog {

struct Consent;

struct Restoring : sc::simple_state<Restoring, ServiceMachine> {
  using reactions = sc::custom_reaction<EvRestore>;
  sc::result react(const EvRestore& event);
};

struct Service : sc::simple_state<Service, ServiceMachine, Consent> {
  using reactions = boost::mpl::list<
      sc::custom_reaction<EvHelp>, sc::custom_reaction<EvRestart>, sc::custom_reaction<EvPause>,
      sc::custom_reaction<EvBack>, sc::custom_reaction<EvShowAgreement>, sc::custom_reaction<EvHuman>,
      sc::custom_reaction<EvMyData>, sc::custom_reaction<EvDeleteData>, sc::custom_reaction<EvExportData>,
      sc::custom_reaction<EvLanguage>,
      sc::custom_reaction<EvComplaint>, sc::custom_reaction<EvComplaintStatus>,
      sc::custom_reaction<EvFeedback>, sc::custom_reaction<EvDistress>, sc::custom_reaction<EvResume>,
      sc::custom_reaction<EvInactive>, sc::custom_reaction<EvReturn>, sc::custom_reaction<EvUnreadable>,
      sc::custom_reaction<EvStaff>>;
  sc::result react(const EvHelp&);
  sc::result react(const EvRestart&);
  sc::result react(const EvPause&);
  sc::result react(const EvBack&);
  sc::result react(const EvShowAgreement&);
  sc::result react(const EvHuman&);
  sc::result react(const EvMyData&);
  sc::result react(const EvDeleteData&);
  sc::result react(const EvExportData&);
  sc::result react(const EvLanguage&);
  sc::result react(const EvComplaint&);
  sc::result react(const EvComplaintStatus&);
  sc::result react(const EvFeedback&);
  sc::result react(const EvDistress&);
  sc::result react(const EvResume&);
  sc::result react(const EvInactive&);
  sc::result react(const EvReturn&);
  sc::result react(const EvUnreadable&);
  sc::result react(const EvStaff&);  // states/staff_reactions.cpp

 private:
  const Prompting& Current() const { return state_cast<const Prompting&>(); }
  // Where an interruption started now must return to: the current state, or,
  // when that is an interruption itself, the state it will return to.
  void RememberReturn() const;
  // The reactions to staff actions (states/staff_reactions.cpp).
  sc::result React(const CounsellorJoined& action);
  sc::result React(const CounsellorMessage& action);
  sc::result React(const CounsellorLeft& action);
  sc::result React(const PlanApproved& action);
  sc::result React(const CaseClosed& action);
  sc::result React(const PersonalDataErased& action);
  sc::result React(const Notice& action);
};

// The base of every leaf state: its id, the machine, and the entry question.
template <class Derived>
struct Leaf : sc::state<Derived, Service>, Prompting {
  using Base = sc::state<Derived, Service>;
  explicit Leaf(typename Base::my_context ctx) : Base(ctx) {}
  const char* id() const override { return Derived::kId; }
  const ServiceMachine& machine() const { return this->outermost_context(); }
  // Asks the question on entry, unless the state is only being restored.
  void AskOnEntry() const {
    if (!machine().restoring()) this->Ask();
  }
};

}  // namespace careerbot::dialog
