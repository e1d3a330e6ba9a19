// The JSON channel's limits in the real server (issue 9, point 3): slow clients
// (headers trickling in, a body that stops) are dropped with 408 while others are
// served; oversized heads are 431; per-client and per-address rate limits are 429
// with Retry-After; the bound on turns in flight answers 503 at once. Each answer
// carries the error JSON, and none changes the database.
#include <doctest/doctest.h>
#include <sqlite3.h>

#include <chrono>
#include <future>
#include <regex>

#include "tests/bot/api_client.h"
#include "tests/support/database_probe.h"
#include "tests/support/fault_checks.h"
#include "tests/support/raw_connection.h"
#include "tests/support/server_process.h"
#include "tests/support/temp_dir.h"

namespace careerbot::testing {
namespace {

std::string WriteConfig(const TempDir& dir, const nlohmann::json& config) {
  const std::string path = dir.File("careerbot.json");
  std::ofstream(path) << config.dump();
  return path;
}

// The value of one sample of GET /metrics, or -1 when absent.
double MetricValue(const ServerProcess& server, const std::string& sample) {
  auto res = server.Client().Get("/metrics");
  REQUIRE(res);
  const std::string prefix = sample + " ";
  size_t at = 0;
  while ((at = res->body.find(prefix, at)) != std::string::npos) {
    if (at == 0 || res->body[at - 1] == '\n') return std::stod(res->body.substr(at + prefix.size()));
    at += prefix.size();
  }
  return -1;
}

TEST_CASE("limits: a client that trickles its headers or stops mid-body is dropped with 408 while others are served") {
  TempDir dir;
  ServerProcess server(dir.path(), {"--config", WriteConfig(dir, {{"http", {{"request_timeout_s", 1}}}})});
  const std::string db = dir.File("careerbot.db");
  RawConnection slow(server.port());
  const auto started = std::chrono::steady_clock::now();

  SUBCASE("headers a line every 200 ms, each within the read timeout") {
    REQUIRE(slow.Send("POST /api/v1/messages HTTP/1.1\r\nHost: 127.0.0.1\r\n"));
    // Another client is served meanwhile.
    ApiConversation other(server.port(), "served-meanwhile");
    CHECK(other.Send("你好").status == 200);
    int lines = 0;
    while (!slow.WaitForServer(200) && lines < 50) {
      if (!slow.Send("X-Trickle-" + std::to_string(lines++) + ": a\r\n")) break;
    }
  }
  SUBCASE("a body that stops after 10 of its 100 bytes") {
    REQUIRE(slow.Send("POST /api/v1/messages HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                      "Content-Length: 100\r\n\r\n{\"user\": \""));
    ApiConversation other(server.port(), "served-meanwhile");
    CHECK(other.Send("你好").status == 200);
  }
  bool closed = false;
  const std::string answer = slow.ReadUntilClosed(10000, &closed);
  const double after_s = SecondsSince(started);
  CHECK(closed);
  CHECK(answer.rfind("HTTP/1.1 408 Request Timeout\r\n", 0) == 0);
  CHECK(ErrorCode(BodyOf(answer)) == "request_timeout");
  // request_timeout_s is 1: dropped after it, long before the 10 s read timeout.
  CHECK(after_s >= 0.9);
  CHECK(after_s < 5);
  CHECK(QueryInt(db, "SELECT count(*) FROM clients") == 1);  // the other client only
  CHECK(MetricValue(server, "careerbot_errors_total{kind=\"request_timeout\"}") == 1);
}

TEST_CASE("limits: a request line and headers over http.max_header_bytes are 431, and under it they are served") {
  TempDir dir;
  ServerProcess server(dir.path(), {"--config", WriteConfig(dir, {{"http", {{"max_header_bytes", 2048}}}})});
  {
    RawConnection big(server.port());
    REQUIRE(big.Send("GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Big: " + std::string(4000, 'a') + "\r\n\r\n"));
    bool closed = false;
    const std::string answer = big.ReadUntilClosed(10000, &closed);
    CHECK(answer.rfind("HTTP/1.1 431 Request Header Fields Too Large\r\n", 0) == 0);
    CHECK(ErrorCode(BodyOf(answer)) == "header_too_large");
    CHECK(closed);
  }
  {
    RawConnection fits(server.port());
    REQUIRE(fits.Send("GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\nX-Big: " +
                      std::string(1500, 'a') + "\r\n\r\n"));
    bool closed = false;
    const std::string answer = fits.ReadUntilClosed(10000, &closed);
    CHECK(answer.rfind("HTTP/1.1 200 OK\r\n", 0) == 0);
    CHECK(BodyOf(answer) == R"({"status":"ok"})");
  }
  CHECK(MetricValue(server, "careerbot_errors_total{kind=\"header_too_large\"}") == 1);
}

// httplib itself bounds only a Content-Length body; a chunked one is counted as it
// arrives and ended at the bound, before the library has read it whole.
std::string Chunked(const std::string& body, size_t chunk) {
  std::string out;
  for (size_t at = 0; at < body.size(); at += chunk) {
    const std::string part = body.substr(at, chunk);
    char size[16];
    std::snprintf(size, sizeof size, "%zx", part.size());
    out += std::string(size) + "\r\n" + part + "\r\n";
  }
  return out + "0\r\n\r\n";
}

TEST_CASE("limits: a chunked body over http.max_body_bytes is 413 and keeps nothing, and one under it is served") {
  TempDir dir;
  ServerProcess server(dir.path(), {"--config", WriteConfig(dir, {{"http", {{"max_body_bytes", 1024}}}})});
  const std::string db = dir.File("careerbot.db");
  const std::string head =
      "POST /api/v1/messages HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
      "Transfer-Encoding: chunked\r\n\r\n";
  {
    const std::string big = nlohmann::json{{"user", "chunky"}, {"id", "m1"}, {"text", std::string(2000, 'a')}}.dump();
    RawConnection sender(server.port());
    // Sent whole: the server stops reading at the bound and answers at once.
    REQUIRE(sender.Send(head + Chunked(big, 100)));
    bool closed = false;
    const std::string answer = sender.ReadUntilClosed(10000, &closed);
    CHECK(answer.rfind("HTTP/1.1 413 Payload Too Large\r\n", 0) == 0);
    CHECK(ErrorCode(BodyOf(answer)) == "too_large");
    CHECK(closed);
  }
  CHECK(QueryInt(db, "SELECT count(*) FROM clients") == 0);
  {
    const std::string small = nlohmann::json{{"user", "chunky"}, {"id", "m1"}, {"text", "你好"}}.dump();
    RawConnection sender(server.port());
    REQUIRE(sender.Send(head.substr(0, head.size() - 2) + "Connection: close\r\n\r\n" + Chunked(small, 10)));
    bool closed = false;
    const std::string answer = sender.ReadUntilClosed(10000, &closed);
    CHECK(answer.rfind("HTTP/1.1 200 OK\r\n", 0) == 0);
    CHECK(closed);
    CHECK(nlohmann::json::parse(BodyOf(answer)).contains("replies"));
  }
  CHECK(QueryInt(db, "SELECT count(*) FROM clients") == 1);
  CHECK(MetricValue(server, "careerbot_errors_total{kind=\"too_large\"}") == 1);
}

TEST_CASE("limits: the per-client rate limit is 429 with Retry-After, and other clients go on") {
  TempDir dir;
  ServerProcess server(dir.path(), {"--config", WriteConfig(dir, {{"channels", {{"api", {{"per_client_per_minute", 1},
                                                                                        {"per_client_burst", 2}}}}}})});
  const std::string db = dir.File("careerbot.db");
  ApiConversation a(server.port(), "rate-a");
  CHECK(a.Send("你好").status == 200);
  CHECK(a.Send("同意").status == 200);
  httplib::Client client("127.0.0.1", server.port());
  auto refused = client.Post("/api/v1/messages", R"({"user": "rate-a", "id": "m3", "text": "小明"})",
                             "application/json");
  REQUIRE(refused);
  CHECK(refused->status == 429);
  CHECK(ErrorCode(refused->body) == "rate_limited");
  // One token a minute: the next one is a minute away.
  CHECK(refused->get_header_value("Retry-After") == "60");
  CHECK(QueryInt(db, "SELECT count(*) FROM messages WHERE direction = 'in'") == 2);

  ApiConversation b(server.port(), "rate-b");
  CHECK(b.Send("你好").status == 200);
  CHECK(MetricValue(server, "careerbot_errors_total{kind=\"rate_limited\"}") == 1);
}

TEST_CASE("limits: the per-address rate limit is 429 before the request is even read as JSON") {
  TempDir dir;
  ServerProcess server(dir.path(), {"--config", WriteConfig(dir, {{"channels", {{"api", {{"per_address_per_minute", 1},
                                                                                        {"per_address_burst", 3}}}}}})});
  for (int i = 0; i < 3; ++i) {
    ApiConversation c(server.port(), "address-" + std::to_string(i));
    CHECK(c.Send("你好").status == 200);
  }
  httplib::Client client("127.0.0.1", server.port());
  auto refused = client.Post("/api/v1/messages", "not json", "application/json");
  REQUIRE(refused);
  CHECK(refused->status == 429);
  CHECK(ErrorCode(refused->body) == "rate_limited");
  CHECK(refused->get_header_value("Retry-After") == "60");
}

TEST_CASE("limits: past http.max_turns_in_flight a turn is answered 503 at once, and the one in flight completes") {
  TempDir dir;
  ServerProcess server(dir.path(), {"--config", WriteConfig(dir, {{"http", {{"max_turns_in_flight", 1},
                                                                            {"retry_after_s", 2}}}})});
  const std::string db = dir.File("careerbot.db");
  WriteLock lock(db);  // the first turn now waits for the lock: in flight
  auto first = std::async(std::launch::async, [&] {
    ApiConversation a(server.port(), "in-flight");
    return a.Send("你好").status;
  });
  // Wait until the server counts it.
  for (int i = 0; i < 500 && MetricValue(server, "careerbot_turns_in_flight") != 1; ++i) {
    REQUIRE(first.wait_for(std::chrono::milliseconds(10)) == std::future_status::timeout);
  }
  REQUIRE(MetricValue(server, "careerbot_turns_in_flight") == 1);

  const auto sent = std::chrono::steady_clock::now();
  httplib::Client client("127.0.0.1", server.port());
  auto refused = client.Post("/api/v1/messages", R"({"user": "overflow", "id": "m1", "text": "你好"})",
                             "application/json");
  REQUIRE(refused);
  CHECK(SecondsSince(sent) < 1);  // not queued behind the lock
  CHECK(refused->status == 503);
  CHECK(ErrorCode(refused->body) == "unavailable");
  CHECK(refused->get_header_value("Retry-After") == "2");

  lock.Release();
  CHECK(first.get() == 200);
  CHECK(QueryInt(db, "SELECT count(*) FROM clients") == 1);
  ApiConversation again(server.port(), "overflow");
  CHECK(again.Send("你好").status == 200);  // the refused turn, sent again
}

}  // namespace
}  // namespace careerbot::testing
