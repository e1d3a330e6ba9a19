#include "dialog/dialog_engine.h"

#include <exception>
#include <functional>
#include <map>
#include <variant>

#include "dialog/events.h"
#include "dialog/service_machine.h"
#include "dialog/states/service.h"
#include "knowledge/knowledge_base.h"
#include "knowledge/text_normalizer.h"

namespace careerbot::dialog {
namespace {

// Every text the states render with a fixed key, with the placeholders they fill.
// Keys named by data (intake prompts, choice labels, plan reasons) are checked by
// the knowledge loader; keys built from ids ("complaint_status." + status) fall
// back to the id when missing.
const std::vector<std::pair<std::string, std::vector<std::string>>> kTexts = {
    {"welcome", {"institution"}},
    {"consent.notice", {"institution", "version", "retention"}}, {"consent.notice.retention", {"days"}},
    {"consent.choice.agree", {}}, {"consent.choice.decline", {}}, {"consent.reprompt", {}},
    {"consent.thanks", {}}, {"consent.declined", {}}, {"consent.declined.reminder", {}},
    {"help.text", {}}, {"restart.done", {}}, {"resume.welcome_back", {}}, {"restore.reset", {}},
    {"unreadable.message", {}},
    {"intake.skip_choice", {}}, {"intake.fallback_hint", {}}, {"needs.done", {"name"}},
    {"market.header", {"city"}}, {"market.entry", {"text", "source", "as_of"}}, {"market.footer", {}},
    {"agreement.intro", {}}, {"agreement.ask", {"version"}}, {"agreement.choice.accept", {}},
    {"agreement.choice.decline", {}}, {"agreement.reprompt", {}}, {"agreement.accepted", {"version"}},
    {"agreement.declined", {}}, {"agreement.declined.reminder", {}}, {"agreement.reread", {"version"}},
    {"agreement.signed_note", {"date"}},
    {"plan.proposal", {}}, {"plan.item", {"n", "name", "reason"}}, {"plan.ask", {}},
    {"plan.choice.confirm", {}}, {"plan.choice.change", {}}, {"plan.reprompt", {}},
    {"plan.choose.prompt", {}}, {"plan.choose.reprompt", {}}, {"plan.confirmed", {"count"}},
    {"assessment.intro", {"instrument", "total", "instructions"}}, {"assessment.item", {"n", "total", "text"}},
    {"assessment.reprompt", {"min", "max"}}, {"assessment.back", {}}, {"assessment.back_first", {}},
    {"back.not_here", {}}, {"result.header", {"instrument"}}, {"result.scale_line", {"scale", "code", "raw", "min", "max"}},
    {"result.scale_unscored", {"scale", "code"}}, {"result.scale_norm", {"percentile", "t"}},
    {"result.scale_band", {"band"}}, {"result.ranking", {"ranking"}}, {"result.norm_group", {"group"}},
    {"result.no_norms", {}}, {"result.highlight", {"scale", "meaning"}},
    {"result.validity.straight_lining", {"value", "threshold"}}, {"result.validity.too_fast", {"value", "threshold"}},
    {"result.validity.inconsistency", {"value", "threshold"}},
    {"result.code", {"code"}}, {"result.tie", {"a", "b"}}, {"result.flat", {}},
    {"results.all_done", {}},
    {"feedback.rating.prompt", {}}, {"feedback.rating.reprompt", {}},
    {"rating.1", {}}, {"rating.2", {}}, {"rating.3", {}}, {"rating.4", {}}, {"rating.5", {}},
    {"feedback.goals.prompt", {}}, {"feedback.goals.reprompt", {}}, {"goals_met.yes", {}},
    {"goals_met.partly", {}}, {"goals_met.no", {}}, {"feedback.comment.prompt", {}},
    {"feedback.comment.reprompt", {"max"}}, {"feedback.thanks", {}}, {"feedback.again.intro", {}},
    {"feedback.not_yet", {}}, {"closing", {"name"}}, {"closed.reminder", {}},
    {"pause.done", {}}, {"session.returning", {"where"}}, {"session.choice.continue", {}},
    {"session.choice.restart", {}}, {"session.returning.reprompt", {}}, {"where.consent", {}},
    {"where.intake", {}}, {"where.agreement", {}}, {"where.plan", {}}, {"where.assessment", {"n", "total"}},
    {"where.feedback", {}}, {"human.requested", {}}, {"distress.reply", {"hotlines"}},
    {"distress.hotline", {"name", "number"}}, {"lang.switched", {}},
    {"mydata.header", {}}, {"mydata.profile", {"fields"}}, {"mydata.field", {"label", "value"}},
    {"mydata.field_separator", {}}, {"list.separator", {}},
    {"mydata.consent", {"document", "answer", "version", "date"}}, {"mydata.consent.accepted", {}},
    {"mydata.consent.declined", {}}, {"document.privacy_notice", {}}, {"document.service_agreement", {}},
    {"mydata.counts", {"results", "answers", "plans", "feedback", "complaints", "messages"}},
    {"mydata.none", {}}, {"mydata.rights", {}},
    {"delete.confirm", {}}, {"delete.choice.yes", {}}, {"delete.choice.no", {}}, {"delete.reprompt", {}},
    {"delete.done", {}}, {"delete.cancelled", {}},
    {"export.ready", {"hours"}}, {"export.link_title", {}}, {"export.none", {}},
    {"complaint.intro", {}}, {"complaint.category.prompt", {}}, {"complaint.category.reprompt", {}},
    {"complaint_category.service", {}}, {"complaint_category.counsellor", {}},
    {"complaint_category.assessment", {}}, {"complaint_category.privacy", {}}, {"complaint_category.other", {}},
    {"complaint.description.prompt", {"min", "max"}}, {"complaint.description.reprompt", {"min", "max"}},
    {"complaint.contact.prompt", {"min", "max"}}, {"complaint.contact.reprompt", {"min", "max"}},
    {"complaint.filed", {"ticket"}}, {"complaint.status.line", {"ticket", "date", "status"}},
    {"complaint.status.none", {}}, {"complaint.status.unknown", {"ticket"}},
    {"handoff.joined", {"counsellor"}}, {"handoff.message", {"counsellor", "text"}}, {"handoff.ended", {}},
    {"plan.approved", {"plan"}}, {"case.closed", {}}, {"complaint.answered", {"ticket", "answer"}},
    {"report.ready", {"version"}}, {"report.link_title", {}}, {"retention.purged", {"days"}},
};

// The global intents and the events they become; anything else is an answer.
using EventPoster = std::function<void(ServiceMachine&, const EvInput&)>;
const std::map<std::string, EventPoster>& CommandEvents() {
  static const std::map<std::string, EventPoster> commands = {
      {"help", [](ServiceMachine& m, const EvInput&) { m.process_event(EvHelp()); }},
      {"restart", [](ServiceMachine& m, const EvInput&) { m.process_event(EvRestart()); }},
      {"pause", [](ServiceMachine& m, const EvInput&) { m.process_event(EvPause()); }},
      {"back", [](ServiceMachine& m, const EvInput&) { m.process_event(EvBack()); }},
      {"agreement", [](ServiceMachine& m, const EvInput&) { m.process_event(EvShowAgreement()); }},
      {"human", [](ServiceMachine& m, const EvInput&) { m.process_event(EvHuman()); }},
      {"my_data", [](ServiceMachine& m, const EvInput&) { m.process_event(EvMyData()); }},
      {"delete_my_data", [](ServiceMachine& m, const EvInput&) { m.process_event(EvDeleteData()); }},
      {"export_my_data", [](ServiceMachine& m, const EvInput&) { m.process_event(EvExportData()); }},
      {"complaint", [](ServiceMachine& m, const EvInput&) { m.process_event(EvComplaint()); }},
      {"feedback", [](ServiceMachine& m, const EvInput&) { m.process_event(EvFeedback()); }},
      {"complaint_status",
       [](ServiceMachine& m, const EvInput& input) {
         EvComplaintStatus event;
         event.text = input.raw;
         m.process_event(event);
       }},
      {"lang_en",
       [](ServiceMachine& m, const EvInput&) {
         EvLanguage event;
         event.lang = knowledge::Lang::kEn;
         m.process_event(event);
       }},
      {"lang_zh",
       [](ServiceMachine& m, const EvInput&) {
         EvLanguage event;
         event.lang = knowledge::Lang::kZh;
         m.process_event(event);
       }},
  };
  return commands;
}

const char* const kValueIntents[] = {"yes", "no", "skip", "continue"};

// States in the middle of the service, where a client who comes back after a long
// time is asked whether to continue. A paused client chose to stop: they are
// welcomed back without the question.
bool MidService(const std::string& state) {
  const std::string phase = state.substr(0, state.find('.'));
  return phase == "intake" || phase == "agreement" || phase == "plan" || phase == "assessment" ||
         phase == "feedback";
}

}  // namespace

DialogEngine::DialogEngine(const knowledge::KnowledgeBase& kb, EngineOptions options)
    : kb_(kb), options_(std::move(options)) {}
DialogEngine::~DialogEngine() = default;

Status DialogEngine::Create(const knowledge::KnowledgeBase& kb, EngineOptions options,
                            std::unique_ptr<DialogEngine>* out) {
  for (const auto& [key, placeholders] : kTexts) {
    if (Status s = kb.texts.RequirePlaceholders(key, placeholders); !s.ok()) return s;
  }
  for (const auto& field : kb.flow.intake) {
    for (const auto& key : {field.prompt_key, field.reprompt_key}) {
      if (Status s = kb.texts.RequirePlaceholders(key, {"name", "min", "max"}); !s.ok()) return s;
    }
    if (Status s = kb.texts.Require({"field." + field.id}); !s.ok()) return s;
    const std::string section = "section." + field.section;
    if (kb.texts.Has(section)) {
      if (Status s = kb.texts.RequirePlaceholders(section, {}); !s.ok()) return s;
    }
  }
  const auto names = kb.intents.Names();
  auto has = [&](const std::string& intent) { return std::find(names.begin(), names.end(), intent) != names.end(); };
  for (const auto& [intent, poster] : CommandEvents()) {
    if (!has(intent)) return Status::InvalidArgument(kb.dir + "/intents.json: missing intent \"" + intent + "\"");
  }
  for (const char* intent : kValueIntents) {
    if (!has(intent)) return Status::InvalidArgument(kb.dir + "/intents.json: missing intent \"" + intent + "\"");
  }
  out->reset(new DialogEngine(kb, std::move(options)));
  return Status::Ok();
}

Status DialogEngine::Process(const TurnInput& input, const Inbound& inbound, TurnResult* out) const {
  return Run(input, inbound, /*hold_replies=*/false, out, [&](ServiceMachine& machine, const SessionContext&) {
    EvInput event;
    event.choice = inbound.choice;
    event.raw = inbound.text;
    event.normalized = knowledge::TrimTrailingPunctuation(knowledge::NormalizeText(inbound.text));
    if (machine.state_cast<const Prompting&>().relays()) {
      machine.process_event(event);
      return Status::Ok();
    }
    const bool away_too_long = options_.inactivity_ms > 0 && input.last_activity_ms > 0 &&
                               inbound.received_at_ms - input.last_activity_ms > options_.inactivity_ms &&
                               MidService(input.state);
    if (!inbound.choice && kb_.distress.ShowsRisk(event.normalized)) {
      machine.process_event(EvDistress());
    } else if (inbound.signal == Inbound::Signal::kResume) {
      machine.process_event(EvResume());
    } else if (inbound.signal == Inbound::Signal::kUnreadable) {
      machine.process_event(EvUnreadable());
    } else if (away_too_long) {
      machine.process_event(EvInactive());
    } else if (auto intent = inbound.choice ? std::nullopt : kb_.intents.Match(event.normalized);
               intent && CommandEvents().count(*intent)) {
      CommandEvents().at(*intent)(machine, event);
    } else {
      machine.process_event(event);
    }
    return Status::Ok();
  });
}

Status DialogEngine::ProcessStaffAction(const TurnInput& input, const StaffAction& action, int64_t now_ms,
                                        bool hold_replies, TurnResult* out) const {
  Inbound none;
  none.received_at_ms = now_ms;
  return Run(input, none, hold_replies, out, [&](ServiceMachine& machine, const SessionContext&) {
    const bool talking = machine.state_cast<const Prompting&>().relays();
    const bool needs_counsellor =
        std::holds_alternative<CounsellorMessage>(action) || std::holds_alternative<CounsellorLeft>(action);
    if (needs_counsellor && !talking) {
      return Status::FailedPrecondition("the client is not talking with a counsellor");
    }
    if ((std::holds_alternative<CaseClosed>(action) || std::holds_alternative<PersonalDataErased>(action)) &&
        talking) {
      return Status::FailedPrecondition("a counsellor is talking with the client; end the hand-off first");
    }
    EvStaff event;
    event.action = &action;
    machine.process_event(event);
    return Status::Ok();
  });
}

Status DialogEngine::TakeHeldReplies(const TurnInput& input, int64_t now_ms, TurnResult* out) const {
  // Nothing taken: the session stays as it was.
  auto nothing = [&] {
    *out = TurnResult();
    if (input.state.empty()) return Status::Ok();  // never started, and not started now
    out->state = out->answer.state = input.state;
    out->context_json = input.context_json;
    return Status::Ok();
  };
  if (input.state.empty()) return nothing();
  // A widget polls every few seconds while it waits for a counsellor: with nothing
  // held, answer without restoring the machine.
  SessionContext ctx;
  if (Status s = ParseSessionContext(input.context_json, &ctx); !s.ok()) return s;
  if (ctx.held_replies.empty()) return nothing();
  Inbound none;
  none.received_at_ms = now_ms;
  TurnResult result;
  if (Status s = Run(input, none, /*hold_replies=*/false, &result,
                     [](ServiceMachine&, const SessionContext&) { return Status::Ok(); });
      !s.ok()) {
    return s;
  }
  // The snapshot no longer fits the knowledge base and the machine started the
  // step again, which is the client's next turn to do: nothing is taken now.
  if (result.answer.replies.size() > result.held_delivered) return nothing();
  *out = std::move(result);
  return Status::Ok();
}

Status DialogEngine::Run(const TurnInput& input, const Inbound& inbound, bool hold_replies, TurnResult* out,
                         const std::function<Status(ServiceMachine&, const SessionContext&)>& turn) const {
  SessionContext ctx;
  if (Status s = ParseSessionContext(input.context_json, &ctx); !s.ok()) return s;
  if (inbound.lang) {
    if (auto lang = knowledge::ParseLang(*inbound.lang)) ctx.lang = *lang;
  }
  TurnOutput output;
  try {
    ServiceMachine machine(kb_, options_, inbound, input.records, ctx, output);
    machine.initiate();
    EvRestore restore;
    restore.state = input.state;
    machine.set_restoring(true);
    machine.process_event(restore);
    // A first contact (welcome) or a snapshot started again has spoken already, and
    // the client's message answered nothing that was asked: it is not processed.
    const bool restored = machine.restoring();
    machine.set_restoring(false);
    if (restored) {
      if (Status s = turn(machine, ctx); !s.ok()) return s;
    }
    out->state = machine.state_cast<const Prompting&>().id();
  } catch (const std::exception& e) {
    return Status::Internal(std::string("dialog failed: ") + e.what());
  }
  out->held_delivered = 0;
  if (hold_replies) {
    ctx.held_replies.insert(ctx.held_replies.end(), output.replies.begin(), output.replies.end());
  } else if (!ctx.held_replies.empty()) {
    out->held_delivered = ctx.held_replies.size();
    output.replies.insert(output.replies.begin(), ctx.held_replies.begin(), ctx.held_replies.end());
    ctx.held_replies.clear();
  }
  out->answer.replies = std::move(output.replies);
  out->answer.state = out->state;
  out->answer.progress.reset();
  if (out->state == "assessment.item") {
    int done = 0;
    for (int a : ctx.answers) done += a != 0;
    out->answer.progress = Progress{done, static_cast<int>(ctx.answers.size())};
  }
  out->events = std::move(output.events);
  out->context_json = SerializeSessionContext(ctx);
  out->consented = ctx.consented;
  return Status::Ok();
}

}  // namespace careerbot::dialog
