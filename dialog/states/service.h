// Service: the state around every leaf, home of the commands that work in every
// state (help, restart), and Restoring, the machine's initial state.
#pragma once

#include <boost/mpl/list.hpp>
#include <boost/statechart/custom_reaction.hpp>
#include <boost/statechart/simple_state.hpp>

#include "dialog/events.h"
#include "dialog/service_machine.h"

namespace careerbot::dialog {

struct Consent;

struct Restoring : sc::simple_state<Restoring, ServiceMachine> {
  using reactions = sc::custom_reaction<EvRestore>;
  sc::result react(const EvRestore& event);
};

struct Service : sc::simple_state<Service, ServiceMachine, Consent> {
  using reactions = boost::mpl::list<sc::custom_reaction<EvHelp>, sc::custom_reaction<EvRestart>,
                                     sc::custom_reaction<EvResume>>;
  sc::result react(const EvHelp&);
  sc::result react(const EvResume&);
  sc::result react(const EvRestart&);
};

}  // namespace careerbot::dialog
