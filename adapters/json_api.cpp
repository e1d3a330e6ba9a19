#include "adapters/json_api.h"

#include <algorithm>
#include <limits>
#include <optional>
#include <string>
#include <utility>

#include <nlohmann/json.hpp>

#include "base/utf8.h"
#include "base/json_text.h"

namespace careerbot::adapters {
namespace {

using nlohmann::json;
// Rendering keeps the key order of the contract (replies, state, progress), so the
// answer reads as DESIGN.md shows it and stays byte-stable across versions.
using nlohmann::ordered_json;

constexpr size_t kMaxChoiceChars = 128;

// Code points of a string already known to be valid UTF-8: every byte that is not
// a continuation byte starts one.
size_t CodePoints(std::string_view s) {
  size_t n = 0;
  for (char c : s) {
    if ((static_cast<unsigned char>(c) & 0xC0) != 0x80) ++n;
  }
  return n;
}

std::string Quoted(std::string_view field) { return "field \"" + std::string(field) + "\""; }

// Reads an optional string field of the request. Absent: *out stays nullopt. Present:
// must be a valid UTF-8 string of min..max code points, without NUL when no_nul.
Status ReadString(const json& body, std::string_view field, size_t min_chars, size_t max_chars,
                  bool no_nul, std::optional<std::string>* out) {
  const auto it = body.find(field);
  if (it == body.end()) return Status::Ok();
  if (!it->is_string()) return Status::InvalidArgument(Quoted(field) + " must be a string");
  const std::string& s = it->get_ref<const std::string&>();
  // nlohmann's lexer already refuses ill-formed UTF-8 and lone surrogates; this is
  // the contract's own check, kept in case the parser or its options ever change.
  if (!IsValidUtf8(s)) return Status::InvalidArgument(Quoted(field) + " must be valid UTF-8");
  if (no_nul && s.find('\0') != std::string::npos) {
    return Status::InvalidArgument(Quoted(field) + " must not contain NUL characters");
  }
  const size_t chars = CodePoints(s);
  if (chars < min_chars || chars > max_chars) {
    return Status::InvalidArgument(
        min_chars == 0
            ? Quoted(field) + " must be at most " + std::to_string(max_chars) + " characters"
            : Quoted(field) + " must be " + std::to_string(min_chars) + " to " +
                  std::to_string(max_chars) + " characters");
  }
  *out = s;
  return Status::Ok();
}

// Watches a parse that already failed, only to say where: which of the contract's
// top-level fields was being read when the input broke, and whether the cause was a byte that is
// not UTF-8. Builds nothing.
class ErrorLocator {
 public:
  explicit ErrorLocator(size_t size) : size_(size) {}

  bool null() { return Value(); }
  bool boolean(bool) { return Value(); }
  bool number_integer(json::number_integer_t) { return Value(); }
  bool number_unsigned(json::number_unsigned_t) { return Value(); }
  bool number_float(json::number_float_t, const json::string_t&) { return Value(); }
  bool string(json::string_t&) { return Value(); }
  bool binary(json::binary_t&) { return Value(); }
  bool start_object(std::size_t) { return Open(); }
  bool start_array(std::size_t) { return Open(); }
  bool end_object() { return Close(); }
  bool end_array() { return Close(); }
  bool key(json::string_t& k) {
    // Only the contract's own names are echoed: other keys are the caller's data,
    // of any length, and a message must not carry a client's data.
    if (depth_ == 1) {
      field_.reset();
      for (const char* name : {"user", "id", "text", "choice", "lang"}) {
        if (k == name) field_ = k;
      }
    }
    return true;
  }
  bool parse_error(std::size_t position, const std::string& last_token,
                   const json::exception&) {
    position_ = position;
    // The lexer's last token holds the bytes it read of the broken token, raw.
    bad_utf8_ = !IsValidUtf8(last_token);
    return false;
  }

