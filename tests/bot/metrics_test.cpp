// GET /metrics (issue 9, point 8): the Prometheus text format 0.0.4, turns by
// channel and outcome, the latency histogram, errors by kind, the outbox and
// hand-off gauges and active sessions; and the Metrics registry on its own, and
// the log line format.
#include <doctest/doctest.h>

#include <map>
#include <regex>
#include <sstream>

#include "bot/log.h"
#include "bot/metrics.h"
#include "bot/turn_limiter.h"
#include "storage/memory_store.h"
#include "tests/bot/api_client.h"
#include "tests/support/server_process.h"
#include "tests/support/temp_dir.h"

namespace careerbot::testing {
namespace {

// Every sample line "name{labels} value" → value; fails on a line that is not a
// comment, a sample, or empty.
std::map<std::string, double> Samples(const std::string& text) {
  static const std::regex sample(R"(^([a-zA-Z_:][a-zA-Z0-9_:]*(\{[^}]*\})?) (-?[0-9.eE+-]+|\+Inf|NaN)$)");
  static const std::regex comment(R"(^# (HELP|TYPE) [a-zA-Z_:][a-zA-Z0-9_:]* .+$)");
  std::map<std::string, double> out;
  std::istringstream lines(text);
  std::string line;
  while (std::getline(lines, line)) {
    std::smatch m;
    if (std::regex_match(line, m, sample)) {
      out[m[1]] = std::stod(m[3]);
    } else {
      CHECK_MESSAGE(std::regex_match(line, comment), line);
    }
  }
  return out;
}

TEST_CASE("metrics: GET /metrics counts turns, errors, latency, hand-offs and sessions") {
  TempDir dir;
  ServerProcess server(dir.path());
  ApiConversation client(server.port(), "metrics-1");
  REQUIRE(client.Send("你好").status == 200);
  REQUIRE(client.Send("同意").status == 200);
  REQUIRE(client.SendWithId("同意", "m2").status == 200);  // a redelivery: answered from the store
  REQUIRE(client.Send("人工").status == 200);              // a hand-off to a counsellor
  REQUIRE(client.Post("not json").status == 400);

  auto res = server.Client().Get("/metrics");
  REQUIRE(res);
  CHECK(res->status == 200);
  CHECK(res->get_header_value("Content-Type") == "text/plain; version=0.0.4; charset=utf-8");
  std::map<std::string, double> s = Samples(res->body);
  CHECK(s["careerbot_turns_total{channel=\"api\",outcome=\"ok\"}"] == 3);
  CHECK(s["careerbot_turns_total{channel=\"api\",outcome=\"duplicate\"}"] == 1);
  CHECK(s["careerbot_turns_total{channel=\"wechat\",outcome=\"ok\"}"] == 0);
  CHECK(s["careerbot_turn_duration_seconds_count{channel=\"api\"}"] == 4);
  CHECK(s["careerbot_turn_duration_seconds_bucket{channel=\"api\",le=\"+Inf\"}"] == 4);
  CHECK(s["careerbot_turn_duration_seconds_sum{channel=\"api\"}"] > 0);
  CHECK(s["careerbot_errors_total{kind=\"invalid_argument\"}"] == 1);
  CHECK(s["careerbot_errors_total{kind=\"unavailable\"}"] == 0);
  CHECK(s["careerbot_turns_in_flight"] == 0);
  CHECK(s["careerbot_store_up"] == 1);
  CHECK(s["careerbot_outbox_queued"] == 0);
  CHECK(s["careerbot_outbox_failed"] == 0);
  CHECK(s["careerbot_handoffs_open"] == 1);
  CHECK(s["careerbot_sessions_active"] == 1);
  CHECK(s["careerbot_outbox_delivery_failures_total{channel=\"wechat\"}"] == 0);
}

TEST_CASE("metrics: metrics.enabled false leaves /metrics out") {
  TempDir dir;
  const std::string config = dir.File("careerbot.json");
  std::ofstream(config) << R"({"metrics": {"enabled": false}})";
  ServerProcess server(dir.path(), {"--config", config});
  auto res = server.Client().Get("/metrics");
  REQUIRE(res);
  CHECK(res->status == 404);
}

TEST_CASE("metrics: the registry renders cumulative buckets and caches the store's gauges") {
  bot::Metrics metrics;
  auto store = storage::NewMemoryStore();
  metrics.RecordTurn("api", Status::Ok(), false, 800);        // 0.8 ms: le 0.001
  metrics.RecordTurn("api", Status::Ok(), false, 30000);      // 30 ms: le 0.05
  metrics.RecordTurn("api", Status::Unavailable("x"), false, 2000);
  metrics.RecordTurn("someday", Status::Ok(), true, 1);       // an unknown channel counts as other
  metrics.RecordError(Status::Code::kResourceExhausted);
  metrics.RecordDroppedRequest(/*timeout=*/true);
  metrics.RecordDeliveryFailure("telegram");
  std::map<std::string, double> s = Samples(metrics.Render(*store, 1000, 60000, 5000));
  CHECK(s["careerbot_turns_total{channel=\"api\",outcome=\"ok\"}"] == 2);
  CHECK(s["careerbot_turns_total{channel=\"api\",outcome=\"unavailable\"}"] == 1);
  CHECK(s["careerbot_turns_total{channel=\"other\",outcome=\"duplicate\"}"] == 1);
  CHECK(s["careerbot_turn_duration_seconds_bucket{channel=\"api\",le=\"0.001\"}"] == 1);
  CHECK(s["careerbot_turn_duration_seconds_bucket{channel=\"api\",le=\"0.0025\"}"] == 2);
  CHECK(s["careerbot_turn_duration_seconds_bucket{channel=\"api\",le=\"0.025\"}"] == 2);
  CHECK(s["careerbot_turn_duration_seconds_bucket{channel=\"api\",le=\"0.05\"}"] == 3);
  CHECK(s["careerbot_turn_duration_seconds_sum{channel=\"api\"}"] == doctest::Approx(0.0328));
  CHECK(s["careerbot_errors_total{kind=\"rate_limited\"}"] == 1);
  CHECK(s["careerbot_errors_total{kind=\"request_timeout\"}"] == 1);
  CHECK(s["careerbot_outbox_delivery_failures_total{channel=\"telegram\"}"] == 1);
  CHECK(s["careerbot_sessions_active"] == 0);

  // Within the cache period the gauges are not read again.
  storage::TurnWrite turn;
  turn.key = {"api", "", "u1"};
  turn.received_at_ms = 1500;
  turn.message_id = "m1";
  turn.inbound_text = "hi";
  turn.outbound_texts = {"hello"};
  turn.answer_json = R"({"replies":[]})";
  turn.snapshot = {"s", "{}"};
  REQUIRE(store->CommitTurn(turn, nullptr).ok());
  CHECK(Samples(metrics.Render(*store, 2000, 60000, 5000))["careerbot_sessions_active"] == 0);
  CHECK(Samples(metrics.Render(*store, 6000, 60000, 5000))["careerbot_sessions_active"] == 1);
}

TEST_CASE("turn limiter: permits up to the bound, and back when released") {
  bot::TurnLimiter limiter(2);
  auto a = limiter.TryAcquire();
  auto b = limiter.TryAcquire();
  CHECK(a);
  CHECK(b);
  CHECK_FALSE(limiter.TryAcquire());
  CHECK(limiter.in_flight() == 2);
  { auto moved = std::move(a); }
  CHECK(limiter.in_flight() == 1);
  CHECK(limiter.TryAcquire());
  bot::TurnLimiter unbounded(0);
  std::vector<bot::TurnLimiter::Permit> many;
  for (int i = 0; i < 1000; ++i) many.push_back(unbounded.TryAcquire());
  CHECK(many.back());
}

TEST_CASE("log: a line is ts, level, event, then the fields, and a field cannot hide them") {
  CHECK(bot::FormatLogLine(1795780800123, "info", "listening", {{"address", "127.0.0.1:8080"}, {"event", "x"}}) ==
        R"({"ts":"2026-11-27T12:00:00.123Z","level":"info","event":"listening","address":"127.0.0.1:8080",)"
        R"("field_event":"x"})");
  // Bytes that are not UTF-8 still make a line that parses.
  const std::string line = bot::FormatLogLine(0, "error", "e", {{"error", std::string("\xff\xfe", 2)}});
  CHECK(nlohmann::json::parse(line, nullptr, false).is_object());
  CHECK(line.rfind(R"({"ts":"1970-01-01T00:00:00.000Z")", 0) == 0);
}

}  // namespace
}  // namespace careerbot::testing
