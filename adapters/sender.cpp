#include "adapters/sender.h"

namespace careerbot::adapters {

bool Sender::Credential(const OutboundRequest& request, std::string* token, ApiOutcome* outcome) {
  token->clear();
  if (request.auth == Auth::kNone) return true;
  const std::optional<OutboundRequest> fetch_request = channel_.TokenRequest();
  if (!fetch_request) {
    *token = channel_.StaticToken();
    return true;
  }
  const Status s = tokens_->Get(
      channel_.token_key(),
      [&](std::string* t, int64_t* expires_in_s) {
        return channel_.ParseTokenResponse(http_->Send(*fetch_request), t, expires_in_s);
      },
      token);
  if (s.ok()) return true;
  outcome->kind = s.code() == Status::Code::kPermissionDenied ? ApiOutcome::Kind::kPermanent
                                                              : ApiOutcome::Kind::kRetry;
  outcome->retry_after_ms = 0;
  outcome->error = "access token: " + s.message();
  return false;
}

ApiOutcome Sender::Deliver(const OutboundRequest& request) {
  ApiOutcome outcome;
  for (int attempt = 0; attempt < 2; ++attempt) {
    std::string token;
    if (!Credential(request, &token, &outcome)) return outcome;
    outcome = channel_.Classify(request, http_->Send(Authorize(request, token)));
    if (outcome.kind != ApiOutcome::Kind::kInvalidToken) return outcome;
    if (channel_.TokenRequest()) tokens_->Invalidate(channel_.token_key(), token);
    else break;  // a static credential cannot be refreshed
  }
  // A static token refused: the configuration is wrong. A fresh token refused as
  // well: most likely another instance fetched one meanwhile; try again later.
  outcome.kind = channel_.TokenRequest() ? ApiOutcome::Kind::kRetry : ApiOutcome::Kind::kPermanent;
  return outcome;
}

}  // namespace careerbot::adapters
