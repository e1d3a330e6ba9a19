// Channel: how the load tool speaks one of the server's channels. The driver
// (load_driver.h) owns the connections and the timing; a channel only turns a
// script step into an HTTP request and an HTTP answer into what the checks read.
// The JSON channel is json_channel.h; the WeChat channel (signed, and encrypted
// mode) is wechat_channel.h, its answers carrying replies but no state.
//
// Thread-safety: the methods are const and called from every driver thread at
// once; an implementation keeps no per-request state.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "bench/script.h"

namespace careerbot::bench {

// One message of one simulated client.
struct OutgoingMessage {
  const std::string& user;        // unique per conversation
  const std::string& message_id;  // unique per user; a resend after a lost connection repeats it
  const Step& step;
  int64_t now_s;  // unix seconds, for signatures
};

struct HttpRequestData {
  std::string target;  // path and query
  std::string content_type;
  std::vector<std::pair<std::string, std::string>> headers;  // beyond Host, Content-Type, -Length
  std::string body;
};

// What an answer shows the checks; nullopt where the channel does not tell.
struct ObservedAnswer {
  std::optional<std::string> state;
  std::optional<std::string> progress;  // "done/total", or "none"
  // Each reply's text, then " [label]" for each of its choices (as the
  // transcripts' "<" checks read them).
  std::vector<std::string> replies;
  // False when replies may continue beyond what the answer shows (WeChat sends
  // all but the first message through the platform's API): a "<" word missing
  // from `replies` is then not observable.
  bool replies_complete = true;
};

class Channel {
 public:
  virtual ~Channel() = default;
  virtual std::string_view name() const = 0;
  // Always a POST.
  virtual void BuildRequest(const OutgoingMessage& message, HttpRequestData* out) const = 0;
  // Reads the body of a 200 answer to `message`. False when it is not an answer
  // of this channel to that message; *kind then names the error ("bad_answer",
  // or the channel's own kind) and *detail says why (without the body's content).
  virtual bool ReadAnswer(const OutgoingMessage& message, std::string_view body, ObservedAnswer* out,
                          std::string* kind, std::string* detail) const = 0;
};

// The first check of `step` that `answer` fails: its error kind
// ("state_mismatch", "progress_mismatch", "reply_mismatch") and a detail naming
// the transcript line. Checks the channel cannot observe are skipped.
std::optional<std::pair<std::string, std::string>> FirstFailedCheck(const Script& script, const Step& step,
                                                                    const ObservedAnswer& answer);

}  // namespace careerbot::bench
