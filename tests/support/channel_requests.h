// Requests as WeChat and Telegram send them, for integration tests of the
// messaging channels against the real server, and the configuration entries of
// the accounts they talk to (with api_base pointing at a FakePlatform).
#pragma once

#include <doctest/doctest.h>

#include <chrono>
#include <fstream>
#include <nlohmann/json.hpp>
#include <regex>
#include <string>

#include "adapters/channels.h"
#include "adapters/json_api.h"
#include "adapters/wx_crypt.h"
#include "tests/support/temp_dir.h"

namespace careerbot::testing {

inline constexpr char kWxToken[] = "careerbot2024";
inline constexpr char kWxAesKey[] = "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG";
inline constexpr char kWxAppId[] = "wx2c2769f8efd9abc2";
inline constexpr char kWxOriginalId[] = "gh_10f6c3c3ac5a";
inline constexpr char kTgBotToken[] = "123456:ABC-test_token";
inline constexpr char kTgSecret[] = "tg-secret_1";

inline int64_t NowSeconds() {
  return std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch())
      .count();
}

inline nlohmann::json WeChatEntry(const std::string& api_base) {
  return {{"token", kWxToken},
          {"encoding_aes_key", kWxAesKey},
          {"app_id", kWxAppId},
          {"app_secret", "the-app-secret"},
          {"api_base", api_base}};
}

inline nlohmann::json TelegramEntry(const std::string& api_base) {
  return {{"bot_token", kTgBotToken}, {"secret_token", kTgSecret}, {"api_base", api_base}};
}

// Writes DIR/careerbot.json: the channels given, and small outbox backoffs so that
// retries happen within a test. `extra` is merged over it.
inline std::string WriteChannelConfig(const TempDir& dir, const nlohmann::json& channels,
                                      const nlohmann::json& extra = nlohmann::json::object()) {
  nlohmann::json config = {
      {"channels", channels},
      {"outbox", {{"backoff_initial_ms", 40}, {"backoff_max_ms", 200}, {"max_attempts", 6}}}};
  config.merge_patch(extra);
  const std::string path = dir.File("careerbot.json");
  std::ofstream(path) << config.dump(2);
  return path;
}

// --- WeChat ---------------------------------------------------------------------

// The signed query of a callback: signature over (token, timestamp, nonce).
inline std::string WxQuery(int64_t timestamp, const std::string& nonce, const std::string& extra = "") {
  const std::string ts = std::to_string(timestamp);
  return "signature=" + adapters::WxSignature({kWxToken, ts, nonce}) + "&timestamp=" + ts + "&nonce=" + nonce +
         extra;
}

inline std::string WxTextXml(const std::string& openid, const std::string& msg_id, const std::string& content,
                             int64_t create_time) {
  return "<xml><ToUserName><![CDATA[" + std::string(kWxOriginalId) + "]]></ToUserName><FromUserName><![CDATA[" +
         openid + "]]></FromUserName><CreateTime>" + std::to_string(create_time) +
         "</CreateTime><MsgType><![CDATA[text]]></MsgType><Content><![CDATA[" + content + "]]></Content><MsgId>" +
         msg_id + "</MsgId></xml>";
}

inline std::string WxEventXml(const std::string& openid, const std::string& event, int64_t create_time) {
  return "<xml><ToUserName><![CDATA[" + std::string(kWxOriginalId) + "]]></ToUserName><FromUserName><![CDATA[" +
         openid + "]]></FromUserName><CreateTime>" + std::to_string(create_time) +
         "</CreateTime><MsgType><![CDATA[event]]></MsgType><Event><![CDATA[" + event +
         "]]></Event></xml>";
}

inline adapters::WxCrypt WxTestCrypt() {
  adapters::WxCrypt crypt;
  REQUIRE(adapters::WxCrypt::Create(kWxToken, kWxAesKey, kWxAppId, &crypt).ok());
  return crypt;
}

