// The admin webhook without a server: the events a turn makes (and the personal
// data they leave out), the entries queued per endpoint, the signed request of an
// attempt, how an answer is classified, QueueAdminEvent, and the configuration's
// checks.
#include "bot/admin_webhook.h"

#include <doctest/doctest.h>

#include <nlohmann/json.hpp>
#include <set>

#include "bot/config.h"
#include "storage/memory_store.h"
#include "storage/store.h"
#include "tests/adapters/channel_testing.h"

namespace careerbot::bot {
namespace {

using adapters::ApiOutcome;
using adapters::StandardWebhookKey;
using storage::OutboxEntry;
using storage::OutboxRequest;

// The Standard Webhooks specification's example secret, and another one.
constexpr char kSecret[] = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
constexpr char kRotated[] = "whsec_MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=";
constexpr int64_t kAt = 1614265330123;  // 2021-02-25T15:02:10.123Z

AdminWebhooks Webhooks(std::vector<AdminWebhookConfig> endpoints) {
  AdminWebhooks webhooks;
  Status s = AdminWebhooks::Open(endpoints, &webhooks);
  REQUIRE_MESSAGE(s.ok(), s.ToString());
  return webhooks;
}

// "type data" per event, one per " | ".
std::string Render(const std::vector<AdminEvent>& events) {
  std::string out;
  for (const AdminEvent& e : events) {
    if (!out.empty()) out += " | ";
    out += e.type + " " + e.data_json;
    CHECK(e.at_ms == kAt);
  }
  return out;
}

// The entry the store would hand the dispatcher for a queued request.
OutboxEntry EntryOf(const OutboxRequest& request, int64_t client_id = 7) {
  OutboxEntry e;
  e.id = 1;
  e.client_id = client_id;
  e.channel = request.to.channel;
  e.account = request.to.account;
  e.request_json = request.request_json;
  return e;
}

std::string Header(const adapters::OutboundRequest& r, const std::string& name) {
  for (const auto& [n, v] : r.headers) {
    if (n == name) return v;
  }
  return "";
}

TEST_CASE("admin webhook: a turn's domain events become events without personal data") {
  const std::vector<dialog::DomainEvent> events = {
      dialog::ConsentGiven{"privacy_notice", "2026-1", true},
      dialog::ProfileFieldSet{"name", "张三"},
      dialog::ConsentGiven{"service_agreement", "2026-1", true},
      dialog::AnswerRecorded{"iip_riasec_48", 1, "r1", 4},
      dialog::AssessmentCompleted{"iip_riasec_48", "1.0", 2, R"({"scores":{"R":12}})"},
      dialog::HandoffRequested{"client_request", false},
      dialog::HandoffRequested{"distress", true},
      dialog::ComplaintFiled{"C-1A2B3C4D", "counsellor", "张三老师没有回复我 13800138000",
                             std::string("zhangsan@example.org")},
      dialog::FeedbackGiven{4, std::string("partly"), std::string("谢谢，张三")},
      dialog::FeedbackGiven{5, std::nullopt, std::nullopt},
      dialog::PlanProposed{1, {"iip_riasec_48"}, "{}", "proposed", "bot"},
      dialog::DataErasureRequested{},
  };
  const std::vector<AdminEvent> made = AdminEventsOfTurn(events, true, "wechat", kAt);
  CHECK(Render(made) ==
        R"(case.created {"channel":"wechat"} | )"
        R"(agreement.accepted {"document":"service_agreement","version":"2026-1","channel":"wechat"} | )"
        R"(assessment.completed {"instrument":"iip_riasec_48","version":"1.0","attempt":2} | )"
        R"(handoff.requested {"reason":"client_request","urgent":false} | )"
        R"(handoff.requested {"reason":"distress","urgent":true} | )"
        R"(distress.detected {"urgent":true} | )"
        R"(complaint.filed {"ticket":"C-1A2B3C4D","category":"counsellor"} | )"
        R"(feedback.received {"rating":4,"goals_met":"partly","has_comment":true} | )"
        R"(feedback.received {"rating":5,"goals_met":null,"has_comment":false})");
  for (const AdminEvent& e : made) {
    CAPTURE(e.data_json);
    for (const char* personal : {"张三", "13800138000", "example.org", "scores", "谢谢"}) {
      CHECK(e.data_json.find(personal) == std::string::npos);
    }
  }

  SUBCASE("a known client's turn creates no case, and a declined agreement is no event") {
    CHECK(Render(AdminEventsOfTurn({dialog::ConsentGiven{"service_agreement", "2026-1", false}}, false, "api", kAt))
              .empty());
  }
  CHECK(Render(AdminEventsOfTurn({}, false, "api", kAt)).empty());
}

TEST_CASE("admin webhook: report.finalized and the payload's timestamp") {
  const AdminEvent report = ReportFinalizedEvent(3, 12, kAt);
  CHECK(report.type == "report.finalized");
  CHECK(report.data_json == R"({"version":3,"finalized_by":12})");
  CHECK(IsoTimestamp(kAt) == "2021-02-25T15:02:10.123Z");
  CHECK(IsoTimestamp(0) == "1970-01-01T00:00:00.000Z");
  CHECK(IsoTimestamp(1798761599999) == "2026-12-31T23:59:59.999Z");
  for (std::string_view type : kAdminEventTypes) CHECK(IsAdminEventType(type));
  CHECK_FALSE(IsAdminEventType("case.opened"));
  CHECK_FALSE(IsAdminEventType(""));
}

TEST_CASE("admin webhook: one entry per event and endpoint that wants it, each with its own id") {
  const AdminWebhooks webhooks = Webhooks({{"ops", "https://ops.example/hook", kSecret, {}},
                                           {"crisis", "https://crisis.example/hook", kRotated,
                                            {"distress.detected", "handoff.requested"}}});
  std::vector<OutboxRequest> out = {{{"wechat", "main"}, "a reply"}};
  const std::vector<AdminEvent> events = {{"case.created", kAt, R"({"channel":"api"})"},
                                          {"distress.detected", kAt, R"({"urgent":true})"}};
  REQUIRE(webhooks.Requests(events, &out).ok());
  REQUIRE(out.size() == 4);
  CHECK(out[0].request_json == "a reply");  // what was there stays
  std::set<std::string> ids;
  std::vector<std::string> rendered;
  for (size_t i = 1; i < out.size(); ++i) {
    const auto stored = nlohmann::json::parse(out[i].request_json);
    const std::string id = stored.at("webhook_id");
    CHECK(id.size() == 36);
    CHECK(id.rfind("msg_", 0) == 0);
    CHECK(id.find_first_not_of("0123456789abcdef", 4) == std::string::npos);
    ids.insert(id);
    rendered.push_back(out[i].to.channel + "/" + out[i].to.account + " " + stored.at("type").get<std::string>() +
                       " " + stored.at("timestamp").get<std::string>() + " " + stored.at("data").dump());
    // Neither the secret nor the URL waits in the outbox.
    CHECK(out[i].request_json.find("MfKQ9r8G") == std::string::npos);
    CHECK(out[i].request_json.find("example") == std::string::npos);
  }
  CHECK(ids.size() == 3);
  CHECK(rendered == std::vector<std::string>{
                        R"(admin_webhook/ops case.created 2021-02-25T15:02:10.123Z {"channel":"api"})",
                        R"(admin_webhook/crisis distress.detected 2021-02-25T15:02:10.123Z {"urgent":true})",
                        R"(admin_webhook/ops distress.detected 2021-02-25T15:02:10.123Z {"urgent":true})"});

  SUBCASE("an unknown type or data that is no object queues nothing") {
    CHECK(webhooks.Requests({{"case.opened", kAt, "{}"}}, &out).code() == Status::Code::kInvalidArgument);
    CHECK(webhooks.Requests({{"case.created", kAt, "[1]"}}, &out).code() == Status::Code::kInvalidArgument);
    CHECK(out.size() == 4);
  }
  SUBCASE("no endpoint, no entry") {
    std::vector<OutboxRequest> none;
    REQUIRE(Webhooks({}).Requests(events, &none).ok());
    CHECK(none.empty());
  }
}

TEST_CASE("admin webhook: each attempt is signed anew; the id and body stay") {
  const AdminWebhooks webhooks = Webhooks({{"ops", "https://ops.example/hook?k=1", kSecret, {}}});
  std::vector<OutboxRequest> queued;
  REQUIRE(webhooks.Requests({{"complaint.filed", kAt, R"({"ticket":"C-1A2B3C4D","category":"service"})"}}, &queued)
              .ok());
  REQUIRE(queued.size() == 1);
  const OutboxEntry entry = EntryOf(queued[0], 42);
  const std::string id = nlohmann::json::parse(entry.request_json).at("webhook_id");

  adapters::OutboundRequest first, retry;
  REQUIRE(webhooks.BuildRequest(entry, 1700000000999, &first).ok());
  REQUIRE(webhooks.BuildRequest(entry, 1700000090000, &retry).ok());
  CHECK(first.method == "POST");
  CHECK(first.url == "https://ops.example/hook?k=1");
  CHECK(first.auth == adapters::Auth::kNone);
  CHECK(first.body ==
        R"({"type":"complaint.filed","timestamp":"2021-02-25T15:02:10.123Z",)"
        R"("data":{"client_id":42,"ticket":"C-1A2B3C4D","category":"service"}})");
  CHECK(Header(first, "Content-Type") == "application/json");
  CHECK(Header(first, "webhook-id") == id);
  CHECK(Header(first, "webhook-timestamp") == "1700000000");
  CHECK(Header(retry, "webhook-id") == id);
  CHECK(Header(retry, "webhook-timestamp") == "1700000090");
  CHECK(retry.body == first.body);
  CHECK(Header(retry, "webhook-signature") != Header(first, "webhook-signature"));

  // What a receiver does with a Standard Webhooks library: verify with the secret.
  StandardWebhookKey key;
  REQUIRE(StandardWebhookKey::Parse(kSecret, &key).ok());
  CHECK(Header(first, "webhook-signature") == key.Sign(id, 1700000000, first.body));
  CHECK(key.Verify(id, "1700000000", Header(first, "webhook-signature"), first.body, 1700000001, 300).ok());
  CHECK(key.Verify(id, "1700000090", Header(retry, "webhook-signature"), retry.body, 1700000090, 300).ok());

  SUBCASE("a rotated secret applies to the events already queued") {
    const AdminWebhooks rotated = Webhooks({{"ops", "https://ops.example/moved", kRotated, {}}});
    adapters::OutboundRequest later;
    REQUIRE(rotated.BuildRequest(entry, 1700000100000, &later).ok());
    CHECK(later.url == "https://ops.example/moved");
    StandardWebhookKey new_key;
    REQUIRE(StandardWebhookKey::Parse(kRotated, &new_key).ok());
    CHECK(new_key.Verify(id, "1700000100", Header(later, "webhook-signature"), later.body, 1700000100, 300).ok());
    CHECK(key.Verify(id, "1700000100", Header(later, "webhook-signature"), later.body, 1700000100, 300).code() ==
          Status::Code::kUnauthenticated);
  }
  SUBCASE("an endpoint no longer configured, or an entry that is no event") {
    adapters::OutboundRequest r;
    CHECK(Webhooks({}).BuildRequest(entry, 1700000000000, &r).code() == Status::Code::kNotFound);
    OutboxEntry broken = entry;
    broken.request_json = R"({"webhook_id":"msg_1","type":"case.opened","timestamp":"t","data":{}})";
    CHECK(webhooks.BuildRequest(broken, 1700000000000, &r).code() == Status::Code::kInvalidArgument);
    broken.request_json = "not json";
    CHECK(webhooks.BuildRequest(broken, 1700000000000, &r).code() == Status::Code::kInvalidArgument);
  }
}

TEST_CASE("admin webhook: what an answer makes of the attempt") {
  const AdminWebhooks webhooks = Webhooks({{"ops", "https://ops.example/hook", kSecret, {}}});
  std::vector<OutboxRequest> queued;
  REQUIRE(webhooks.Requests({{"case.created", kAt, "{}"}}, &queued).ok());
  const OutboxEntry entry = EntryOf(queued[0]);
  adapters::HttpResponse answer;
  adapters::testing::FakeHttpClient http([&](const adapters::OutboundRequest&) { return answer; });
  auto deliver = [&](int status, std::map<std::string, std::string> headers = {}) {
    answer.status = status;
    answer.headers = std::move(headers);
    const ApiOutcome o = webhooks.Deliver(entry, &http, 1700000000000);
    const char* kinds[] = {"ok", "retry", "invalid_token", "permanent"};
    return std::string(kinds[static_cast<int>(o.kind)]) + " " + std::to_string(o.retry_after_ms) + " '" +
           o.error + "'";
  };
  CHECK(deliver(200) == "ok 0 ''");
  CHECK(deliver(204) == "ok 0 ''");
  CHECK(deliver(0) == "retry 0 'no answer from the admin webhook'");
  CHECK(deliver(500) == "retry 0 'HTTP 500'");
  CHECK(deliver(400) == "retry 0 'HTTP 400'");
  CHECK(deliver(301) == "retry 0 'HTTP 301'");
  CHECK(deliver(429, {{"retry-after", "30"}}) == "retry 30000 'HTTP 429'");
  CHECK(deliver(503, {{"retry-after", "Wed, 21 Oct 2015 07:28:00 GMT"}}) == "retry 0 'HTTP 503'");
  CHECK(deliver(410) == "permanent 0 'HTTP 410'");
  CHECK(http.sent.size() == 9);

  OutboxEntry elsewhere = entry;
  elsewhere.account = "gone";
  const ApiOutcome o = webhooks.Deliver(elsewhere, &http, 1700000000000);
  CHECK(o.kind == ApiOutcome::Kind::kPermanent);
  CHECK(o.error == "admin_webhooks.gone is not configured");
  CHECK(http.sent.size() == 9);  // nothing sent
}

TEST_CASE("admin webhook: QueueAdminEvent queues an admin action's event in the client's outbox") {
  auto store = storage::NewMemoryStore();
  storage::TurnWrite turn;
  turn.key = {"telegram", "main", "42"};
  turn.received_at_ms = 1000;
  turn.answer_json = R"({"replies":[],"state":""})";
  int64_t client = 0;
  REQUIRE(store->CommitTurn(turn, &client).ok());
  const AdminWebhooks webhooks = Webhooks({{"ops", "https://ops.example/hook", kSecret, {"report.finalized"}},
                                           {"crisis", "https://crisis.example/hook", kRotated,
                                            {"distress.detected"}}});
  size_t queued = 99;
  REQUIRE(QueueAdminEvent(*store, webhooks, client, ReportFinalizedEvent(2, 5, 5000), &queued).ok());
  CHECK(queued == 1);
  std::vector<OutboxEntry> entries;
  REQUIRE(store->ListOutbox(client, &entries).ok());
  REQUIRE(entries.size() == 1);
  CHECK(entries[0].channel == "admin_webhook");
  CHECK(entries[0].account == "ops");
  CHECK(entries[0].created_at_ms == 5000);
  CHECK(entries[0].next_attempt_at_ms == 5000);
  adapters::OutboundRequest r;
  REQUIRE(webhooks.BuildRequest(entries[0], 6000, &r).ok());
  CHECK(r.body == R"({"type":"report.finalized","timestamp":"1970-01-01T00:00:05.000Z",)"
                  R"("data":{"client_id":)" + std::to_string(client) + R"(,"version":2,"finalized_by":5}})");

  SUBCASE("no endpoint wants it: nothing queued") {
    REQUIRE(QueueAdminEvent(*store, webhooks, client, {"case.created", 7000, "{}"}, &queued).ok());
    CHECK(queued == 0);
  }
  SUBCASE("an unknown client, or not an event: nothing queued") {
    CHECK(QueueAdminEvent(*store, webhooks, client + 1, ReportFinalizedEvent(1, 5, 7000), &queued).code() ==
          Status::Code::kNotFound);
    CHECK(queued == 0);
    CHECK(QueueAdminEvent(*store, webhooks, client, {"report.final", 7000, "{}"}, nullptr).code() ==
          Status::Code::kInvalidArgument);
  }
  REQUIRE(store->ListOutbox(client, &entries).ok());
  CHECK(entries.size() == 1);
}

// --- configuration ----------------------------------------------------------------

Status Parse(const std::string& endpoints, Config* config) {
  return ParseConfigJson(R"({"admin_webhooks": )" + endpoints + "}", "t.json", config);
}

TEST_CASE("admin webhook: endpoints in the configuration") {
  Config config;
  REQUIRE(Parse(R"({"_comment": "x", "ops": {"url": "https://ops.example/hook", "secret": ")" +
                    std::string(kSecret) + R"("},
                    "crisis": {"url": "http://127.0.0.1:9000/", "secret": ")" + kRotated +
                    R"(", "events": ["distress.detected", "handoff.requested"]}})",
                &config)
              .ok());
  REQUIRE(config.admin_webhooks.size() == 2);
  CHECK(config.admin_webhooks[0].key == "crisis");
  CHECK(config.admin_webhooks[0].events == std::vector<std::string>{"distress.detected", "handoff.requested"});
  CHECK(config.admin_webhooks[1].key == "ops");
  CHECK(config.admin_webhooks[1].url == "https://ops.example/hook");
  CHECK(config.admin_webhooks[1].secret == kSecret);
  CHECK(config.admin_webhooks[1].events.empty());

  SUBCASE("the secret from the environment") {
    setenv("CAREERBOT_TEST_HOOK_SECRET", kRotated, 1);
    Config c;
    REQUIRE(Parse(R"({"ops": {"url": "https://o.example", "secret_env": "CAREERBOT_TEST_HOOK_SECRET"}})", &c).ok());
    CHECK(c.admin_webhooks[0].secret == kRotated);
    unsetenv("CAREERBOT_TEST_HOOK_SECRET");
  }
}

TEST_CASE("admin webhook: a bad endpoint stops start-up with a clear error, never showing the secret") {
  const std::string secret = kSecret;
  const std::string url = R"("url": "https://ops.example/hook")";
  struct Case {
    std::string endpoints;
    std::string error;
  };
  const std::vector<Case> cases = {
      {R"({"ops": {"url": "ftp://ops.example", "secret": ")" + secret + R"("}})",
       "t.json: admin_webhooks.ops.url: must be an http:// or https:// URL with a host (and no spaces)"},
      {R"({"ops": {"url": "https://", "secret": ")" + secret + R"("}})",
       "t.json: admin_webhooks.ops.url: must be an http:// or https:// URL with a host (and no spaces)"},
      {R"({"ops": {"url": "https://ops.example/a b", "secret": ")" + secret + R"("}})",
       "t.json: admin_webhooks.ops.url: must be an http:// or https:// URL with a host (and no spaces)"},
      {R"({"ops": {"secret": ")" + secret + R"("}})", "t.json: admin_webhooks.ops.url: is required"},
      {R"({"ops": {)" + url + R"(, "secret": "MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"}})",
       "t.json: admin_webhooks.ops.secret: must be a Standard Webhooks secret: \"whsec_\" and standard base64 of "
       "the key (e.g. of 32 random bytes)"},
      {R"({"ops": {)" + url + R"(, "secret": "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLa*w"}})",
       "t.json: admin_webhooks.ops.secret: must be a Standard Webhooks secret: \"whsec_\" and standard base64 of "
       "the key (e.g. of 32 random bytes)"},
      {R"({"ops": {)" + url + R"(}})",
       "t.json: admin_webhooks.ops: needs exactly one of \"secret\", \"secret_env\" or \"secret_file\""},
      {R"({"ops": {)" + url + R"(, "secret": ")" + secret + R"(", "secret_file": "/nonexistent"}})",
       "t.json: admin_webhooks.ops.secret_file: cannot read the file /nonexistent"},
      {R"({"ops": {)" + url + R"(, "secret": ")" + secret + R"(", "events": ["case.created", "case.opened"]}})",
       "t.json: admin_webhooks.ops.events[1]: unknown event type \"case.opened\"; known: case.created, "
       "agreement.accepted, assessment.completed, handoff.requested, distress.detected, complaint.filed, "
       "feedback.received, report.finalized"},
      {R"({"ops": {)" + url + R"(, "secret": ")" + secret + R"(", "events": []}})",
       "t.json: admin_webhooks.ops.events: must be a non-empty list of event types (case.created, "
       "agreement.accepted, assessment.completed, handoff.requested, distress.detected, complaint.filed, "
       "feedback.received, report.finalized), or left out for every one"},
      {R"({"ops": {)" + url + R"(, "secret": ")" + secret + R"(", "retries": 3}})",
       "t.json: admin_webhooks.ops.retries: unknown key"},
      {R"({"o ps": {)" + url + R"(, "secret": ")" + secret + R"("}})",
       "t.json: admin_webhooks.o ps: an endpoint key must be 1 to 64 of [A-Za-z0-9_-]"},
      {R"({"ops": "https://ops.example"})", "t.json: admin_webhooks.ops: must be an object with \"url\" and \"secret\""},
      {R"(["https://ops.example"])", "t.json: admin_webhooks: must be an object of endpoints"},
  };
  for (const Case& c : cases) {
    CAPTURE(c.endpoints);
    Config config;
    const Status s = Parse(c.endpoints, &config);
    CHECK(s.code() == Status::Code::kInvalidArgument);
    CHECK(s.message() == c.error);
    CHECK(s.message().find("MfKQ9r8G") == std::string::npos);
    CHECK(config.admin_webhooks.empty());  // nothing of a refused file is kept
  }
}

}  // namespace
}  // namespace careerbot::bot
