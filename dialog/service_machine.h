// The service machine: the career-planning service of the specification, clause 5,
// as a Boost.Statechart machine. Private to dialog/; bot/ uses dialog_engine.h.
//
//   (first contact)
//        │ welcome
//        ▼
//   consent.notice ──no──► consent.declined ──yes / restart──┐
//        │ yes (ConsentGiven)          ▲                      │
//        ▼                             └──────────────────────┘
//   intake.field ◄─┐  one question per field of service.json
//        │ valid   └─ more fields (ProfileFieldSet)
//        ▼
//   assessment.item ◄─┐  one item per message, for each instrument of the plan
//        │ last item  └─ more items (AnswerRecorded)
//        │ results (AssessmentCompleted)
//        ▼
//   feedback.rating ──► feedback.comment ──► closed
//                            (FeedbackGiven)
//
//   In every state: help (explains, asks the current question again) and restart
//   (back to intake.field, or consent.notice without consent).
//
// The machine lives for one turn. It starts in Restoring, whose reaction to
// EvRestore transits into the snapshot's state silently (restoring() is true, so
// entry actions do not speak); then the turn's event is processed. Every leaf
// state implements Prompting: its id and its question.
#pragma once

#include <boost/statechart/state_machine.hpp>
#include <cstdint>
#include <string>
#include <vector>

#include "dialog/dialog_engine.h"
#include "dialog/messages.h"
#include "dialog/session_context.h"
#include "knowledge/text_catalog.h"

namespace careerbot::knowledge {
struct KnowledgeBase;
}

namespace careerbot::dialog {

namespace sc = boost::statechart;

struct Restoring;

// What the states produce during a turn.
struct TurnOutput {
  std::vector<Reply> replies;
  std::vector<DomainEvent> events;
};

// Implemented by every leaf state.
class Prompting {
 public:
  virtual ~Prompting() = default;
  virtual const char* id() const = 0;
  // Asks this state's question (again): used on entry and after help or a bad answer.
  virtual void Ask() const = 0;
};

class ServiceMachine : public sc::state_machine<ServiceMachine, Restoring> {
 public:
  ServiceMachine(const knowledge::KnowledgeBase& kb, const EngineOptions& options,
                 SessionContext& ctx, TurnOutput& out)
      : kb_(kb), options_(options), ctx_(&ctx), out_(&out) {}
  ~ServiceMachine() { terminate(); }

  const knowledge::KnowledgeBase& kb() const { return kb_; }
  const EngineOptions& options() const { return options_; }
  // The session's context and the turn's output are the machine's sinks: states
  // write to them from const member functions (Ask), hence the pointers.
  SessionContext& ctx() const { return *ctx_; }
  knowledge::Lang lang() const { return ctx_->lang; }

  bool restoring() const { return restoring_; }
  void set_restoring(bool on) { restoring_ = on; }

  std::string Text(const std::string& key, const knowledge::TextParams& params = {}) const;
  void Say(const std::string& key, const knowledge::TextParams& params = {}) const;
  void SayWithChoices(std::string text, std::vector<Choice> choices) const;
  void Record(DomainEvent event) const { out_->events.push_back(std::move(event)); }

  // The client's preferred name, as the texts' {name}.
  std::string ClientName() const;

 private:
  const knowledge::KnowledgeBase& kb_;
  const EngineOptions& options_;
  SessionContext* ctx_;
  TurnOutput* out_;
  bool restoring_ = false;
};

}  // namespace careerbot::dialog
