#include "bot/channel_accounts.h"

#include <nlohmann/json.hpp>

#include "adapters/channels.h"

namespace careerbot::bot {
namespace {

using nlohmann::json;
using adapters::Auth;

// The stored names of Auth: stable, because queued entries outlive a build.
constexpr std::pair<Auth, const char*> kAuthNames[] = {
    {Auth::kNone, "none"},
    {Auth::kAccessTokenQuery, "access_token_query"},
    {Auth::kBearer, "bearer"},
    {Auth::kDingTalkHeader, "dingtalk_header"},
    {Auth::kUrlPathToken, "url_path_token"},
};

}  // namespace

Status OpenChannels(const Config& config, ChannelMap* out) {
  ChannelMap channels;
  for (const ChannelAccountConfig& account : config.channels.accounts) {
    const json object = json::parse(account.json, nullptr, /*allow_exceptions=*/false);
    std::unique_ptr<adapters::Channel> channel;
    if (Status s = adapters::MakeChannel(account.platform, account.key, object, adapters::SystemRandom(), &channel);
        !s.ok()) {
      return s;
    }
    channels[{account.platform, account.key}] = std::move(channel);
  }
  *out = std::move(channels);
  return Status::Ok();
}

const adapters::Channel* FindChannel(const ChannelMap& channels, std::string_view platform,
                                     std::string_view account) {
  const auto it = channels.find({std::string(platform), std::string(account)});
  return it == channels.end() ? nullptr : it->second.get();
}

std::string EncodeOutboundRequest(const adapters::OutboundRequest& r) {
  const char* auth = "none";
  for (const auto& [value, name] : kAuthNames) {
    if (value == r.auth) auth = name;
  }
  json headers = json::array();
  for (const auto& [name, value] : r.headers) headers.push_back({name, value});
  // The adapters build bodies from valid UTF-8; replace keeps a stray byte from
  // throwing here.
  return json{{"method", r.method}, {"url", r.url}, {"headers", headers}, {"body", r.body}, {"auth", auth}}
      .dump(-1, ' ', false, json::error_handler_t::replace);
}

Status DecodeOutboundRequest(std::string_view text, adapters::OutboundRequest* out) {
  const json j = json::parse(text, nullptr, /*allow_exceptions=*/false);
  auto bad = [](const char* what) { return Status::InvalidArgument(std::string("outbox request: ") + what); };
  if (!j.is_object()) return bad("not a JSON object");
  adapters::OutboundRequest r;
  const auto string_at = [&j](const char* key, std::string* value) {
    const auto it = j.find(key);
    if (it == j.end() || !it->is_string()) return false;
    *value = it->get<std::string>();
    return true;
  };
  std::string auth;
  if (!string_at("method", &r.method) || !string_at("url", &r.url) || !string_at("body", &r.body) ||
      !string_at("auth", &auth)) {
    return bad("method, url, body and auth must be strings");
  }
  bool known = false;
  for (const auto& [value, name] : kAuthNames) {
    if (auth == name) {
      r.auth = value;
      known = true;
    }
  }
  if (!known) return bad("unknown auth");
  const auto headers = j.find("headers");
  if (headers == j.end() || !headers->is_array()) return bad("headers must be a list");
  for (const json& h : *headers) {
    if (!h.is_array() || h.size() != 2 || !h.at(0).is_string() || !h.at(1).is_string()) {
      return bad("a header must be [name, value]");
    }
    r.headers.emplace_back(h.at(0).get<std::string>(), h.at(1).get<std::string>());
  }
  *out = std::move(r);
  return Status::Ok();
}

}  // namespace careerbot::bot
