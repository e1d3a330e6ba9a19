// HttplibClient: the adapters' HttpClient (adapters/sender.h) over cpp-httplib,
// for the outbox worker's calls of the platforms' APIs.
//
// "https://" URLs go over TLS with the server's certificate checked against the
// system's CA store (Debian's cpp-httplib is built with OpenSSL); "http://" ones
// in the clear, which only tests use (api_base pointing at a local fake).
// Connections are kept alive and reused, a few per origin.
//
// Thread-safe: a connection is used by one call at a time.
#pragma once

#include <memory>

#include "adapters/sender.h"

namespace careerbot::bot {

class HttplibClient : public adapters::HttpClient {
 public:
  // `timeout_s` bounds connecting, sending and waiting for the answer, each.
  explicit HttplibClient(int timeout_s);
  ~HttplibClient() override;

  // Status 0 when the URL is malformed, the connection fails or times out, or
  // the TLS handshake or certificate check fails; never throws.
  adapters::HttpResponse Send(const adapters::OutboundRequest& request) override;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace careerbot::bot
