#include "dialog/dialog_engine.h"

#include <exception>

#include "dialog/events.h"
#include "dialog/service_machine.h"
#include "dialog/states/service.h"
#include "knowledge/knowledge_base.h"
#include "knowledge/text_normalizer.h"

namespace careerbot::dialog {
namespace {

// Every text the states render with a fixed key, with the placeholders they fill.
// Keys named by data (intake prompts, choice labels) are checked by the loader.
const std::vector<std::pair<std::string, std::vector<std::string>>> kTexts = {
    {"welcome", {"institution"}},
    {"consent.notice", {"institution", "version"}},
    {"consent.choice.agree", {}},
    {"consent.choice.decline", {}},
    {"consent.reprompt", {}},
    {"consent.thanks", {}},
    {"consent.declined", {}},
    {"consent.declined.reminder", {}},
    {"help.text", {}},
    {"restart.done", {}},
    {"resume.welcome_back", {}},
    {"restore.reset", {}},
    {"intake.done", {"name"}},
    {"assessment.intro", {"instrument", "total", "instructions"}},
    {"assessment.item", {"n", "total", "text"}},
    {"assessment.reprompt", {"min", "max"}},
    {"result.header", {"instrument"}},
    {"result.scale_line", {"scale", "code", "raw", "max"}},
    {"result.code", {"code"}},
    {"result.tie", {"a", "b"}},
    {"result.flat", {}},
    {"result.counsellor", {}},
    {"feedback.rating.prompt", {}},
    {"feedback.rating.reprompt", {}},
    {"rating.1", {}}, {"rating.2", {}}, {"rating.3", {}}, {"rating.4", {}}, {"rating.5", {}},
    {"feedback.comment.prompt", {}},
    {"feedback.comment.reprompt", {"max"}},
    {"closing", {"name"}},
    {"closed.reminder", {}},
};

const char* const kIntents[] = {"help", "restart", "yes", "no", "skip"};

// Whether the context holds what `state` needs, so a snapshot written by another
// version of the flow (fewer intake fields, a changed instrument) never indexes
// out of range.
bool SnapshotFits(const std::string& state, const SessionContext& ctx,
                  const knowledge::KnowledgeBase& kb) {
  if (state == "intake.field") return ctx.consented && ctx.field < kb.flow.intake.size();
  if (state == "assessment.item") {
    const knowledge::Instrument* instrument = kb.FindInstrument(ctx.instrument);
    return ctx.consented && instrument && ctx.answers.size() == instrument->items.size() &&
           ctx.item < ctx.answers.size() && ctx.plan_index < ctx.plan.size();
  }
  if (state == "feedback.rating" || state == "feedback.comment" || state == "closed") {
    return ctx.consented;
  }
  return true;
}

}  // namespace

Status DialogEngine::Create(const knowledge::KnowledgeBase& kb, EngineOptions options,
                            std::unique_ptr<DialogEngine>* out) {
  for (const auto& [key, placeholders] : kTexts) {
    if (Status s = kb.texts.RequirePlaceholders(key, placeholders); !s.ok()) return s;
  }
  for (const auto& field : kb.flow.intake) {
    for (const auto& key : {field.prompt_key, field.reprompt_key}) {
      if (Status s = kb.texts.RequirePlaceholders(key, {"name", "min", "max"}); !s.ok()) return s;
    }
  }
  const auto names = kb.intents.Names();
  for (const char* intent : kIntents) {
    if (std::find(names.begin(), names.end(), intent) == names.end()) {
      return Status::InvalidArgument(kb.dir + "/intents.json: missing intent \"" + intent + "\"");
    }
  }
  out->reset(new DialogEngine(kb, std::move(options)));
  return Status::Ok();
}

Status DialogEngine::Process(const std::string& state, const std::string& context_json,
                             const Inbound& inbound, TurnResult* out) const {
  SessionContext ctx;
  if (Status s = ParseSessionContext(context_json, &ctx); !s.ok()) return s;
  if (inbound.lang) {
    if (auto lang = knowledge::ParseLang(*inbound.lang)) ctx.lang = *lang;
  }
  TurnOutput output;
  try {
    ServiceMachine machine(kb_, options_, ctx, output);
    machine.initiate();
    EvRestore restore;
    restore.state = SnapshotFits(state, ctx, kb_) ? state : "unknown";
    if (state.empty()) restore.state.clear();
    machine.set_restoring(true);
    machine.process_event(restore);
    // A first contact (welcome) or a reset snapshot has spoken already and the
    // client's message answered nothing that was asked: it is not processed.
    const bool restored = machine.restoring();
    machine.set_restoring(false);
    if (restored && inbound.resume) {
      machine.process_event(EvResume());
    } else if (restored) {
      if (inbound.choice) {
        EvInput input;
        input.choice = inbound.choice;
        machine.process_event(input);
      } else {
        EvInput input;
        input.raw = inbound.text;
        input.normalized = knowledge::TrimTrailingPunctuation(knowledge::NormalizeText(inbound.text));
        auto intent = kb_.intents.Match(input.normalized);
        if (intent == "help") {
          machine.process_event(EvHelp());
        } else if (intent == "restart") {
          machine.process_event(EvRestart());
        } else {
          machine.process_event(input);
        }
      }
    }
    out->state = machine.state_cast<const Prompting&>().id();
  } catch (const std::exception& e) {
    return Status::Internal(std::string("dialog failed: ") + e.what());
  }
  out->answer.replies = std::move(output.replies);
  out->answer.state = out->state;
  out->answer.progress.reset();
  if (out->state == "assessment.item") {
    out->answer.progress = Progress{static_cast<int>(ctx.item), static_cast<int>(ctx.answers.size())};
  }
  out->events = std::move(output.events);
  out->context_json = SerializeSessionContext(ctx);
  out->consented = ctx.consented;
  return Status::Ok();
}

}  // namespace careerbot::dialog
