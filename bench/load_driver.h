// The load driver: U simulated clients over C keep-alive connections to one
// server on this machine, each client playing a script (one conversation, as a
// new user each time) message by message, never two of its messages in flight.
//
// Connections are spread over `threads` event-loop threads (epoll, non-blocking
// sockets, HTTP/1.1 with Content-Length), so the tool itself takes little of the
// CPU it shares with the server. A free connection takes the next client that is
// waiting to send, so a client is not tied to one connection.
//
// Every answer is checked: status 200, an answer the channel can read, and the
// script's checks of that message. A conversation stops at its first error (the
// rest of it would fail after a desynchronised state) and the client starts a new
// one. A lost connection or a timed-out request is counted and the message is sent
// again with the same message id (the server answers a known id from its store,
// so nothing runs twice), at most max_attempts times.
//
// Bounded: the run ends after duration_s, or once `conversations` conversations
// have ended, and in any case after max_time_s (then requests still in flight are
// given timeout_s to finish).
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "base/status.h"

namespace careerbot::bench {

class Channel;
struct Script;

struct LoadPlan {
  std::string address = "127.0.0.1";  // an IPv4 loopback address
  int port = 0;
  int clients = 64;
  int connections = 64;
  int threads = 1;
  double duration_s = 0;             // 0: until `conversations` have ended
  int64_t conversations = 0;         // 0: as many as fit in duration_s
  size_t messages_per_conversation = 0;  // 0: the whole script; else its first N messages
  double max_time_s = 600;
  double timeout_s = 10;  // per request
  int max_attempts = 3;   // per message
  std::string user_prefix;  // users are "<prefix>-<conversation number>"
  std::string id_prefix;    // message ids are "<prefix>m<n>", n from 1 in each conversation
  double progress_every_s = 0;  // 0: no progress lines on stderr
  const Script* script = nullptr;
  const Channel* channel = nullptr;
};

struct LoadResult {
  double elapsed_s = 0;
  int64_t turns = 0;     // messages answered 200 whose checks passed
  int64_t requests = 0;  // HTTP exchanges completed, whatever their status
  int64_t conversations_started = 0;
  int64_t conversations_completed = 0;
  int64_t conversations_abandoned = 0;  // ended by an error
  int64_t connections_opened = 0;
  std::vector<uint32_t> latency_us;  // of every completed exchange: request written to answer read
  std::map<std::string, int64_t> errors;          // by kind
  std::map<std::string, std::string> error_examples;  // the first detail of each kind
};

// Runs the plan. InvalidArgument for a plan that cannot run (no script, a bad
// address); otherwise OK, with what happened in *out (errors included).
Status RunLoad(const LoadPlan& plan, LoadResult* out);

}  // namespace careerbot::bench
