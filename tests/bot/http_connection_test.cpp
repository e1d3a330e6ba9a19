// LimitedServer (bot/http_connection.h) in the test's own process: every hook of
// httplib's server stays the user's (here its logger, as an access log would),
// while the connection loop still learns each answer's status and ends a
// connection whose request was refused as malformed.
#include <doctest/doctest.h>
#include <httplib.h>

#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "bot/http_connection.h"
#include "tests/support/raw_connection.h"
#include "tests/support/serving_thread.h"

namespace careerbot::bot {
namespace {

using testing::RawConnection;
using testing::ServingThread;

// A LimitedServer on a free loopback port whose logger records "METHOD PATH STATUS".
class LoggedServer {
 public:
  LoggedServer() : server_(ConnectionLimits{}, {}) {
    server_.Post("/echo", [](const httplib::Request& req, httplib::Response& res) {
      res.set_content(req.body, "text/plain");
    });
    server_.set_logger([this](const httplib::Request& req, const httplib::Response& res) {
      std::lock_guard<std::mutex> lock(mu_);
      log_.push_back(req.method + " " + req.path + " " + std::to_string(res.status));
    });
    port_ = server_.bind_to_any_port("127.0.0.1");
    REQUIRE(port_ > 0);
    serving_ = std::make_unique<ServingThread>(server_);
  }
  int port() const { return port_; }
  std::vector<std::string> log() {
    std::lock_guard<std::mutex> lock(mu_);
    return log_;
  }

 private:
  LimitedServer server_;
  std::mutex mu_;
  std::vector<std::string> log_;
  int port_ = 0;
  std::unique_ptr<ServingThread> serving_;
};

// How many answers a raw exchange holds.
size_t Answers(const std::string& raw) {
  size_t count = 0;
  for (size_t at = raw.find("HTTP/1.1 "); at != std::string::npos; at = raw.find("HTTP/1.1 ", at + 1)) ++count;
  return count;
}

const std::string kEcho = "POST /echo HTTP/1.1\r\nHost: t\r\nContent-Length: 2\r\n\r\nhi";

TEST_CASE("http connection: the user's logger sees every answer, and keep-alive goes on after a good one") {
  LoggedServer server;
  RawConnection c(server.port());
  REQUIRE(c.Send(kEcho + kEcho + "POST /echo HTTP/1.1\r\nHost: t\r\nContent-Length: 2\r\nConnection: close\r\n\r\nhi"));
  bool closed = false;
  const std::string raw = c.ReadUntilClosed(5000, &closed);
  CHECK(closed);
  CHECK(Answers(raw) == 3);
  CHECK(server.log() == std::vector<std::string>{"POST /echo 200", "POST /echo 200", "POST /echo 200"});
}

TEST_CASE("http connection: an interim 100 Continue is not the answer's status; the connection goes on") {
  LoggedServer server;
  RawConnection c(server.port());
  REQUIRE(c.Send("POST /echo HTTP/1.1\r\nHost: t\r\nContent-Length: 2\r\nExpect: 100-continue\r\n\r\n"));
  REQUIRE(c.WaitForServer(5000));
  REQUIRE(c.Send("hi" + kEcho.substr(0, kEcho.size() - 2) + "ok"));
  REQUIRE(c.Send("GET /nothing HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n"));
  bool closed = false;
  const std::string raw = c.ReadUntilClosed(5000, &closed);
  CHECK(closed);
  CHECK(raw.rfind("HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 200 OK\r\n", 0) == 0);
  CHECK(server.log() == std::vector<std::string>{"POST /echo 200", "POST /echo 200", "GET /nothing 404"});
}

TEST_CASE("http connection: a request refused as malformed ends its connection, logged with its status") {
  LoggedServer server;
  RawConnection c(server.port());
  // A chunk size that is no number: 400; the bytes after it are no request to answer.
  REQUIRE(c.Send("POST /echo HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n" + kEcho));
  bool closed = false;
  const std::string raw = c.ReadUntilClosed(5000, &closed);
  CHECK(closed);
  CHECK(raw.rfind("HTTP/1.1 400 Bad Request\r\n", 0) == 0);
  CHECK(Answers(raw) == 1);
  CHECK(server.log() == std::vector<std::string>{"POST /echo 400"});
}

}  // namespace
}  // namespace careerbot::bot
