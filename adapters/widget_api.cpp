#include "adapters/widget_api.h"

#include <nlohmann/json.hpp>

#include "adapters/json_api.h"
#include "base/utf8.h"
#include "base/json_text.h"

namespace careerbot::adapters {
namespace {

using nlohmann::json;
using nlohmann::ordered_json;

constexpr size_t kMaxChoiceChars = 128;

size_t CodePoints(std::string_view s) {
  size_t n = 0;
  for (char c : s) n += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  return n;
}

// An optional string field of 1..max code points, valid UTF-8, without NUL unless
// allow_nul.
Status ReadField(const json& body, const char* field, size_t max_chars, bool allow_nul,
                 std::optional<std::string>* out) {
  const auto it = body.find(field);
  if (it == body.end()) return Status::Ok();
  const std::string quoted = std::string("field \"") + field + "\"";
  if (!it->is_string()) return Status::InvalidArgument(quoted + " must be a string");
  const std::string& s = it->get_ref<const std::string&>();
  if (!IsValidUtf8(s)) return Status::InvalidArgument(quoted + " must be valid UTF-8");
  if (!allow_nul && s.find('\0') != std::string::npos) {
    return Status::InvalidArgument(quoted + " must not contain NUL characters");
  }
  const size_t chars = CodePoints(s);
  if (chars < 1 || chars > max_chars) {
    return Status::InvalidArgument(quoted + " must be 1 to " + std::to_string(max_chars) + " characters");
  }
  *out = s;
  return Status::Ok();
}

std::string Dump(const ordered_json& j) {
  return j.dump(-1, ' ', /*ensure_ascii=*/false, ordered_json::error_handler_t::replace);
}

ordered_json ReplyJson(const dialog::Reply& r) {
  ordered_json reply = {{"text", r.text}};
  if (!r.choices.empty()) {
    ordered_json choices = ordered_json::array();
    for (const dialog::Choice& c : r.choices) choices.push_back({{"id", c.id}, {"label", c.label}});
    reply["choices"] = std::move(choices);
  }
  if (r.link) reply["link"] = {{"url", r.link->url}, {"title", r.link->title}};
  return reply;
}

ordered_json AnswerJson(const dialog::TurnAnswer& answer) {
  // The JSON channel's rendering is the contract; reuse it rather than repeat it.
  return ordered_json::parse(RenderApiAnswer(answer));
}

}  // namespace

Status ParseWidgetMessage(std::string_view body, const std::string& visitor_id, int64_t received_at_ms,
                          dialog::Inbound* out, bool* open_out) {
  const json j = ParseJsonText(body);
  if (j.is_discarded()) return Status::InvalidArgument("body is not valid JSON");
  if (!j.is_object()) return Status::InvalidArgument("body must be a JSON object");
  std::optional<std::string> id, text, choice, lang;
  Status s = ReadField(j, "id", kMaxMessageIdChars, /*allow_nul=*/false, &id);
  if (s.ok() && !id) s = Status::InvalidArgument("field \"id\" is required");
  if (s.ok()) s = ReadField(j, "text", kMaxTextChars, /*allow_nul=*/true, &text);
  if (s.ok()) s = ReadField(j, "choice", kMaxChoiceChars, /*allow_nul=*/false, &choice);
  if (s.ok()) s = ReadField(j, "lang", 2, /*allow_nul=*/false, &lang);
  if (s.ok() && lang && *lang != "zh" && *lang != "en") {
    s = Status::InvalidArgument("field \"lang\" must be \"zh\" or \"en\"");
  }
  bool open = false;
  if (s.ok()) {
    if (const auto it = j.find("open"); it != j.end()) {
      if (!it->is_boolean()) {
        s = Status::InvalidArgument("field \"open\" must be true or false");
      } else {
        open = it->get<bool>();
      }
    }
  }
  if (s.ok() && (int{text.has_value()} + int{choice.has_value()} + int{open}) != 1) {
    s = Status::InvalidArgument("exactly one of \"text\", \"choice\" and \"open\" is required");
  }
  if (!s.ok()) return s;

  dialog::Inbound in;
  in.channel = kWidgetChannel;
  in.account = "";
  in.user = visitor_id;
  in.message_id = std::move(*id);
  in.text = text.value_or("");
  in.choice = std::move(choice);
  in.lang = std::move(lang);
  in.received_at_ms = received_at_ms;
  *out = std::move(in);
  *open_out = open;
  return Status::Ok();
}

std::string RenderWidgetAnswer(const dialog::TurnAnswer& answer, std::string_view lang,
                               std::optional<int> next_poll_ms) {
  ordered_json root = AnswerJson(answer);
  root["lang"] = lang;
  if (next_poll_ms) root["next_poll_ms"] = *next_poll_ms;
  return Dump(root);
}

std::string RenderWidgetHistory(const WidgetHistory& history) {
  ordered_json messages = ordered_json::array();
  for (const WidgetHistoryEntry& e : history.messages) {
    ordered_json m = {{"from", e.from_visitor ? "visitor" : "bot"}};
    m.update(e.from_visitor ? ordered_json{{"text", e.reply.text}} : ReplyJson(e.reply));
    messages.push_back(std::move(m));
  }
  ordered_json root = {{"messages", std::move(messages)},
                       {"last", history.last ? AnswerJson(*history.last) : ordered_json(nullptr)},
                       {"lang", history.lang},
                       {"truncated", history.truncated}};
  if (history.next_poll_ms) root["next_poll_ms"] = *history.next_poll_ms;
  return Dump(root);
}

std::string RenderWidgetVisitor(std::string_view token) { return Dump(ordered_json{{"visitor", token}}); }

}  // namespace careerbot::adapters
