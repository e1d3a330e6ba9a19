// Sender: delivers one API call a Channel rendered (OutboundRequest) through an
// HTTP client that bot/ plugs in, with the account's access token.
//
// The outbox worker (bot/) keeps the order per client, the backoff and the record of
// failures; a Sender makes one delivery attempt of one request:
//   1. the credential: the cached token, a fetched one (TokenCache), or the
//      channel's static one (Telegram);
//   2. send; 3. classify the answer (Channel::Classify);
//   4. when the platform says the token is invalid: invalidate it, fetch a new one
//      and send once more.
// Thread-safe when the HttpClient is.
#pragma once

#include "adapters/channel.h"
#include "adapters/token_cache.h"

namespace careerbot::adapters {

// The HTTP transport. bot/ implements it with its HTTP library; tests with a fake.
class HttpClient {
 public:
  virtual ~HttpClient() = default;
  // Sends and waits for the answer. A transport failure (no connection, timeout)
  // is an answer with status 0; never throws.
  virtual HttpResponse Send(const OutboundRequest& request) = 0;
};

class Sender {
 public:
  // All three must outlive the Sender.
  Sender(const Channel& channel, HttpClient* http, TokenCache* tokens)
      : channel_(channel), http_(http), tokens_(tokens) {}

  // One delivery attempt (with at most one token refresh). A token that cannot be
  // fetched is kRetry when the platform is unavailable, kPermanent when it refused
  // the credentials (the configuration must be fixed).
  ApiOutcome Deliver(const OutboundRequest& request);

 private:
  // The credential for `request`; on failure *outcome says why.
  bool Credential(const OutboundRequest& request, std::string* token, ApiOutcome* outcome);

  const Channel& channel_;
  HttpClient* http_;
  TokenCache* tokens_;
};

}  // namespace careerbot::adapters
