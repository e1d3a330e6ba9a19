// LimitedServer: cpp-httplib's server with the connection handling replaced, so
// that a slow or oversized client cannot hold a connection and its thread.
//
// httplib 0.11 (Debian's, compiled) bounds a request only per recv call (the
// read timeout) and not its head's size, so a client sending a header byte every
// few seconds keeps its connection for ever. Here each connection's requests are
// read through a stream that
//   - ends a request whose head and body have not arrived within
//     request_timeout_s of its first byte (answered 408, connection closed);
//   - ends a request whose request line and headers exceed max_header_bytes
//     (answered 431, connection closed);
//   - ends a request whose body, as sent, exceeds max_body_bytes (answered 413,
//     connection closed): httplib bounds only a Content-Length body, and reads a
//     chunked one whole, so the bound is kept here for every body;
//   - waits for the next request of a keep-alive connection at most
//     keep_alive_timeout_s, and serves at most keep_alive_max_count on it.
// Both answers carry the error JSON of DESIGN.md. An answer refusing a request
// as malformed (400, 413, 414, 431) ends its connection too. Routing, parsing
// and the handlers stay httplib's (process_request).
//
// Thread-safety: as httplib::Server; each connection runs on one pool thread.
#pragma once

#include <httplib.h>

#include <cstddef>
#include <functional>

namespace careerbot::bot {

struct ConnectionLimits {
  int read_timeout_s = 10;
  int write_timeout_s = 10;
  int keep_alive_timeout_s = 5;
  int keep_alive_max_count = 1000;
  int request_timeout_s = 30;
  size_t max_header_bytes = 16384;
  // A chunked body counts as sent, its chunk-size lines included.
  size_t max_body_bytes = 64 * 1024;
};

class LimitedServer final : public httplib::Server {
 public:
  enum class Drop { kRequestTimeout, kHeaderTooLarge, kBodyTooLarge };

  // `on_drop` (may be empty) is told of each request ended by a limit. Every
  // hook of httplib::Server (set_logger, the routing handlers …) is the user's:
  // the connection loop reads each answer's status from the bytes it writes.
  LimitedServer(ConnectionLimits limits, std::function<void(Drop)> on_drop);

 private:
  bool process_and_close_socket(socket_t sock) override;

  const ConnectionLimits limits_;
  const std::function<void(Drop)> on_drop_;
};

}  // namespace careerbot::bot
