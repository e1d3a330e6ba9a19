#include "adapters/widget_visitor.h"

#include <algorithm>

#include "adapters/crypto.h"

namespace careerbot::adapters {
namespace {

constexpr std::string_view kPrefix = "v1.";
constexpr std::string_view kSignedPrefix = "careerbot-widget-visitor.v1.";
constexpr size_t kIdChars = 22;   // 16 bytes
constexpr size_t kSigChars = 43;  // 32 bytes

bool IsBase64UrlChar(char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
}

bool AllBase64Url(std::string_view s) { return std::all_of(s.begin(), s.end(), IsBase64UrlChar); }

}  // namespace

std::string Base64UrlNoPad(std::string_view bytes) {
  std::string s = Base64Encode(bytes);
  while (!s.empty() && s.back() == '=') s.pop_back();
  for (char& c : s) {
    if (c == '+') c = '-';
    if (c == '/') c = '_';
  }
  return s;
}

Status VisitorSigner::Create(std::string key, VisitorSigner* out) {
  if (key.size() < kMinKeyBytes) {
    return Status::InvalidArgument("the widget secret must be at least " + std::to_string(kMinKeyBytes) +
                                   " bytes");
  }
  out->key_ = std::move(key);
  return Status::Ok();
}

std::string VisitorSigner::Sign(std::string_view visitor_id) const {
  std::string data(kSignedPrefix);
  data.append(visitor_id);
  return Base64UrlNoPad(HmacSha256(key_, data));
}

std::string VisitorSigner::TokenFor(std::string_view visitor_id) const {
  std::string token(kPrefix);
  token.append(visitor_id);
  token += '.';
  token += Sign(visitor_id);
  return token;
}

Status VisitorSigner::Issue(std::string* token) const {
  std::string random;
  if (!RandomBytes(16, &random)) return Status::Unavailable("no random bytes for a visitor id");
  *token = TokenFor(Base64UrlNoPad(random));
  return Status::Ok();
}

Status VisitorSigner::Verify(std::string_view token, std::string* visitor_id) const {
  const Status refused = Status::Unauthenticated("the visitor token is not valid");
  if (token.size() != kPrefix.size() + kIdChars + 1 + kSigChars || token.substr(0, kPrefix.size()) != kPrefix) {
    return refused;
  }
  const std::string_view id = token.substr(kPrefix.size(), kIdChars);
  if (token[kPrefix.size() + kIdChars] != '.') return refused;
  const std::string_view signature = token.substr(kPrefix.size() + kIdChars + 1);
  if (!AllBase64Url(id) || !AllBase64Url(signature)) return refused;
  if (!ConstantTimeEquals(Sign(id), signature)) return refused;
  *visitor_id = std::string(id);
  return Status::Ok();
}

}  // namespace careerbot::adapters
