// The interface every messaging-channel adapter implements (WeChat, WeCom, Feishu,
// DingTalk, Telegram), and the neutral values it speaks in. No HTTP library type
// appears here, so a test calls an adapter with a recorded request and no server.
//
// One inbound request, as bot/ drives it:
//
//   ChannelRequest ──► Channel::Parse ──► ParseResult
//       .immediate set:  answer with it, run no turn (URL verification, ignored events)
//       .messages:       for each, drop duplicates by (channel, account, message_id),
//                        run the turn, then Channel::Render(answer, reply_context, …)
//                        ──► RenderResult {http: the answer to this request,
//                                          outbound: API calls for the outbox}
//   too slow for the platform's window?  answer Channel::Ack() now and later
//   Render(…, passive = false): everything then goes out as API calls.
//
//   outbox worker: Sender (sender.h) adds the access token, sends, classifies.
//
// A Channel is immutable after construction and safe to use from many threads.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"
#include "dialog/messages.h"

namespace careerbot::adapters {

// A request as the platform sent it.
struct ChannelRequest {
  std::string method;                          // "GET" | "POST"
  std::string account;                         // the {account} of the route
  std::map<std::string, std::string> query;    // percent-decoded (see ParseQuery)
  std::map<std::string, std::string> headers;  // names lower-cased
  std::string body;                            // raw bytes, as received
  int64_t now_ms = 0;                          // the server's clock
};

// The synchronous HTTP answer to a platform's request.
struct HttpAnswer {
  int status = 200;
  std::string content_type = "text/plain; charset=utf-8";
  std::string body;
};

// How an API call proves who sends it. The credential is added at delivery time
// (Sender), so an OutboundRequest held in the outbox carries no secret.
enum class Auth {
  kNone,              // e.g. a DingTalk session webhook (the URL is the credential)
  kAccessTokenQuery,  // "?access_token=…" (WeChat, WeCom)
  kBearer,            // "Authorization: Bearer …" (Feishu)
  kDingTalkHeader,    // "x-acs-dingtalk-access-token: …"
  kUrlPathToken,      // "{token}" in the URL is replaced (Telegram's /bot{token}/)
};

// One call of a platform's API.
struct OutboundRequest {
  std::string method = "POST";
  std::string url;
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;
  Auth auth = Auth::kNone;
};

// A platform's answer to an OutboundRequest.
struct HttpResponse {
  int status = 0;  // 0: no answer (connection failed, timed out)
  std::map<std::string, std::string> headers;  // names lower-cased
  std::string body;
};

// What to do after an API call.
struct ApiOutcome {
  enum class Kind {
    kOk,
    kRetry,         // transient: try again later (after retry_after_ms when > 0)
    kInvalidToken,  // the access token was refused: invalidate it, fetch anew, retry once
    kPermanent,     // will not succeed as it is; keep it with the error for a counsellor
  };
  Kind kind = Kind::kOk;
  int64_t retry_after_ms = 0;
  std::string error;  // the platform's code and message, for logs and counsellors
};

// What kind of inbound a message is, beyond its text.
enum class InboundKind {
  kMessage,      // text (or a recognised voice message, a menu command, a tapped choice)
  kStart,        // the client started the conversation (followed the account, /start)
  kStop,         // the client left (unfollowed, blocked the bot): mark them inactive,
                 // run no turn, send nothing (the platform would refuse it)
  kUnsupported,  // a kind of message the bot cannot read (image, sticker, file …):
                 // answer politely that only text is understood
};

struct InboundMessage {
  // channel, account, user, message_id (the platform's dedup key), text | choice.
  // For kStart, kStop and kUnsupported, text and choice are empty.
  dialog::Inbound inbound;
  InboundKind kind = InboundKind::kMessage;
  std::string detail;  // kUnsupported: the platform's message type; kStart: a scene key
  // Opaque to bot/: what this adapter needs to answer the message (who, where, in
  // which mode). Store it with the turn and hand it back to Render, byte for byte.
  std::string reply_context;
};

struct ParseResult {
  std::optional<HttpAnswer> immediate;  // set: answer this, run nothing
  std::vector<InboundMessage> messages;
};

struct RenderOptions {
  int64_t now_ms = 0;
  // True while the platform still waits for this request's HTTP answer: the first
  // part may go into it (a WeChat passive reply). False once the request was
  // answered with Ack(): everything becomes API calls.
  bool passive = true;
};

struct RenderResult {
  HttpAnswer http;                        // the answer to the request (Ack() when passive = false)
  std::vector<OutboundRequest> outbound;  // in delivery order
};

// A source of random bytes (encryption IVs and nonces). Tests inject a fixed one.
using RandomSource = std::function<std::string(size_t n)>;
RandomSource SystemRandom();

class Channel {
 public:
  virtual ~Channel() = default;

  // "wechat", "wecom", "feishu", "dingtalk", "telegram": Inbound::channel.
  virtual std::string_view platform() const = 0;

  // Verifies and parses one request. InvalidArgument for a malformed request,
  // Unauthenticated for a missing or wrong signature or token, or a timestamp
  // outside the replay window. Nothing is filled on failure.
  virtual Status Parse(const ChannelRequest& request, ParseResult* out) const = 0;

  // Renders the answer of one turn for the message whose reply_context is given.
  // InvalidArgument when the context is not one this adapter made.
  virtual Status Render(const dialog::TurnAnswer& answer, std::string_view reply_context,
                        const RenderOptions& options, RenderResult* out) const = 0;

  // The answer that acknowledges a request without replying in it.
  virtual HttpAnswer Ack() const = 0;

  // --- API credentials (used by Sender) ---------------------------------------
  // Requests carrying the same key share one access token (the app id: two
  // accounts of one app must not each fetch one, or each invalidates the other's).
  virtual std::string token_key() const = 0;
  // The request that fetches an access token; nullopt when the credential is
  // static (Telegram's bot token: StaticToken()).
  virtual std::optional<OutboundRequest> TokenRequest() const = 0;
  // Reads a token answer: the token and its lifetime in seconds. Unavailable for a
  // transient failure, PermissionDenied when the platform refused the credentials.
  virtual Status ParseTokenResponse(const HttpResponse& response, std::string* token,
                                    int64_t* expires_in_s) const = 0;
  virtual std::string StaticToken() const { return std::string(); }
  // Classifies an API answer.
  virtual ApiOutcome Classify(const OutboundRequest& request,
                              const HttpResponse& response) const = 0;
};

// Adds the credential to a request, as request.auth says.
OutboundRequest Authorize(const OutboundRequest& request, std::string_view token);

// Percent-decodes a raw query string ("a=1&b=x%2By") into name → value. Unlike the
// HTML form rules, '+' stays '+': WeCom's echostr and signatures are base64, whose
// '+' a form decoder turns into a space. A name given twice keeps the first value.
std::map<std::string, std::string> ParseQuery(std::string_view raw_query);

// The value of a header (name lower-case) or query parameter; "" when absent.
const std::string& Field(const std::map<std::string, std::string>& fields, const std::string& name);

}  // namespace careerbot::adapters
