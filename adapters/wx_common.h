// What WeChat Official Accounts and WeCom share beyond WXBizMsgCrypt: the kinds of
// callback message, the passive text reply, the reply context, the errcode-style
// API answers. Internal to adapters/ (wechat.cpp, wecom.cpp).
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <set>
#include <string>
#include <string_view>

#include "adapters/channel.h"
#include "adapters/flat_xml.h"
#include "adapters/wx_crypt.h"
#include "base/status.h"

namespace careerbot::adapters::wx {

// The longest text message, in UTF-8 bytes. WeCom documents 2048 bytes for its
// text messages; no primary number was found for the Official Account's passive
// reply or custom/send, and the SDKs keep to the same 2048.
inline constexpr size_t kMaxTextBytes = 2048;

// Where and how to answer one callback: kept in InboundMessage::reply_context.
struct ReplyRoute {
  std::string to;    // the user: OpenID (WeChat) or UserID (WeCom)
  std::string from;  // the account: its original id gh_… (WeChat) or the CorpID (WeCom)
  bool encrypted = false;
  std::string nonce;  // the request's, reused for the encrypted reply
};
std::string EncodeRoute(const ReplyRoute& route);
bool DecodeRoute(std::string_view text, ReplyRoute* out);

struct MapOptions {
  std::string_view platform;  // "wechat" | "wecom"
  const std::string* account;
  const std::map<std::string, std::string>* menu_commands;
  bool encrypted = false;
  std::string nonce;
  int64_t now_ms = 0;
};

// Turns a verified (and decrypted) callback message into the parse result, as the
// table in wechat.h says. InvalidArgument when a required field is missing.
Status MapMessage(const FlatXml& msg, const MapOptions& options, ParseResult* out);

// "success": acknowledges without replying.
HttpAnswer Success();

// The passive text reply (plaintext form).
std::string PassiveTextXml(std::string_view to, std::string_view from, int64_t create_time_s,
                           std::string_view content);

// Renders an answer: the first message into the passive reply while the request is
// open (sealed with `crypt` when the request was encrypted), the others as API
// calls to `api_url` whose JSON bodies `api_body(touser, content)` makes.
using ApiBody = std::function<std::string(const std::string& to, const std::string& content)>;
Status Render(const dialog::TurnAnswer& answer, std::string_view reply_context,
              const RenderOptions& options, const WxCrypt* crypt, const RandomSource& random,
              const std::string& api_url, const ApiBody& api_body, RenderResult* out);

// Classifies an {"errcode": …, "errmsg": …} answer.
ApiOutcome Classify(const HttpResponse& response, const std::set<int64_t>& invalid_token,
                    const std::set<int64_t>& retry);

// Reads {"access_token": …, "expires_in": …} or an errcode answer.
Status ParseToken(const HttpResponse& response, std::string* token, int64_t* expires_in_s);

}  // namespace careerbot::adapters::wx
