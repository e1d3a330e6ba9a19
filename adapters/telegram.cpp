#include "adapters/telegram.h"

#include <nlohmann/json.hpp>

#include "adapters/channel_internal.h"
#include "adapters/config_reader.h"
#include "adapters/crypto.h"
#include "adapters/text_split.h"
#include "base/utf8.h"

namespace careerbot::adapters {
namespace {

using nlohmann::json;
using nlohmann::ordered_json;

constexpr char kSecretHeader[] = "x-telegram-bot-api-secret-token";

// The id of a chat or user: Telegram's ids fit in 52 bits.
bool ReadId(const json& j, const char* key, int64_t* out) {
  const auto it = j.find(key);
  if (it == j.end() || !it->is_number_integer()) return false;
  *out = it->get<int64_t>();
  return true;
}

std::string Context(int64_t chat, const std::string& callback_id, int64_t message_id) {
  ordered_json c = {{"chat", chat}};
  if (!callback_id.empty()) c["cq"] = callback_id;
  if (message_id != 0) c["msg"] = message_id;
  return DumpJson(c);
}

bool FitsButtons(const std::vector<dialog::Choice>& choices) {
  for (const auto& c : choices) {
    if (c.id.empty() || c.id.size() > kTelegramMaxCallbackBytes) return false;
  }
  return true;
}

bool IsStart(const std::string& text, std::string* payload) {
  if (!text.starts_with("/start")) return false;
  const std::string rest = text.substr(6);
  if (rest.empty()) return true;
  if (rest[0] == '@') {  // "/start@MyBot payload"
    const size_t space = rest.find(' ');
    if (space != std::string::npos) *payload = rest.substr(space + 1);
    return true;
  }
  if (rest[0] != ' ') return false;  // "/startle" is text
  *payload = rest.substr(1);
  return true;
}

}  // namespace

Status ParseTelegramConfig(const nlohmann::json& j, const std::string& path, TelegramConfig* out) {
  TelegramConfig c;
  ConfigReader r(j, path);
  r.Secret("bot_token", true, &c.bot_token,
           [](const std::string& v) -> std::string {
             const size_t colon = v.find(':');
             const bool ok = colon != std::string::npos && colon > 0 &&
                             v.find_first_not_of("0123456789") == colon && colon + 1 < v.size() &&
                             CheckToken(v.substr(colon + 1), 1, 256).empty();
             return ok ? "" : "must be \"<digits>:<token>\" as @BotFather gives it";
           })
      .Secret("secret_token", true, &c.secret_token, [](const std::string& v) { return CheckToken(v, 1, 256); })
      .BaseUrl("api_base", &c.api_base)
      .Int("replay_window_s", 0, 7 * 86400, &c.replay_window_s);
  if (Status s = r.Finish(); !s.ok()) return s;
  *out = std::move(c);
  return Status::Ok();
}

std::string TelegramChannel::token_key() const {
  return "telegram:" + config_.bot_token.substr(0, config_.bot_token.find(':'));
}

HttpAnswer TelegramChannel::Ack() const { return HttpAnswer{200, "text/plain; charset=utf-8", ""}; }

Status TelegramChannel::Parse(const ChannelRequest& request, ParseResult* out) const {
  if (request.method != "POST") return Status::InvalidArgument("method must be POST");
  const std::string& secret = Field(request.headers, kSecretHeader);
  if (secret.empty()) return Status::Unauthenticated("missing X-Telegram-Bot-Api-Secret-Token");
  if (!ConstantTimeEquals(secret, config_.secret_token)) {
    return Status::Unauthenticated("X-Telegram-Bot-Api-Secret-Token does not match");
  }
  json update;
  if (!ParseJsonObject(request.body, &update)) return Status::InvalidArgument("body is not a JSON object");
  int64_t update_id = 0;
  if (!ReadId(update, "update_id", &update_id)) return Status::InvalidArgument("update_id is missing");

  ParseResult ignored;
  ignored.immediate = Ack();
  InboundMessage m;
  m.inbound.channel = "telegram";
  m.inbound.account = account_;
  m.inbound.message_id = std::to_string(update_id);
  m.inbound.received_at_ms = request.now_ms;

  if (const json& msg = JsonObject(update, "message"); !msg.empty()) {
    const json& chat = JsonObject(msg, "chat");
    const json& from = JsonObject(msg, "from");
    int64_t chat_id = 0, user_id = 0, date = 0;
    if (!ReadId(chat, "id", &chat_id)) return Status::InvalidArgument("message.chat.id is missing");
    if (JsonString(chat, "type") != "private" || !ReadId(from, "id", &user_id) ||
        JsonTrue(from, "is_bot")) {
      *out = std::move(ignored);  // groups and channels, or bots: not a counselling conversation
      return Status::Ok();
    }
    if (!JsonInt(msg, "date", &date)) return Status::InvalidArgument("message.date is missing");
    if (Status s = CheckReplayWindow(date, request.now_ms, config_.replay_window_s, "message date"); !s.ok()) {
      return s;
    }
    m.inbound.user = std::to_string(user_id);
    if (const std::string lang = LanguageOf(JsonString(from, "language_code")); !lang.empty()) {
      m.inbound.lang = lang;
    }
    m.reply_context = Context(chat_id, "", 0);
    const auto text = msg.find("text");
    if (text != msg.end() && text->is_string()) {
      std::string payload;
      if (IsStart(text->get<std::string>(), &payload)) {
        m.kind = InboundKind::kStart;
        m.detail = payload;
      } else {
        m.inbound.text = text->get<std::string>();
      }
    } else {
      m.kind = InboundKind::kUnsupported;
      m.detail = "message";
      for (const char* kind : {"photo", "sticker", "voice", "audio", "video", "video_note", "document",
                               "animation", "location", "contact", "poll", "dice"}) {
        if (msg.contains(kind)) {
          m.detail = kind;
          break;
        }
      }
    }
  } else if (const json& cq = JsonObject(update, "callback_query"); !cq.empty()) {
    const json& from = JsonObject(cq, "from");
    const std::string id = JsonString(cq, "id");
    int64_t user_id = 0;
    if (id.empty() || !ReadId(from, "id", &user_id)) {
      return Status::InvalidArgument("callback_query.id or callback_query.from.id is missing");
    }
    const auto data = cq.find("data");
    if (data == cq.end() || !data->is_string() || data->get_ref<const std::string&>().empty() ||
        JsonTrue(from, "is_bot")) {
      *out = std::move(ignored);  // a game's callback, or no data: nothing to choose
      return Status::Ok();
    }
    const json& message = JsonObject(cq, "message");
    int64_t chat_id = user_id, message_id = 0;  // a private chat's id is the user's id
    ReadId(JsonObject(message, "chat"), "id", &chat_id);
    ReadId(message, "message_id", &message_id);
    if (!JsonObject(message, "chat").empty() && JsonString(JsonObject(message, "chat"), "type") != "private") {
      *out = std::move(ignored);
      return Status::Ok();
    }
    m.inbound.user = std::to_string(user_id);
    m.inbound.choice = data->get<std::string>();
    if (const std::string lang = LanguageOf(JsonString(from, "language_code")); !lang.empty()) {
      m.inbound.lang = lang;
    }
    m.reply_context = Context(chat_id, id, message_id);
  } else if (const json& member = JsonObject(update, "my_chat_member"); !member.empty()) {
    int64_t user_id = 0;
    if (JsonString(JsonObject(member, "new_chat_member"), "status") != "kicked" ||
        JsonString(JsonObject(member, "chat"), "type") != "private" ||
        !ReadId(JsonObject(member, "from"), "id", &user_id)) {
      *out = std::move(ignored);
      return Status::Ok();
    }
    m.kind = InboundKind::kStop;
    m.inbound.user = std::to_string(user_id);
    m.reply_context = Context(user_id, "", 0);
  } else {
    *out = std::move(ignored);
    return Status::Ok();
  }
  if (!IsValidUtf8(m.inbound.text)) return Status::InvalidArgument("text is not valid UTF-8");
  ParseResult result;
  result.messages.push_back(std::move(m));
  *out = std::move(result);
  return Status::Ok();
}

Status TelegramChannel::Render(const dialog::TurnAnswer& answer, std::string_view reply_context,
                               const RenderOptions&, RenderResult* out) const {
  json ctx;
  int64_t chat = 0, message_id = 0;
  if (!ParseJsonObject(reply_context, &ctx) || !ReadId(ctx, "chat", &chat)) {
    return Status::InvalidArgument("malformed reply context");
  }
  ReadId(ctx, "msg", &message_id);
  const std::string callback_id = JsonString(ctx, "cq");
  const std::string base = config_.api_base + "/bot" + std::string(kTokenPlaceholder) + "/";
  auto call = [&](const char* method, const ordered_json& body) {
    OutboundRequest r;
    r.url = base + method;
    r.headers = {{"Content-Type", "application/json"}};
    r.body = DumpJson(body);
    r.auth = Auth::kUrlPathToken;
    return r;
  };
  RenderResult result;
  result.http = Ack();
  if (!callback_id.empty()) {
    result.outbound.push_back(call("answerCallbackQuery", {{"callback_query_id", callback_id}}));
    if (message_id != 0) {
      result.outbound.push_back(call("editMessageReplyMarkup",
                                     {{"chat_id", chat},
                                      {"message_id", message_id},
                                      {"reply_markup", {{"inline_keyboard", ordered_json::array()}}}}));
    }
  }
  for (const dialog::Reply& reply : answer.replies) {
    const bool buttons = FitsButtons(reply.choices);
    ordered_json keyboard = ordered_json::array();
    if (buttons) {
      for (const auto& c : reply.choices) {
        keyboard.push_back(ordered_json::array({{{"text", c.label}, {"callback_data", c.id}}}));
      }
    }
    if (reply.link) {
      const std::string& title = reply.link->title.empty() ? reply.link->url : reply.link->title;
      keyboard.push_back(ordered_json::array({{{"text", title}, {"url", reply.link->url}}}));
    }
    dialog::Reply shown = reply;
    shown.link.reset();
    if (buttons) shown.choices.clear();
    std::string text = PlainReplyText(shown, false);
    if (text.empty() && !keyboard.empty()) text = reply.link ? reply.link->title : "…";
    if (text.empty()) continue;
    const std::vector<std::string> pieces = SplitText(text, kTelegramMaxTextUnits, LengthUnit::kUtf16Units);
    for (size_t i = 0; i < pieces.size(); ++i) {
      ordered_json body = {{"chat_id", chat}, {"text", pieces[i]}};
      if (i + 1 == pieces.size() && !keyboard.empty()) body["reply_markup"] = {{"inline_keyboard", keyboard}};
      result.outbound.push_back(call("sendMessage", body));
    }
  }
  *out = std::move(result);
  return Status::Ok();
}

ApiOutcome TelegramChannel::Classify(const OutboundRequest& request, const HttpResponse& response) const {
  using Kind = ApiOutcome::Kind;
  if (response.status == 0) return {Kind::kRetry, 0, "no answer"};
  json j;
  const bool parsed = ParseJsonObject(response.body, &j);
  if (parsed && JsonTrue(j, "ok")) return {Kind::kOk, 0, ""};
  const std::string error =
      "HTTP " + std::to_string(response.status) + (parsed ? ": " + JsonString(j, "description") : "");
  if (response.status == 429) {
    int64_t after = 0;
    JsonInt(JsonObject(j, "parameters"), "retry_after", &after);
    return {Kind::kRetry, after * 1000, error};
  }
  if (response.status >= 500 || !parsed) return {Kind::kRetry, 0, error};
  if (response.status == 401 || response.status == 404) return {Kind::kInvalidToken, 0, error};
  // Housekeeping that may fail harmlessly: a callback query older than Telegram
  // keeps, a keyboard already removed.
  if (response.status == 400 && (request.url.ends_with("/answerCallbackQuery") ||
                                 request.url.ends_with("/editMessageReplyMarkup"))) {
    return {Kind::kOk, 0, "ignored: " + error};
  }
  return {Kind::kPermanent, 0, error};  // 400 bad request, 403 blocked by the user
}

}  // namespace careerbot::adapters
