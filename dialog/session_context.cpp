#include "dialog/session_context.h"

#include <nlohmann/json.hpp>

namespace careerbot::dialog {

using nlohmann::json;

namespace {

json ReplyToJson(const Reply& reply) {
  json doc = {{"text", reply.text}};
  if (!reply.choices.empty()) {
    doc["choices"] = json::array();
    for (const auto& c : reply.choices) doc["choices"].push_back({{"id", c.id}, {"label", c.label}});
  }
  if (reply.link) doc["link"] = {{"url", reply.link->url}, {"title", reply.link->title}};
  return doc;
}

Reply ReplyFromJson(const json& doc) {
  Reply reply;
  reply.text = doc.at("text").get<std::string>();
  for (const auto& c : doc.value("choices", json::array())) {
    reply.choices.push_back({c.at("id").get<std::string>(), c.at("label").get<std::string>()});
  }
  if (doc.contains("link")) {
    reply.link = Link{doc["link"].at("url").get<std::string>(), doc["link"].at("title").get<std::string>()};
  }
  return reply;
}

}  // namespace

void SessionContext::ResetProgress() {
  SessionContext fresh;
  fresh.lang = lang;
  fresh.consented = consented;
  fresh.agreement_version = agreement_version;
  fresh.agreement_at_ms = agreement_at_ms;
  fresh.attempt = attempt;  // attempts keep counting, so answers of a new run never overwrite old ones
  fresh.plan_version = plan_version;
  fresh.held_replies = held_replies;
  *this = std::move(fresh);
}

void SessionContext::Forget() {
  SessionContext fresh;
  fresh.lang = lang;
  *this = std::move(fresh);
}

std::string SerializeSessionContext(const SessionContext& ctx) {
  json doc = {{"lang", knowledge::LangCode(ctx.lang)},
              {"consented", ctx.consented},
              {"agreement_version", ctx.agreement_version},
              {"agreement_at_ms", ctx.agreement_at_ms},
              {"profile", ctx.profile},
              {"field", ctx.field},
              {"fails", ctx.fails},
              {"plan", ctx.plan},
              {"plan_version", ctx.plan_version},
              {"plan_index", ctx.plan_index},
              {"instrument", ctx.instrument},
              {"attempt", ctx.attempt},
              {"item", ctx.item},
              {"answers", ctx.answers},
              {"answered_at_ms", ctx.answered_at_ms},
              {"started_at_ms", ctx.started_at_ms},
              {"results_done", ctx.results_done},
              {"rating", ctx.rating},
              {"goals_met", ctx.goals_met},
              {"feedback_return", ctx.feedback_return},
              {"resume_state", ctx.resume_state},
              {"complaint_category", ctx.complaint_category},
              {"complaint_description", ctx.complaint_description}};
  // Written only when set, so the snapshot of almost every turn stays as short.
  if (ctx.plan_by_counsellor) doc["plan_by_counsellor"] = true;
  if (!ctx.held_replies.empty()) {
    doc["held_replies"] = json::array();
    for (const auto& reply : ctx.held_replies) doc["held_replies"].push_back(ReplyToJson(reply));
  }
  return doc.dump();
}

Status ParseSessionContext(std::string_view json_text, SessionContext* out) {
  SessionContext ctx;
  if (json_text.empty()) {
    *out = ctx;
    return Status::Ok();
  }
  try {
    const json doc = json::parse(json_text);
    auto lang = knowledge::ParseLang(doc.at("lang").get<std::string>());
    if (!lang) return Status::InvalidArgument("session context: unknown language");
    ctx.lang = *lang;
    ctx.consented = doc.at("consented").get<bool>();
    ctx.agreement_version = doc.at("agreement_version").get<std::string>();
    ctx.agreement_at_ms = doc.at("agreement_at_ms").get<int64_t>();
    ctx.profile = doc.at("profile").get<std::map<std::string, std::string>>();
    ctx.field = doc.at("field").get<size_t>();
    ctx.fails = doc.at("fails").get<int>();
    ctx.plan = doc.at("plan").get<std::vector<std::string>>();
    ctx.plan_version = doc.at("plan_version").get<int>();
    ctx.plan_index = doc.at("plan_index").get<size_t>();
    ctx.instrument = doc.at("instrument").get<std::string>();
    ctx.attempt = doc.at("attempt").get<int>();
    ctx.item = doc.at("item").get<size_t>();
    ctx.answers = doc.at("answers").get<std::vector<int>>();
    ctx.answered_at_ms = doc.at("answered_at_ms").get<std::vector<int64_t>>();
    ctx.started_at_ms = doc.at("started_at_ms").get<int64_t>();
    ctx.results_done = doc.at("results_done").get<bool>();
    ctx.rating = doc.at("rating").get<int>();
    ctx.goals_met = doc.at("goals_met").get<std::string>();
    ctx.feedback_return = doc.at("feedback_return").get<std::string>();
    ctx.resume_state = doc.at("resume_state").get<std::string>();
    ctx.complaint_category = doc.at("complaint_category").get<std::string>();
    ctx.complaint_description = doc.at("complaint_description").get<std::string>();
    ctx.plan_by_counsellor = doc.value("plan_by_counsellor", false);
    for (const auto& reply : doc.value("held_replies", json::array())) ctx.held_replies.push_back(ReplyFromJson(reply));
  } catch (const json::exception& e) {
    return Status::InvalidArgument(std::string("session context: ") + e.what());
  }
  if (ctx.answered_at_ms.size() != ctx.answers.size()) {
    return Status::InvalidArgument("session context: answers and their times differ in length");
  }
  *out = std::move(ctx);
  return Status::Ok();
}

}  // namespace careerbot::dialog
