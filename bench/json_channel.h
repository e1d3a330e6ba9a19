// The generic JSON channel (POST /api/v1/messages, docs/api.md), optionally
// signed the Standard Webhooks way when the server has a secret configured.
#pragma once

#include <optional>

#include "adapters/standard_webhooks.h"
#include "bench/channel.h"

namespace careerbot::bench {

class JsonChannel final : public Channel {
 public:
  // `key`: sign every request with it; nullopt: unsigned requests.
  explicit JsonChannel(std::optional<adapters::StandardWebhookKey> key) : key_(std::move(key)) {}

  std::string_view name() const override { return "json"; }
  void BuildRequest(const OutgoingMessage& message, HttpRequestData* out) const override;
  bool ReadAnswer(const OutgoingMessage& message, std::string_view body, ObservedAnswer* out, std::string* kind,
                  std::string* detail) const override;

 private:
  std::optional<adapters::StandardWebhookKey> key_;
};

}  // namespace careerbot::bench
