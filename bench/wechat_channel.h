// The WeChat Official Account channel (POST /wechat/{account}), as the WeChat
// server calls it: the query carries signature = sha1(sort(token, timestamp,
// nonce)), the timestamp, a nonce and the client's openid; the body is the text
// message's XML in plaintext mode, or in safe mode only <ToUserName> and
// <Encrypt> (WXBizMsgCrypt, adapters/wx_crypt.h) with encrypt_type=aes and
// msg_signature in the query. MsgId is a 64-bit decimal derived from the user
// and the message id, so a resend repeats it as the platform's redelivery does.
//
// What is checked of an answer: the passive reply is XML with <xml> as its root;
// in safe mode its MsgSignature must match and its Encrypt must decrypt (to this
// account's AppID); the inner message must be a text message to this client
// (ToUserName = the openid) from the account (FromUserName = the original id),
// with a CreateTime and a Content. "success" means the server answered within
// its reply budget with no passive reply (the turn went to the outbox): kind
// "reply_deferred". WeChat shows neither the state nor the progress, and
// replies beyond the first 2048-byte message go out through the platform's API
// (which the tool does not see), so a "<" word missing from the passive reply is
// not observable; "<!" words are checked.
#pragma once

#include <memory>
#include <optional>
#include <string>

#include "adapters/wx_crypt.h"
#include "base/status.h"
#include "bench/channel.h"

namespace careerbot::bench {

struct WeChatAccount {
  std::string key;  // the {account} of the route
  std::string token;
  std::string encoding_aes_key;  // "" when the account has none (plaintext only)
  std::string app_id;
  std::string original_id = "gh_0c4a1b2c3d4e";  // the account's gh_… id; any works
};

// Reads channels.wechat.<key> of a server configuration file (the first account
// when `key` is empty). InvalidArgument names the file and what is missing.
Status LoadWeChatAccount(const std::string& config_file, const std::string& key, WeChatAccount* out);

class WeChatChannel final : public Channel {
 public:
  // `encrypted`: safe mode (the account needs an encoding_aes_key).
  static Status Create(WeChatAccount account, bool encrypted, std::unique_ptr<WeChatChannel>* out);

  std::string_view name() const override { return encrypted_ ? "wechat-aes" : "wechat"; }
  void BuildRequest(const OutgoingMessage& message, HttpRequestData* out) const override;
  bool ReadAnswer(const OutgoingMessage& message, std::string_view body, ObservedAnswer* out, std::string* kind,
                  std::string* detail) const override;

 private:
  WeChatChannel(WeChatAccount account, bool encrypted) : account_(std::move(account)), encrypted_(encrypted) {}

  WeChatAccount account_;
  bool encrypted_;
  std::optional<adapters::WxCrypt> crypt_;
};

}  // namespace careerbot::bench
