// The service's reactions to what staff do (staff_actions.h). Each runs as a turn
// of the client's conversation: what it says goes to the client like any reply.
#include <algorithm>
#include <variant>

#include "dialog/states/assessment.h"
#include "dialog/states/consent.h"
#include "dialog/states/counselling.h"
#include "dialog/states/feedback.h"
#include "dialog/states/plan.h"
#include "knowledge/knowledge_base.h"

namespace careerbot::dialog {
namespace {

bool Contains(const std::vector<std::string>& list, const std::string& id) {
  return std::find(list.begin(), list.end(), id) != list.end();
}

// "1. 霍兰德职业兴趣测验\n2. …": the plan's instruments in the client's language.
std::string PlanLines(const ServiceMachine& m, const std::vector<std::string>& plan) {
  std::string lines;
  int n = 0;
  for (const auto& id : plan) {
    lines += (lines.empty() ? "" : "\n") + std::to_string(++n) + ". " + m.kb().FindInstrument(id)->name.in(m.lang());
  }
  return lines;
}

}  // namespace

sc::result Service::react(const EvStaff& event) {
  return std::visit([this](const auto& action) { return React(action); }, *event.action);
}

sc::result Service::React(const CounsellorJoined& action) {
  outermost_context().Say("handoff.joined", {{"counsellor", action.counsellor}});
  if (Current().relays()) return discard_event();
  RememberReturn();
  return transit<WithCounsellor>();
}

sc::result Service::React(const CounsellorMessage& action) {
  outermost_context().Say("handoff.message", {{"counsellor", action.counsellor}, {"text", action.text}});
  return discard_event();
}

sc::result Service::React(const CounsellorLeft&) {
  outermost_context().Say("handoff.ended");
  post_event(EvReturn());
  return discard_event();
}

// The approved plan drives what comes next: before the assessments it replaces the
// bot's proposal (which the client then confirms); during them, the instruments
// done and the one under way stay, and the approved ones not among them follow;
// after them, new instruments start at once.
sc::result Service::React(const PlanApproved& action) {
  const ServiceMachine& m = outermost_context();
  SessionContext& ctx = m.ctx();
  std::vector<std::string> approved;
  for (const auto& id : action.assessments) {
    const knowledge::Instrument* instrument = m.kb().FindInstrument(id);
    if (instrument && instrument->Supports(m.lang()) && !Contains(approved, id)) approved.push_back(id);
  }
  ctx.plan_version = std::max(ctx.plan_version, action.version);
  m.Say("plan.approved", {{"plan", PlanLines(m, approved)}});
  const std::string_view current = Current().id();
  const bool started = !ctx.instrument.empty();
  if (!started) {
    ctx.plan = approved;
    ctx.plan_by_counsellor = true;
    if (current.rfind("plan.", 0) == 0) return transit<PlanProposal>();
    return discard_event();
  }
  std::vector<std::string> plan(ctx.plan.begin(),
                                ctx.plan.begin() + static_cast<std::ptrdiff_t>(std::min(ctx.plan_index + 1, ctx.plan.size())));
  const size_t kept = plan.size();
  for (const auto& id : approved) {
    if (!Contains(plan, id)) plan.push_back(id);
  }
  ctx.plan = plan;
  ctx.plan_by_counsellor = true;
  if (ctx.results_done && plan.size() > kept && !Current().interruption()) {
    ctx.results_done = false;
    ctx.plan_index = kept;
    BeginInstrument(m);
    return transit<AskingItem>();
  }
  if (ctx.results_done && plan.size() > kept) {
    // Started when the interruption is over: the client returns into the next instrument.
    ctx.results_done = false;
    ctx.plan_index = kept;
    BeginInstrument(m);
    ctx.resume_state = AskingItem::kId;
  }
  return discard_event();
}

sc::result Service::React(const CaseClosed&) {
  const ServiceMachine& m = outermost_context();
  m.Say("case.closed");
  m.ctx().resume_state.clear();
  m.ctx().feedback_return = Closed::kId;
  return transit<Rating>();
}

sc::result Service::React(const PersonalDataErased& action) {
  const ServiceMachine& m = outermost_context();
  m.Record(DataErasureRequested{});
  m.ctx().Forget();
  m.Say(action.text_key, action.params);
  return transit<Consent>();
}

sc::result Service::React(const Notice& action) {
  const ServiceMachine& m = outermost_context();
  if (action.link_url) {
    m.SayWithLink(m.Text(action.text_key, action.params), Link{*action.link_url, m.Text(action.link_title_key)});
  } else {
    m.Say(action.text_key, action.params);
  }
  return discard_event();
}

}  // namespace careerbot::dialog
