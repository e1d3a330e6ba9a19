// Drives one messaging-channel adapter with fuzzed input, the way bot/ does: parse
// a request, render an answer for every message it yields (with the reply context
// the adapter made), and read the platform API's answers (token and Classify).
//
// A fuzz target picks a mode from its first byte; the rest is the payload. The
// "signed" modes sign (and encrypt) the payload the way the platform would, so the
// fuzzer reaches the parsers behind the signature check instead of stopping at it.
#pragma once

#include <fuzzer/FuzzedDataProvider.h>

#include <memory>
#include <string>

#include <nlohmann/json.hpp>

#include "adapters/channels.h"
#include "base/utf8.h"
#include "tests/adapters/channel_testing.h"
#include "tests/fuzz/fuzz_check.h"

namespace careerbot::adapters::fuzzing {

// The adapter of `platform` for `config`, with a fixed random source; aborts when
// the configuration is refused (the target's own mistake).
inline std::unique_ptr<Channel> MakeFuzzChannel(std::string_view platform, const nlohmann::json& config) {
  std::unique_ptr<Channel> channel;
  const Status s = MakeChannel(platform, "main", config, testing::FixedRandom("0123456789abcdef"), &channel);
  if (!s.ok()) std::fprintf(stderr, "%s\n", s.ToString().c_str());
  FUZZ_CHECK(s.ok());
  return channel;
}

// Parses `request`; on success renders an answer (a text with choices and a link)
// for every message, passively and through the outbox. Checks the contract of
// Parse: nothing filled on failure, a failure says why, a message has a user.
inline void ParseAndRender(const Channel& channel, const ChannelRequest& request) {
  ParseResult result;
  const Status s = channel.Parse(request, &result);
  if (!s.ok()) {
    FUZZ_CHECK(!result.immediate && result.messages.empty());
    FUZZ_CHECK(!s.message().empty());
    FUZZ_CHECK(s.code() == Status::Code::kInvalidArgument || s.code() == Status::Code::kUnauthenticated);
    return;
  }
  const dialog::TurnAnswer answer = testing::Answer(
      {{"你好！这是一段回答。", {{"1", "是"}, {"2", "否"}}, dialog::Link{"https://e.org/r", "报告"}},
       {"Second reply.", {}, std::nullopt}});
  for (const InboundMessage& m : result.messages) {
    FUZZ_CHECK(!m.inbound.user.empty());
    FUZZ_CHECK(IsValidUtf8(m.inbound.text));
    for (const bool passive : {true, false}) {
      RenderResult out;
      const Status r = channel.Render(answer, m.reply_context, {request.now_ms, passive}, &out);
      if (!r.ok()) std::fprintf(stderr, "Render: %s\n", r.ToString().c_str());
      FUZZ_CHECK(r.ok());
    }
  }
}

// A request from raw fuzzed parts: method, query string, a few headers, body.
inline ChannelRequest RawRequest(FuzzedDataProvider& fdp, int64_t now_ms) {
  static const char* const kMethods[] = {"POST", "GET", "PUT"};
  static const char* const kHeaders[] = {"timestamp", "sign", "x-lark-signature", "x-lark-request-timestamp",
                                         "x-lark-request-nonce", "x-telegram-bot-api-secret-token"};
  ChannelRequest r;
  r.method = kMethods[fdp.ConsumeIntegralInRange<size_t>(0, 2)];
  r.account = "main";
  r.query = ParseQuery(fdp.ConsumeRandomLengthString(512));
  for (const char* name : kHeaders) {
    if (fdp.ConsumeBool()) r.headers[name] = fdp.ConsumeRandomLengthString(128);
  }
  r.body = fdp.ConsumeRemainingBytesAsString();
  r.now_ms = now_ms;
  return r;
}

// Feeds a fuzzed answer of the platform's API to the token parser and Classify.
inline void ReadApiAnswer(const Channel& channel, FuzzedDataProvider& fdp) {
  HttpResponse response;
  response.status = fdp.ConsumeIntegralInRange<int>(0, 599);
  if (fdp.ConsumeBool()) response.headers["retry-after"] = fdp.ConsumeRandomLengthString(32);
  response.body = fdp.ConsumeRemainingBytesAsString();
  std::string token;
  int64_t expires_in_s = 0;
  const Status s = channel.ParseTokenResponse(response, &token, &expires_in_s);
  if (s.ok() && channel.TokenRequest()) FUZZ_CHECK(!token.empty() && expires_in_s > 0);
  OutboundRequest request;
  request.url = "http://127.0.0.1:9/send";
  const ApiOutcome outcome = channel.Classify(request, response);
  FUZZ_CHECK(outcome.retry_after_ms >= 0);
}

}  // namespace careerbot::adapters::fuzzing