  Status ToStatus() const {
    if (bad_utf8_) {
      return Status::InvalidArgument(field_ ? Quoted(*field_) + " must be valid UTF-8"
                                            : std::string("body must be valid UTF-8"));
    }
    // nlohmann counts bytes from 1 and the end of input as one more: report the
    // last byte actually read.
    std::string m = "body is not valid JSON (at byte " + std::to_string(std::min(position_, size_));
    if (field_) m += ", in " + Quoted(*field_);
    return Status::InvalidArgument(m + ")");
  }

 private:
  bool Value() {
    if (depth_ == 1) field_.reset();  // a top-level value is complete
    return true;
  }
  bool Open() {
    ++depth_;
    return true;
  }
  bool Close() {
    --depth_;
    return Value();
  }

  const size_t size_;  // of the body
  int depth_ = 0;
  std::optional<std::string> field_;  // the top-level key whose value is being read
  size_t position_ = 0;
  bool bad_utf8_ = false;
};

// Parses without exceptions; on failure, a message naming the field where it broke.
Status ParseBody(std::string_view body, json* out) {
  *out = ParseJsonText(body);
  if (!out->is_discarded()) return Status::Ok();
  if (body.find('\0') != std::string_view::npos) {
    return Status::InvalidArgument("body must not contain NUL bytes (write \\u0000 inside a string)");
  }
  ErrorLocator locator(body.size());
  json::sax_parse(body, &locator);
  return locator.ToStatus();
}

// Compact, UTF-8 kept as is. Bytes that are not UTF-8 (a text that came from
// elsewhere unchecked) become U+FFFD instead of throwing from inside a render.
std::string Dump(const ordered_json& j) {
  return j.dump(-1, ' ', /*ensure_ascii=*/false, ordered_json::error_handler_t::replace);
}

// --- ParseApiAnswer helpers: the input is our own output, so the messages are terse.

bool GetString(const json& j, const char* key, std::string* out) {
  const auto it = j.find(key);
  if (it == j.end() || !it->is_string()) return false;
  *out = it->get<std::string>();
  return true;
}

bool GetInt(const json& j, const char* key, int* out) {
  const auto it = j.find(key);
  if (it == j.end() || !it->is_number_integer()) return false;
  if (it->is_number_unsigned()) {
    const auto v = it->get<json::number_unsigned_t>();
    if (v > static_cast<json::number_unsigned_t>(std::numeric_limits<int>::max())) return false;
    *out = static_cast<int>(v);
    return true;
  }
  const auto v = it->get<json::number_integer_t>();
  if (v < std::numeric_limits<int>::min() || v > std::numeric_limits<int>::max()) return false;
  *out = static_cast<int>(v);
  return true;
}

bool ReadReply(const json& j, dialog::Reply* out) {
  if (!j.is_object() || !GetString(j, "text", &out->text)) return false;
  if (const auto it = j.find("choices"); it != j.end()) {
    if (!it->is_array()) return false;
    for (const json& c : *it) {
      dialog::Choice choice;
      if (!c.is_object() || !GetString(c, "id", &choice.id) ||
          !GetString(c, "label", &choice.label)) {
        return false;
      }
      out->choices.push_back(std::move(choice));
    }
  }
  if (const auto it = j.find("link"); it != j.end()) {
    dialog::Link link;
    if (!it->is_object() || !GetString(*it, "url", &link.url) ||
        !GetString(*it, "title", &link.title)) {
      return false;
    }
    out->link = std::move(link);
  }
  return true;
}

}  // namespace

Status ParseApiMessage(std::string_view body, int64_t received_at_ms, dialog::Inbound* out) {
  json j;
  if (Status s = ParseBody(body, &j); !s.ok()) return s;
  if (!j.is_object()) return Status::InvalidArgument("body must be a JSON object");

  std::optional<std::string> user, id, text, choice, lang;
  Status s = ReadString(j, "user", 1, kMaxUserChars, /*no_nul=*/true, &user);
  if (s.ok() && !user) s = Status::InvalidArgument(Quoted("user") + " is required");
  if (s.ok()) s = ReadString(j, "id", 1, kMaxMessageIdChars, /*no_nul=*/true, &id);
  if (s.ok()) s = ReadString(j, "choice", 1, kMaxChoiceChars, /*no_nul=*/true, &choice);
  // NUL is allowed in text: it is content, and nothing downstream treats it as an end.
  if (s.ok()) s = ReadString(j, "text", 0, kMaxTextChars, /*no_nul=*/false, &text);
  if (s.ok() && (!text || text->empty()) && !choice) {
    s = Status::InvalidArgument(Quoted("text") + " is required (it may be empty only with \"choice\")");
  }
  if (s.ok()) s = ReadString(j, "lang", 0, std::numeric_limits<size_t>::max(), /*no_nul=*/true, &lang);
  if (s.ok() && lang && *lang != "zh" && *lang != "en") {
    s = Status::InvalidArgument(Quoted("lang") + " must be \"zh\" or \"en\"");
  }
  if (!s.ok()) return s;

  dialog::Inbound in;
  in.channel = "api";
  in.account = "";
  in.user = std::move(*user);
  in.message_id = id.value_or("");
  in.text = text.value_or("");
  in.choice = std::move(choice);
  in.lang = std::move(lang);
  in.received_at_ms = received_at_ms;
  *out = std::move(in);
  return Status::Ok();
}

std::string RenderApiAnswer(const dialog::TurnAnswer& answer) {
  ordered_json replies = ordered_json::array();
  for (const dialog::Reply& r : answer.replies) {
    ordered_json reply = {{"text", r.text}};
    if (!r.choices.empty()) {
      ordered_json choices = ordered_json::array();
      for (const dialog::Choice& c : r.choices) {
        choices.push_back({{"id", c.id}, {"label", c.label}});
      }
      reply["choices"] = std::move(choices);
    }
    if (r.link) reply["link"] = {{"url", r.link->url}, {"title", r.link->title}};
    replies.push_back(std::move(reply));
  }
  ordered_json root = {{"replies", std::move(replies)}, {"state", answer.state}};
  if (answer.progress) {
    root["progress"] = {{"done", answer.progress->done}, {"total", answer.progress->total}};
  }
  return Dump(root);
}

Status ParseApiAnswer(std::string_view json_text, dialog::TurnAnswer* out) {
  const json j = json::parse(json_text, nullptr, /*allow_exceptions=*/false);
  if (j.is_discarded() || !j.is_object()) {
    return Status::InvalidArgument("stored answer is not a JSON object");
  }
  dialog::TurnAnswer answer;
  const auto replies = j.find("replies");
  if (replies == j.end() || !replies->is_array()) {
    return Status::InvalidArgument("stored answer: \"replies\" must be an array");
  }
  for (const json& r : *replies) {
    dialog::Reply reply;
    if (!ReadReply(r, &reply)) return Status::InvalidArgument("stored answer: malformed reply");
    answer.replies.push_back(std::move(reply));
  }
  if (!GetString(j, "state", &answer.state)) {
    return Status::InvalidArgument("stored answer: \"state\" must be a string");
  }
  if (const auto it = j.find("progress"); it != j.end()) {
    dialog::Progress p;
    if (!it->is_object() || !GetInt(*it, "done", &p.done) || !GetInt(*it, "total", &p.total)) {
      return Status::InvalidArgument("stored answer: malformed \"progress\"");
    }
    answer.progress = p;
  }
  *out = std::move(answer);
  return Status::Ok();
}

std::string RenderApiError(std::string_view code, std::string_view message) {
  return Dump(ordered_json{{"error", {{"code", code}, {"message", message}}}});
}

}  // namespace careerbot::adapters
