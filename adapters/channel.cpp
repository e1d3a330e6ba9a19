#include "adapters/channel.h"

#include "adapters/channel_internal.h"
#include "adapters/crypto.h"
#include "base/json_text.h"

namespace careerbot::adapters {
namespace {

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

std::string PercentDecode(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '%' && i + 2 < s.size() && HexValue(s[i + 1]) >= 0 && HexValue(s[i + 2]) >= 0) {
      out += static_cast<char>(HexValue(s[i + 1]) * 16 + HexValue(s[i + 2]));
      i += 2;
    } else {
      out += s[i];
    }
  }
  return out;
}

}  // namespace

RandomSource SystemRandom() {
  return [](size_t n) {
    std::string out;
    // RAND_bytes fails only when the OS has no entropy source at all; an empty
    // result then makes the encryption refuse (a short IV), never a weak one.
    if (!RandomBytes(n, &out)) out.clear();
    return out;
  };
}

OutboundRequest Authorize(const OutboundRequest& request, std::string_view token) {
  OutboundRequest r = request;
  switch (request.auth) {
    case Auth::kNone: break;
    case Auth::kAccessTokenQuery:
      r.url += (r.url.find('?') == std::string::npos ? "?" : "&");
      r.url += "access_token=" + UrlEncode(token);
      break;
    case Auth::kBearer: r.headers.emplace_back("Authorization", "Bearer " + std::string(token)); break;
    case Auth::kDingTalkHeader: r.headers.emplace_back("x-acs-dingtalk-access-token", std::string(token)); break;
    case Auth::kUrlPathToken:
      if (const size_t at = r.url.find(kTokenPlaceholder); at != std::string::npos) {
        r.url.replace(at, kTokenPlaceholder.size(), token);
      }
      break;
  }
  return r;
}

std::map<std::string, std::string> ParseQuery(std::string_view raw) {
  std::map<std::string, std::string> out;
  while (!raw.empty()) {
    const size_t amp = raw.find('&');
    const std::string_view pair = raw.substr(0, amp);
    raw = amp == std::string_view::npos ? std::string_view() : raw.substr(amp + 1);
    if (pair.empty()) continue;
    const size_t eq = pair.find('=');
    const std::string name = PercentDecode(pair.substr(0, eq));
    const std::string value =
        eq == std::string_view::npos ? std::string() : PercentDecode(pair.substr(eq + 1));
    out.emplace(name, value);
  }
  return out;
}

const std::string& Field(const std::map<std::string, std::string>& fields, const std::string& name) {
  static const std::string kEmpty;
  const auto it = fields.find(name);
  return it == fields.end() ? kEmpty : it->second;
}

// --- channel_internal.h -------------------------------------------------------

namespace {
uint64_t Distance(int64_t a, int64_t b) {
  // Unsigned arithmetic: the true distance of two int64 values fits a uint64.
  return a > b ? static_cast<uint64_t>(a) - static_cast<uint64_t>(b)
               : static_cast<uint64_t>(b) - static_cast<uint64_t>(a);
}
}  // namespace

Status CheckReplayWindow(int64_t timestamp_s, int64_t now_ms, int64_t window_s,
                         std::string_view what) {
  if (window_s <= 0 || Distance(timestamp_s, now_ms / 1000) <= static_cast<uint64_t>(window_s)) {
    return Status::Ok();
  }
  return Status::Unauthenticated(std::string(what) + " is outside the replay window");
}

Status CheckReplayWindowMs(int64_t timestamp_ms, int64_t now_ms, int64_t window_s,
                           std::string_view what) {
  if (window_s <= 0 || Distance(timestamp_ms, now_ms) <= static_cast<uint64_t>(window_s) * 1000) {
    return Status::Ok();
  }
  return Status::Unauthenticated(std::string(what) + " is outside the replay window");
}

std::string DumpJson(const nlohmann::ordered_json& j) {
  return j.dump(-1, ' ', /*ensure_ascii=*/false, nlohmann::ordered_json::error_handler_t::replace);
}

bool ParseJsonObject(std::string_view text, nlohmann::json* out) {
  *out = ParseJsonText(text);
  return !out->is_discarded() && out->is_object();
}

std::string JsonString(const nlohmann::json& j, const char* key) {
  if (!j.is_object()) return std::string();
  const auto it = j.find(key);
  if (it == j.end()) return std::string();
  if (it->is_string()) return it->get<std::string>();
  if (it->is_number_integer()) return it->dump();
  return std::string();
}

const nlohmann::json& JsonObject(const nlohmann::json& j, const char* key) {
  static const nlohmann::json kEmpty = nlohmann::json::object();
  if (!j.is_object()) return kEmpty;
  const auto it = j.find(key);
  return it != j.end() && it->is_object() ? *it : kEmpty;
}

bool JsonInt(const nlohmann::json& j, const char* key, int64_t* out) {
  if (!j.is_object()) return false;
  const auto it = j.find(key);
  if (it == j.end()) return false;
  if (it->is_number_integer()) {
    if (it->is_number_unsigned() &&
        it->get<uint64_t>() > static_cast<uint64_t>(std::numeric_limits<int64_t>::max())) {
      return false;
    }
    *out = it->get<int64_t>();
    return true;
  }
  if (it->is_string()) return ParseDecimal(it->get_ref<const std::string&>(), out);
  return false;
}

bool JsonTrue(const nlohmann::json& j, const char* key) {
  if (!j.is_object()) return false;
  const auto it = j.find(key);
  return it != j.end() && it->is_boolean() && it->get<bool>();
}

std::string LanguageOf(std::string_view code) {
  if (code.starts_with("zh")) return "zh";
  if (code.starts_with("en")) return "en";
  return std::string();
}

}  // namespace careerbot::adapters
