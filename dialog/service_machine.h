// The service machine: the career-planning service of the specification, clause 5,
// as a Boost.Statechart machine. Private to dialog/; bot/ uses dialog_engine.h.
//
//   (first contact: welcome)
//   consent.notice ──no──► consent.declined ──yes / restart──► consent.notice
//        │ yes (privacy notice accepted)
//        ▼
//   intake.field ◄─┐  the needs survey: one question per field of service.json,
//        │         └─ asked when its condition holds; market information shown
//        ▼            (NeedsSurveyCompleted)
//   agreement.offer ──not now──► agreement.declined ──yes──┐
//        │ accept (service agreement accepted)             │
//        ▼◄────────────────────────────────────────────────┘
//   plan.proposal ──change──► plan.choose
//        │ confirm (PlanProposed)  │
//        ▼◄────────────────────────┘
//   assessment.item ◄─┐  every instrument of the plan, one item per message
//        │            └─ more items / instruments (AnswerRecorded, AssessmentCompleted)
//        ▼
//   feedback.rating ──► feedback.goals ──► feedback.comment ──► closed
//                                             (FeedbackGiven)
//
//   Interruptions, from any state, return to the state they interrupted:
//   session.paused (pause), session.returning (back after the inactivity period),
//   complaint.category ──► complaint.description ──► complaint.contact (ComplaintFiled),
//   privacy.confirm_delete (delete my data; yes starts again at consent.notice).
//   Commands answered in place: help, agreement, human, my data, complaint status,
//   language, and the distress reply.
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
  // Interruptions are never returned to: an interruption of an interruption returns
  // to the state before both.
  virtual bool interruption() const { return false; }
  // While a counsellor talks with the client the bot stays quiet: every message is
  // the client's words to the counsellor, never a command or an answer.
  virtual bool relays() const { return false; }
};

class ServiceMachine : public sc::state_machine<ServiceMachine, Restoring> {
 public:
  ServiceMachine(const knowledge::KnowledgeBase& kb, const EngineOptions& options,
                 const Inbound& inbound, const ClientRecords* records, SessionContext& ctx,
                 TurnOutput& out)
      : kb_(kb), options_(options), inbound_(inbound), records_(records), ctx_(&ctx), out_(&out) {}
  ~ServiceMachine() { terminate(); }

  const knowledge::KnowledgeBase& kb() const { return kb_; }
  const EngineOptions& options() const { return options_; }
  const Inbound& inbound() const { return inbound_; }
  const ClientRecords* records() const { return records_; }
  int64_t now_ms() const { return inbound_.received_at_ms; }
  // The session's context and the turn's output are the machine's sinks: states
  // write to them from const member functions (Ask), hence the pointers.
  SessionContext& ctx() const { return *ctx_; }
  knowledge::Lang lang() const { return ctx_->lang; }

  bool restoring() const { return restoring_; }
  void set_restoring(bool on) { restoring_ = on; }

  std::string Text(const std::string& key, const knowledge::TextParams& params = {}) const;
  void Say(const std::string& key, const knowledge::TextParams& params = {}) const;
  void SayText(std::string text) const { SayWithChoices(std::move(text), {}); }
  void SayWithChoices(std::string text, std::vector<Choice> choices) const;
  void SayWithLink(std::string text, Link link) const;
  void Record(DomainEvent event) const { out_->events.push_back(std::move(event)); }

  // The client's preferred name, as the texts' {name}.
  std::string ClientName() const;
  // The institution's profile as text parameters {institution}, {registration_no}, {contact}.
  knowledge::TextParams InstitutionParams() const;
  // A date of the service's time zone (UTC+8), "2026-11-27".
  static std::string FormatDate(int64_t ms);

 private:
  const knowledge::KnowledgeBase& kb_;
  const EngineOptions& options_;
  const Inbound& inbound_;
  const ClientRecords* records_;
  SessionContext* ctx_;
  TurnOutput* out_;
  bool restoring_ = false;
};

// Whether the context holds what `state` needs, so that a snapshot written by
// another version of the flow (fewer intake fields, a changed instrument) never
// indexes out of range.
bool SnapshotFits(const std::string& state, const SessionContext& ctx, const knowledge::KnowledgeBase& kb);

}  // namespace careerbot::dialog
