// The only file that includes every state: the restore table and the commands
// that work in every state.
#include "dialog/service_machine.h"

#include <map>
#include <string_view>

#include "dialog/states/assessment.h"
#include "dialog/states/consent.h"
#include "dialog/states/feedback.h"
#include "dialog/states/intake.h"
#include "dialog/states/service.h"
#include "knowledge/knowledge_base.h"

namespace careerbot::dialog {

std::string ServiceMachine::Text(const std::string& key, const knowledge::TextParams& params) const {
  return kb_.texts.Render(key, lang(), params);
}

void ServiceMachine::Say(const std::string& key, const knowledge::TextParams& params) const {
  out_->replies.push_back(Reply{Text(key, params), {}, std::nullopt});
}

void ServiceMachine::SayWithChoices(std::string text, std::vector<Choice> choices) const {
  out_->replies.push_back(Reply{std::move(text), std::move(choices), std::nullopt});
}

std::string ServiceMachine::ClientName() const {
  auto it = ctx_->profile.find("name");
  return it == ctx_->profile.end() ? std::string() : it->second;
}

namespace {

using Jump = sc::result (*)(Restoring&);

template <class State>
sc::result JumpTo(Restoring& from) {
  return from.transit<State>();
}

// Every leaf state, by the id its snapshots carry.
const std::map<std::string_view, Jump>& RestoreTable() {
  static const std::map<std::string_view, Jump> table = {
      {Consent::kId, &JumpTo<Consent>},       {Declined::kId, &JumpTo<Declined>},
      {AskingField::kId, &JumpTo<AskingField>}, {AskingItem::kId, &JumpTo<AskingItem>},
      {Rating::kId, &JumpTo<Rating>},         {Comment::kId, &JumpTo<Comment>},
      {Closed::kId, &JumpTo<Closed>},
  };
  return table;
}

}  // namespace

sc::result Restoring::react(const EvRestore& event) {
  ServiceMachine& m = outermost_context();
  if (event.state.empty()) {
    m.set_restoring(false);
    m.Say("welcome", {{"institution", m.options().institution_name}});
    return transit<Consent>();
  }
  auto jump = RestoreTable().find(event.state);
  if (jump != RestoreTable().end()) return jump->second(*this);
  // A snapshot from a flow that no longer exists (the caller checked the id and
  // the context first, so this only happens through a bad snapshot): start the
  // step again rather than fail the client.
  m.set_restoring(false);
  m.Say("restore.reset");
  m.ctx().ResetProgress();
  if (m.ctx().consented) return transit<AskingField>();
  return transit<Consent>();
}

sc::result Service::react(const EvHelp&) {
  const ServiceMachine& m = outermost_context();
  m.Say("help.text");
  state_cast<const Prompting&>().Ask();
  return discard_event();
}

sc::result Service::react(const EvResume&) {
  outermost_context().Say("resume.welcome_back");
  state_cast<const Prompting&>().Ask();
  return discard_event();
}

sc::result Service::react(const EvRestart&) {
  const ServiceMachine& m = outermost_context();
  m.ctx().ResetProgress();
  m.Say("restart.done");
  if (m.ctx().consented) return transit<AskingField>();
  return transit<Consent>();
}

}  // namespace careerbot::dialog
