// Drives one messaging-channel adapter with fuzzed input, the way bot/ does: parse
// a request, render an answer for every message it yields (with the reply context
// the adapter made), and read the platform API's answers (token and Classify).
//
// A fuzz target picks a mode from its first byte; the rest is the payload. The
// "signed" modes sign (and encrypt) the payload the way the platform would, so the
// fuzzer reaches the parsers behind the signature check instead of stopping at it.
#pragma once

#include <fuzzer/FuzzedDataProvider.h>

#include <functional>
#include <memory>
#include <string>
#include <utility>

#include <nlohmann/json.hpp>

#include "adapters/channels.h"
#include "adapters/flat_xml.h"
#include "adapters/wx_crypt.h"
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

// A request to the account "main" at now_ms: what every signed mode starts from.
inline ChannelRequest MainRequest(std::string method, int64_t now_ms, std::string body = "") {
  ChannelRequest r;
  r.method = std::move(method);
  r.account = "main";
  r.body = std::move(body);
  r.now_ms = now_ms;
  return r;
}

// The WXBizMsgCrypt of an account (WeChat's safe mode, WeCom); aborts when the
// keys are refused (the target's own mistake). Targets keep one for the process.
inline std::unique_ptr<WxCrypt> MakeFuzzCrypt(const std::string& token, const std::string& aes_key,
                                              const std::string& receiver_id) {
  auto crypt = std::make_unique<WxCrypt>();
  FUZZ_CHECK(WxCrypt::Create(token, aes_key, receiver_id, crypt.get()).ok());
  return crypt;
}

// `plain` encrypted as the platform does, with a fixed random prefix.
inline std::string WxEncrypted(const WxCrypt& crypt, const std::string& plain) {
  std::string encrypt;
  FUZZ_CHECK(crypt.Encrypt(plain, "0123456789abcdef", &encrypt).ok());
  return encrypt;
}

// The body of a callback in WXBizMsgCrypt's envelope: <xml>, `before`, the
// Encrypt element, `after`, </xml>.
inline std::string WxEnvelope(const std::string& before, const std::string& encrypt, const std::string& after) {
  std::string body = "<xml>" + before;
  AppendCdataElement("Encrypt", encrypt, &body);
  return body + after + "</xml>";
}

// A target's entry point around its own modes. The input's first byte picks a
// mode modulo `modes`: 0 is a request of raw fuzzed parts (unsigned, wrongly
// signed, any method) to the channel raw_channel picks, `modes` - 1 an answer of
// the platform's API read by api_channel; the modes between are the target's own
// (signed ones), called as own_mode(mode, payload) with the rest of the input.
template <typename OwnMode>
int RunChannelTarget(const uint8_t* data, size_t size, int modes, int64_t now_ms,
                     const std::function<const Channel&(FuzzedDataProvider&)>& raw_channel,
                     const Channel& api_channel, OwnMode own_mode) {
  if (size == 0) return 0;
  const int mode = data[0] % modes;
  FuzzedDataProvider fdp(data + 1, size - 1);
  if (mode == 0) {
    const Channel& channel = raw_channel(fdp);  // first: it may consume a byte
    ParseAndRender(channel, RawRequest(fdp, now_ms));
  } else if (mode == modes - 1) {
    ReadApiAnswer(api_channel, fdp);
  } else {
    own_mode(mode, std::string(reinterpret_cast<const char*>(data + 1), size - 1));
  }
  return 0;
}

// The same with one channel for every mode.
template <typename OwnMode>
int RunChannelTarget(const uint8_t* data, size_t size, int modes, int64_t now_ms, const Channel& channel,
                     OwnMode own_mode) {
  return RunChannelTarget(
      data, size, modes, now_ms, [&channel](FuzzedDataProvider&) -> const Channel& { return channel; }, channel,
      std::move(own_mode));
}

}  // namespace careerbot::adapters::fuzzing
