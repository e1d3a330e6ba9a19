#include "bot/http_client.h"

#include <httplib.h>

#include <algorithm>
#include <cctype>
#include <map>
#include <mutex>
#include <string>
#include <vector>

namespace careerbot::bot {
namespace {

// Idle connections kept per origin; more concurrent calls open more, and the
// surplus is closed when they finish.
constexpr size_t kIdlePerOrigin = 4;

// "https://host:port/path?query" → ("https://host:port", "/path?query").
bool SplitUrl(const std::string& url, std::string* origin, std::string* target) {
  const size_t scheme_end = url.find("://");
  if (scheme_end == std::string::npos) return false;
  const std::string scheme = url.substr(0, scheme_end);
  if (scheme != "http" && scheme != "https") return false;
  const size_t path = url.find('/', scheme_end + 3);
  *origin = url.substr(0, path);
  *target = path == std::string::npos ? "/" : url.substr(path);
  return origin->size() > scheme_end + 3;
}

std::string Lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return std::tolower(c); });
  return s;
}

}  // namespace

struct HttplibClient::Impl {
  int timeout_s;
  std::mutex mu;  // guards idle
  std::map<std::string, std::vector<std::unique_ptr<httplib::Client>>> idle;

  std::unique_ptr<httplib::Client> Checkout(const std::string& origin) {
    {
      std::lock_guard<std::mutex> lock(mu);
      auto& pool = idle[origin];
      if (!pool.empty()) {
        auto client = std::move(pool.back());
        pool.pop_back();
        return client;
      }
    }
    auto client = std::make_unique<httplib::Client>(origin);
    client->set_connection_timeout(timeout_s, 0);
    client->set_read_timeout(timeout_s, 0);
    client->set_write_timeout(timeout_s, 0);
    client->set_keep_alive(true);
    // The adapters build URLs already percent-encoded.
    client->set_url_encode(false);
    client->enable_server_certificate_verification(true);
    return client;
  }

  void Return(const std::string& origin, std::unique_ptr<httplib::Client> client) {
    std::lock_guard<std::mutex> lock(mu);
    auto& pool = idle[origin];
    if (pool.size() < kIdlePerOrigin) pool.push_back(std::move(client));
  }
};

HttplibClient::HttplibClient(int timeout_s) : impl_(std::make_unique<Impl>()) { impl_->timeout_s = timeout_s; }

HttplibClient::~HttplibClient() = default;

adapters::HttpResponse HttplibClient::Send(const adapters::OutboundRequest& request) {
  adapters::HttpResponse response;  // status 0 unless the server answered
  std::string origin, target;
  if (!SplitUrl(request.url, &origin, &target)) return response;
  try {
    auto client = impl_->Checkout(origin);
    if (!client->is_valid()) return response;
    httplib::Headers headers;
    std::string content_type;
    for (const auto& [name, value] : request.headers) {
      // httplib sets Content-Type from its own argument; given twice, some
      // servers refuse the request.
      if (Lower(name) == "content-type") {
        content_type = value;
      } else {
        headers.emplace(name, value);
      }
    }
    httplib::Result result = request.method == "GET"
                                 ? client->Get(target, headers)
                                 : client->Post(target, headers, request.body,
                                                content_type.empty() ? "application/json" : content_type);
    if (!result) return response;  // the connection is dropped with the client
    response.status = result->status;
    response.body = result->body;
    for (const auto& [name, value] : result->headers) response.headers.emplace(Lower(name), value);
    impl_->Return(origin, std::move(client));
  } catch (...) {
    response = adapters::HttpResponse();
  }
  return response;
}

}  // namespace careerbot::bot
