#include "dialog/session_context.h"

#include <nlohmann/json.hpp>

namespace careerbot::dialog {

using nlohmann::json;

void SessionContext::ResetProgress() {
  profile.clear();
  field = 0;
  plan.clear();
  plan_index = 0;
  instrument.clear();
  item = 0;
  answers.clear();
  rating = 0;
}

std::string SerializeSessionContext(const SessionContext& ctx) {
  json doc = {{"lang", knowledge::LangCode(ctx.lang)},
              {"consented", ctx.consented},
              {"profile", ctx.profile},
              {"field", ctx.field},
              {"plan", ctx.plan},
              {"plan_index", ctx.plan_index},
              {"instrument", ctx.instrument},
              {"attempt", ctx.attempt},
              {"item", ctx.item},
              {"answers", ctx.answers},
              {"rating", ctx.rating}};
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
    ctx.profile = doc.at("profile").get<std::map<std::string, std::string>>();
    ctx.field = doc.at("field").get<size_t>();
    ctx.plan = doc.at("plan").get<std::vector<std::string>>();
    ctx.plan_index = doc.at("plan_index").get<size_t>();
    ctx.instrument = doc.at("instrument").get<std::string>();
    ctx.attempt = doc.at("attempt").get<int>();
    ctx.item = doc.at("item").get<size_t>();
    ctx.answers = doc.at("answers").get<std::vector<int>>();
    ctx.rating = doc.at("rating").get<int>();
  } catch (const json::exception& e) {
    return Status::InvalidArgument(std::string("session context: ") + e.what());
  }
  *out = std::move(ctx);
  return Status::Ok();
}

}  // namespace careerbot::dialog
