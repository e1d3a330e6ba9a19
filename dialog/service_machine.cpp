// The only file that includes every state: the table that enters a state by its id
// (to restore a snapshot, and to return from an interruption), and the commands
// that work in every state.
#include "dialog/service_machine.h"

#include <ctime>
#include <map>
#include <string_view>

#include "dialog/client_records.h"
#include "dialog/intake_fields.h"
#include "dialog/states/agreement.h"
#include "dialog/states/assessment.h"
#include "dialog/states/complaint.h"
#include "dialog/states/consent.h"
#include "dialog/states/counselling.h"
#include "dialog/states/feedback.h"
#include "dialog/states/intake.h"
#include "dialog/states/interruptions.h"
#include "dialog/states/plan.h"
#include "dialog/states/service.h"
#include "knowledge/knowledge_base.h"

namespace careerbot::dialog {

// --- The machine's helpers -----------------------------------------------------

std::string ServiceMachine::Text(const std::string& key, const knowledge::TextParams& params) const {
  return kb_.texts.Render(key, lang(), params);
}

void ServiceMachine::Say(const std::string& key, const knowledge::TextParams& params) const {
  out_->replies.push_back(Reply{Text(key, params), {}, std::nullopt});
}

void ServiceMachine::SayWithChoices(std::string text, std::vector<Choice> choices) const {
  out_->replies.push_back(Reply{std::move(text), std::move(choices), std::nullopt});
}

void ServiceMachine::SayWithLink(std::string text, Link link) const {
  out_->replies.push_back(Reply{std::move(text), {}, std::move(link)});
}

std::string ServiceMachine::ClientName() const {
  auto it = ctx_->profile.find("name");
  return it == ctx_->profile.end() ? std::string() : it->second;
}

knowledge::TextParams ServiceMachine::InstitutionParams() const {
  auto or_dash = [](const std::string& s) { return s.empty() ? std::string("—") : s; };
  return {{"institution", or_dash(options_.institution_name)},
          {"registration_no", or_dash(options_.institution_registration_no)},
          {"contact", or_dash(options_.institution_contact)}};
}

std::string ServiceMachine::FormatDate(int64_t ms) {
  const std::time_t seconds = static_cast<std::time_t>(ms / 1000) + 8 * 3600;  // the service's zone: UTC+8
  std::tm tm{};
  gmtime_r(&seconds, &tm);
  char buffer[16];
  std::strftime(buffer, sizeof buffer, "%Y-%m-%d", &tm);
  return buffer;
}

// --- Entering a state by its id -----------------------------------------------

namespace {

template <class From, class State>
sc::result Go(From& from) {
  return from.template transit<State>();
}

template <class From>
sc::result TransitById(From& from, std::string_view id) {
  using Jump = sc::result (*)(From&);
  static const std::map<std::string_view, Jump> table = {
      {Consent::kId, &Go<From, Consent>},
      {Declined::kId, &Go<From, Declined>},
      {AskingField::kId, &Go<From, AskingField>},
      {AgreementOffer::kId, &Go<From, AgreementOffer>},
      {AgreementDeclined::kId, &Go<From, AgreementDeclined>},
      {PlanProposal::kId, &Go<From, PlanProposal>},
      {PlanChoose::kId, &Go<From, PlanChoose>},
      {AskingItem::kId, &Go<From, AskingItem>},
      {Rating::kId, &Go<From, Rating>},
      {GoalsMet::kId, &Go<From, GoalsMet>},
      {Comment::kId, &Go<From, Comment>},
      {Closed::kId, &Go<From, Closed>},
      {Paused::kId, &Go<From, Paused>},
      {Returning::kId, &Go<From, Returning>},
      {ConfirmDelete::kId, &Go<From, ConfirmDelete>},
      {ComplaintCategory::kId, &Go<From, ComplaintCategory>},
      {ComplaintDescription::kId, &Go<From, ComplaintDescription>},
      {ComplaintContact::kId, &Go<From, ComplaintContact>},
      {WithCounsellor::kId, &Go<From, WithCounsellor>},
  };
  auto jump = table.find(id);
  if (jump != table.end()) return jump->second(from);
  // Not a state of this flow: start the step the client is in again.
  const ServiceMachine& m = from.outermost_context();
  if (!m.ctx().consented) return from.template transit<Consent>();
  BeginIntake(m);
  return from.template transit<AskingField>();
}

// A snapshot from a flow that no longer exists (a state removed, a field or an
// instrument changed between versions): start the current step again.
sc::result StartStepAgain(Restoring& from, ServiceMachine& m) {
  m.set_restoring(false);
  m.Say("restore.reset");
  m.ctx().ResetProgress();
  return TransitById(from, "");
}

}  // namespace

bool SnapshotFits(const std::string& state, const SessionContext& ctx, const knowledge::KnowledgeBase& kb) {
  const std::string phase = state.substr(0, state.find('.'));
  if (phase == "consent") return true;
  if (!ctx.consented && phase != "complaint" && phase != "session" && phase != "handoff") return false;
  if (state == AskingField::kId) return ctx.field < kb.flow.intake.size();
  if (phase == "plan") return !ctx.plan.empty();
  if (state == AskingItem::kId) {
    const knowledge::Instrument* instrument = kb.FindInstrument(ctx.instrument);
    return instrument && ctx.answers.size() == instrument->items.size() && ctx.item < ctx.answers.size() &&
           ctx.plan_index < ctx.plan.size();
  }
  if (phase == "complaint" || phase == "session" || phase == "privacy" || phase == "handoff") {
    return ctx.resume_state.empty() || SnapshotFits(ctx.resume_state, ctx, kb);
  }
  return true;
}

sc::result Restoring::react(const EvRestore& event) {
  ServiceMachine& m = outermost_context();
  if (event.state.empty()) {
    m.set_restoring(false);
    m.Say("welcome", {m.InstitutionParams().front()});
    return transit<Consent>();
  }
  if (!SnapshotFits(event.state, m.ctx(), m.kb())) return StartStepAgain(*this, m);
  return TransitById(*this, event.state);
}

// --- Commands in every state ----------------------------------------------------

void Service::RememberReturn() const {
  const Prompting& current = Current();
  if (!current.interruption()) outermost_context().ctx().resume_state = current.id();
}

sc::result Service::react(const EvHelp&) {
  outermost_context().Say("help.text");
  Current().Ask();
  return discard_event();
}

sc::result Service::react(const EvRestart&) {
  const ServiceMachine& m = outermost_context();
  m.ctx().ResetProgress();
  m.Say("restart.done");
  if (!m.ctx().consented) return transit<Consent>();
  BeginIntake(m);
  return transit<AskingField>();
}

sc::result Service::react(const EvPause&) {
  if (Current().interruption()) {
    Current().Ask();
    return discard_event();
  }
  RememberReturn();
  return transit<Paused>();
}

sc::result Service::react(const EvBack&) {
  outermost_context().Say("back.not_here");
  Current().Ask();
  return discard_event();
}

sc::result Service::react(const EvShowAgreement&) {
  const ServiceMachine& m = outermost_context();
  m.Say("agreement.reread", {{"version", m.kb().agreement.version}});
  m.SayText(AgreementText(m));
  if (!m.ctx().agreement_version.empty()) {
    m.Say("agreement.signed_note", {{"date", ServiceMachine::FormatDate(m.ctx().agreement_at_ms)}});
  }
  Current().Ask();
  return discard_event();
}

sc::result Service::react(const EvHuman&) {
  const ServiceMachine& m = outermost_context();
  m.Record(HandoffRequested{"client_request", false});
  m.Say("human.requested");
  Current().Ask();
  return discard_event();
}

sc::result Service::react(const EvMyData&) {
  const ServiceMachine& m = outermost_context();
  const ClientDataSummary summary = m.records() ? m.records()->Summary() : ClientDataSummary();
  std::string text = m.Text("mydata.header");
  std::string fields;
  for (const auto& [id, value] : summary.profile) {
    const knowledge::IntakeField* field = m.kb().flow.FindField(id);
    if (!field || value.empty()) continue;
    fields += (fields.empty() ? "" : m.Text("mydata.field_separator")) +
              m.Text("mydata.field", {{"label", m.Text("field." + id)},
                                      {"value", DisplayFieldValue(m, *field, value)}});
  }
  if (!fields.empty()) text += "\n" + m.Text("mydata.profile", {{"fields", fields}});
  for (const auto& consent : summary.consents) {
    text += "\n" + m.Text("mydata.consent",
                          {{"document", m.Text("document." + consent.document)},
                           {"answer", m.Text(consent.accepted ? "mydata.consent.accepted" : "mydata.consent.declined")},
                           {"version", consent.version},
                           {"date", ServiceMachine::FormatDate(consent.at_ms)}});
  }
  const bool anything = !fields.empty() || summary.results || summary.answers || summary.plans ||
                        summary.feedback || summary.complaints || summary.messages;
  if (anything) {
    text += "\n" + m.Text("mydata.counts", {{"results", std::to_string(summary.results)},
                                            {"answers", std::to_string(summary.answers)},
                                            {"plans", std::to_string(summary.plans)},
                                            {"feedback", std::to_string(summary.feedback)},
                                            {"complaints", std::to_string(summary.complaints)},
                                            {"messages", std::to_string(summary.messages)}});
    text += "\n" + m.Text("mydata.rights");
  } else {
    text = m.Text("mydata.none");
  }
  m.SayText(std::move(text));
  Current().Ask();
  return discard_event();
}

sc::result Service::react(const EvDeleteData&) {
  const ServiceMachine& m = outermost_context();
  if (!m.ctx().consented) {
    m.Say("mydata.none");
    Current().Ask();
    return discard_event();
  }
  RememberReturn();
  return transit<ConfirmDelete>();
}

// The link is text in every channel, and the client stays where they were. Before
// consent nothing is kept, so there is nothing to give.
sc::result Service::react(const EvExportData&) {
  const ServiceMachine& m = outermost_context();
  std::optional<ExportLinkInfo> link;
  if (m.ctx().consented && m.records()) link = m.records()->IssueExportLink();
  if (link) {
    m.SayWithLink(m.Text("export.ready", {{"hours", std::to_string(link->valid_hours)}}),
                  Link{link->url, m.Text("export.link_title"), /*secret=*/true});
  } else {
    m.Say("export.none");
  }
  Current().Ask();
  return discard_event();
}

sc::result Service::react(const EvLanguage& event) {
  const ServiceMachine& m = outermost_context();
  m.ctx().lang = event.lang;
  m.Say("lang.switched");
  Current().Ask();
  return discard_event();
}

sc::result Service::react(const EvComplaint&) {
  if (std::string_view(Current().id()).rfind("complaint.", 0) == 0) {
    Current().Ask();
    return discard_event();
  }
  RememberReturn();
  return transit<ComplaintCategory>();
}

sc::result Service::react(const EvComplaintStatus& event) {
  TellComplaintStatus(outermost_context(), event.text);
  Current().Ask();
  return discard_event();
}

sc::result Service::react(const EvFeedback&) {
  const ServiceMachine& m = outermost_context();
  const std::string_view current = Current().id();
  if (!m.ctx().results_done || current.rfind("feedback.", 0) == 0) {
    if (!m.ctx().results_done) m.Say("feedback.not_yet");
    Current().Ask();
    return discard_event();
  }
  m.ctx().feedback_return = Current().interruption() ? m.ctx().resume_state : std::string(current);
  m.Say("feedback.again.intro");
  return transit<Rating>();
}

sc::result Service::react(const EvDistress&) {
  const ServiceMachine& m = outermost_context();
  m.Record(HandoffRequested{"distress", true});
  const auto& hotlines = m.options().hotlines.empty() ? m.kb().distress.hotlines() : m.options().hotlines;
  std::string lines;
  for (const auto& hotline : hotlines) {
    lines += (lines.empty() ? "" : "\n") +
             m.Text("distress.hotline", {{"name", hotline.name.in(m.lang())}, {"number", hotline.number}});
  }
  m.Say("distress.reply", {{"hotlines", lines}});
  return discard_event();
}

sc::result Service::react(const EvResume&) {
  outermost_context().Say("resume.welcome_back");
  if (Current().id() == std::string_view(Paused::kId)) {
    post_event(EvReturn());
  } else {
    Current().Ask();
  }
  return discard_event();
}

sc::result Service::react(const EvUnreadable&) {
  outermost_context().Say("unreadable.message");
  Current().Ask();
  return discard_event();
}

sc::result Service::react(const EvInactive&) {
  RememberReturn();
  return transit<Returning>();
}

sc::result Service::react(const EvReturn&) {
  ServiceMachine& m = outermost_context();
  const std::string target = m.ctx().resume_state;
  m.ctx().resume_state.clear();
  m.set_restoring(false);
  if (!SnapshotFits(target, m.ctx(), m.kb())) return TransitById(*this, "");
  return TransitById(*this, target);
}

}  // namespace careerbot::dialog
