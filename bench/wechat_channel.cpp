#include "bench/wechat_channel.h"

#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "adapters/crypto.h"
#include "adapters/flat_xml.h"

namespace careerbot::bench {
namespace {

// FNV-1a: the same user and message id give the same nonce and MsgId, so a
// resend is the platform's redelivery of one message.
uint64_t Fnv1a(std::string_view a, std::string_view b, uint64_t seed) {
  uint64_t h = 1469598103934665603ULL ^ seed;
  for (std::string_view part : {a, std::string_view("\n", 1), b}) {
    for (unsigned char ch : part) {
      h ^= ch;
      h *= 1099511628211ULL;
    }
  }
  return h;
}

std::string Nonce(const OutgoingMessage& m) { return std::to_string(Fnv1a(m.user, m.message_id, 1) % 1000000000); }

// A positive int64, as WeChat's MsgIds are.
std::string MsgId(const OutgoingMessage& m) {
  return std::to_string(Fnv1a(m.user, m.message_id, 2) & 0x7fffffffffffffffULL);
}

bool IsDecimal(const std::string& s) {
  return !s.empty() && s.find_first_not_of("0123456789") == std::string::npos;
}

}  // namespace

Status LoadWeChatAccount(const std::string& config_file, const std::string& key, WeChatAccount* out) {
  std::ifstream in(config_file, std::ios::binary);
  if (!in) return Status::InvalidArgument(config_file + ": cannot read the configuration");
  std::stringstream text;
  text << in.rdbuf();
  const nlohmann::json config = nlohmann::json::parse(text.str(), nullptr, /*allow_exceptions=*/false);
  const nlohmann::json* accounts = nullptr;
  if (config.is_object() && config.contains("channels") && config.at("channels").is_object() &&
      config.at("channels").contains("wechat") && config.at("channels").at("wechat").is_object()) {
    accounts = &config.at("channels").at("wechat");
  }
  if (accounts == nullptr) return Status::InvalidArgument(config_file + ": no channels.wechat accounts");
  for (const auto& [name, account] : accounts->items()) {
    if (name.rfind("_", 0) == 0 || !account.is_object() || (!key.empty() && name != key)) continue;
    WeChatAccount a;
    a.key = name;
    a.token = account.value("token", "");
    a.encoding_aes_key = account.value("encoding_aes_key", "");
    a.app_id = account.value("app_id", "");
    if (a.token.empty() || a.app_id.empty()) {
      return Status::InvalidArgument(config_file + ": channels.wechat." + name +
                                     " needs \"token\" and \"app_id\" (given in the file itself, not by "
                                     "secret_env or secret_file)");
    }
    *out = std::move(a);
    return Status::Ok();
  }
  return Status::InvalidArgument(config_file + ": no account channels.wechat." + (key.empty() ? "*" : key));
}

Status WeChatChannel::Create(WeChatAccount account, bool encrypted, std::unique_ptr<WeChatChannel>* out) {
  std::unique_ptr<WeChatChannel> channel(new WeChatChannel(std::move(account), encrypted));
  if (encrypted) {
    if (channel->account_.encoding_aes_key.empty()) {
      return Status::InvalidArgument("channels.wechat." + channel->account_.key +
                                     " has no encoding_aes_key: safe mode needs one");
    }
    adapters::WxCrypt crypt;
    if (Status s = adapters::WxCrypt::Create(channel->account_.token, channel->account_.encoding_aes_key,
                                             channel->account_.app_id, &crypt);
        !s.ok()) {
      return s;
    }
    channel->crypt_ = std::move(crypt);
  }
  *out = std::move(channel);
  return Status::Ok();
}

void WeChatChannel::BuildRequest(const OutgoingMessage& message, HttpRequestData* out) const {
  const std::string timestamp = std::to_string(message.now_s);
  const std::string nonce = Nonce(message);
  std::string xml = "<xml>";
  adapters::AppendCdataElement("ToUserName", account_.original_id, &xml);
  adapters::AppendCdataElement("FromUserName", message.user, &xml);
  xml += "<CreateTime>" + timestamp + "</CreateTime>";
  adapters::AppendCdataElement("MsgType", "text", &xml);
  // WeChat has no buttons: a tapped choice arrives as the number the client typed.
  adapters::AppendCdataElement("Content", message.step.choice ? *message.step.choice : message.step.text, &xml);
  xml += "<MsgId>" + MsgId(message) + "</MsgId></xml>";

  out->target = "/wechat/" + account_.key + "?signature=" +
                adapters::WxSignature({account_.token, timestamp, nonce}) + "&timestamp=" + timestamp +
                "&nonce=" + nonce + "&openid=" + adapters::UrlEncode(message.user);
  out->content_type = "text/xml";
  out->headers.clear();
  if (!crypt_) {
    out->body = std::move(xml);
    return;
  }
  std::string random, encrypt;
  if (!adapters::RandomBytes(16, &random) || !crypt_->Encrypt(xml, random, &encrypt).ok()) {
    // Cannot happen with a valid key; the server then refuses the request and the
    // answer is counted as an error.
    encrypt.clear();
  }
  out->target += "&encrypt_type=aes&msg_signature=" + crypt_->Signature(timestamp, nonce, encrypt);
  out->body = "<xml>";
  adapters::AppendCdataElement("ToUserName", account_.original_id, &out->body);
  adapters::AppendCdataElement("Encrypt", encrypt, &out->body);
  out->body += "</xml>";
}

bool WeChatChannel::ReadAnswer(const OutgoingMessage& message, std::string_view body, ObservedAnswer* out,
                               std::string* kind, std::string* detail) const {
  *kind = "bad_answer";
  if (body == "success") {
    *kind = "reply_deferred";
    *detail = "\"success\" without a passive reply: the turn missed the reply budget and went to the outbox";
    return false;
  }
  adapters::FlatXml doc;
  std::string err;
  if (!adapters::ParseFlatXml(body, &doc, &err) || doc.root != "xml") {
    *detail = "the passive reply is not <xml>: " + err;
    return false;
  }
  adapters::FlatXml inner;
  if (crypt_) {
    if (doc.Get("Nonce") != Nonce(message)) {
      *detail = "the encrypted reply's Nonce is not the request's";
      return false;
    }
    std::string plain;
    if (Status s = crypt_->Open(doc.Get("MsgSignature"), doc.Get("TimeStamp"), doc.Get("Nonce"),
                                doc.Get("Encrypt"), &plain);
        !s.ok()) {
      *detail = "the encrypted reply does not open: " + s.message();
      return false;
    }
    if (!adapters::ParseFlatXml(plain, &inner, &err) || inner.root != "xml") {
      *detail = "the decrypted reply is not <xml>: " + err;
      return false;
    }
  } else {
    if (doc.Has("Encrypt")) {
      *detail = "an encrypted reply to a plaintext request";
      return false;
    }
    inner = std::move(doc);
  }
  if (inner.Get("MsgType") != "text" || inner.Get("ToUserName") != message.user ||
      inner.Get("FromUserName") != account_.original_id || !IsDecimal(inner.Get("CreateTime")) ||
      inner.Get("Content").empty()) {
    *detail = "the passive reply is not a text message from the account to this client";
    return false;
  }
  out->state.reset();
  out->progress.reset();
  out->replies = {inner.Get("Content")};
  out->replies_complete = false;
  return true;
}

}  // namespace careerbot::bench