// A safe-mode request: the message encrypted, msg_signature in the query.
struct WxSafeRequest {
  std::string query;
  std::string body;
};
inline WxSafeRequest WxSafe(const std::string& inner_xml, int64_t timestamp, const std::string& nonce) {
  const adapters::WxCrypt crypt = WxTestCrypt();
  std::string encrypt;
  REQUIRE(crypt.Encrypt(inner_xml, "0123456789abcdef", &encrypt).ok());
  const std::string ts = std::to_string(timestamp);
  return {WxQuery(timestamp, nonce, "&encrypt_type=aes&msg_signature=" + crypt.Signature(ts, nonce, encrypt)),
          "<xml><ToUserName><![CDATA[" + std::string(kWxOriginalId) + "]]></ToUserName><Encrypt><![CDATA[" +
              encrypt + "]]></Encrypt></xml>"};
}

// The text of <tag>…</tag> (CDATA unwrapped); "" when absent.
inline std::string XmlField(const std::string& xml, const std::string& tag) {
  std::smatch m;
  const std::regex re("<" + tag + R"(>(?:<!\[CDATA\[)?([\s\S]*?)(?:\]\]>)?</)" + tag + ">");
  return std::regex_search(xml, m, re) ? m[1].str() : std::string();
}

// The adapter the server runs for the entry, built the same way (its random IVs
// aside), to render the expected answers byte for byte.
inline std::unique_ptr<adapters::Channel> TestChannel(const std::string& platform, const nlohmann::json& entry) {
  std::unique_ptr<adapters::Channel> channel;
  Status s = adapters::MakeChannel(platform, "main", entry, adapters::SystemRandom(), &channel);
  REQUIRE_MESSAGE(s.ok(), s.ToString());
  return channel;
}

// The reply context the adapter makes of a request, for Render.
inline std::string ReplyContext(const adapters::Channel& channel, const std::string& method,
                                const std::string& query, const std::string& body, int64_t now_ms,
                                std::map<std::string, std::string> headers = {}) {
  adapters::ChannelRequest r;
  r.method = method;
  r.account = "main";
  r.query = adapters::ParseQuery(query);
  r.headers = std::move(headers);
  r.body = body;
  r.now_ms = now_ms;
  adapters::ParseResult parsed;
  Status s = channel.Parse(r, &parsed);
  REQUIRE_MESSAGE(s.ok(), s.ToString());
  REQUIRE(parsed.messages.size() == 1);
  return parsed.messages[0].reply_context;
}

inline dialog::TurnAnswer ParseAnswer(const std::string& answer_json) {
  dialog::TurnAnswer answer;
  Status s = adapters::ParseApiAnswer(answer_json, &answer);
  REQUIRE_MESSAGE(s.ok(), (s.ToString() + ": " + answer_json));
  return answer;
}

// --- Telegram -------------------------------------------------------------------

inline std::string TgMessage(int64_t update_id, int64_t user, const std::string& text) {
  return nlohmann::json{{"update_id", update_id},
                        {"message",
                         {{"message_id", update_id},
                          {"date", NowSeconds()},
                          {"chat", {{"id", user}, {"type", "private"}}},
                          {"from", {{"id", user}, {"is_bot", false}, {"first_name", "T"}, {"language_code", "zh"}}},
                          {"text", text}}}}
      .dump();
}

inline std::string TgCallback(int64_t update_id, int64_t user, int64_t message_id, const std::string& data) {
  return nlohmann::json{
      {"update_id", update_id},
      {"callback_query",
       {{"id", "cq-" + std::to_string(update_id)},
        {"from", {{"id", user}, {"is_bot", false}, {"first_name", "T"}}},
        {"message", {{"message_id", message_id}, {"chat", {{"id", user}, {"type", "private"}}}}},
        {"data", data}}}}
      .dump();
}

}  // namespace careerbot::testing
