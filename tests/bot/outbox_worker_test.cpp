// The outbox worker's scheduling without threads: OutboxDispatcher over the
// in-memory store with a fake clock and a fake HTTP client, and the pure backoff
// and attempt rules; the admin webhook's events beside the replies. Also the form
// in which requests wait in the outbox.
#include "bot/outbox_worker.h"

#include <doctest/doctest.h>

#include <limits>
#include <map>
#include <nlohmann/json.hpp>

#include "adapters/channels.h"
#include "bot/admin_webhook.h"
#include "storage/memory_store.h"
#include "storage/store.h"
#include "tests/adapters/channel_testing.h"

namespace careerbot::bot {
namespace {

using adapters::ApiOutcome;
using adapters::HttpResponse;
using adapters::OutboundRequest;
using adapters::testing::FakeHttpClient;
using storage::OutboxEntry;
using storage::OutboxStatus;

constexpr int64_t kNever = std::numeric_limits<int64_t>::max();

TEST_CASE("outbox: the backoff doubles, is capped, jittered to 50-100 %, and respects retry_after") {
  const OutboxPolicy p{10, 1000, 8000, {}};
  CHECK(BackoffMs(p, 1, 0.0, 0) == 500);
  CHECK(BackoffMs(p, 1, 0.999999, 0) == 999);
  CHECK(BackoffMs(p, 2, 0.0, 0) == 1000);
  CHECK(BackoffMs(p, 3, 0.5, 0) == 3000);
  CHECK(BackoffMs(p, 4, 1.0, 0) == 8000);
  CHECK(BackoffMs(p, 30, 1.0, 0) == 8000);  // capped, and no overflow
  CHECK(BackoffMs(p, 1, 0.0, 60000) == 60000);
  CHECK(BackoffMs({10, 1, 1, {}}, 1, 0.0, 0) == 1);  // never 0
}

TEST_CASE("outbox: what one attempt makes of an entry") {
  const OutboxPolicy p{3, 1000, 8000, {}};
  OutboxEntry e;
  e.id = 7;
  e.attempts = 0;
  using Kind = ApiOutcome::Kind;

  auto a = NextAttempt(e, {Kind::kOk, 0, ""}, 5000, p, 0.0);
  CHECK(a.id == 7);
  CHECK(a.status == OutboxStatus::kSent);
  CHECK(a.attempts == 1);
  CHECK(a.error == std::nullopt);
  CHECK(a.at_ms == 5000);

  a = NextAttempt(e, {Kind::kRetry, 0, "HTTP 502"}, 5000, p, 0.0);
  CHECK(a.status == OutboxStatus::kQueued);
  CHECK(a.next_attempt_at_ms == 5500);
  CHECK(a.error == "HTTP 502");

  a = NextAttempt(e, {Kind::kRetry, 30000, "HTTP 429"}, 5000, p, 0.0);
  CHECK(a.next_attempt_at_ms == 35000);

  a = NextAttempt(e, {Kind::kPermanent, 0, "errcode 45015: out of time"}, 5000, p, 0.0);
  CHECK(a.status == OutboxStatus::kFailed);
  CHECK(a.attempts == 1);
  CHECK(a.error == "errcode 45015: out of time");

  a = NextAttempt(e, {Kind::kInvalidToken, 0, "token"}, 5000, p, 0.0);
  CHECK(a.status == OutboxStatus::kQueued);  // Sender could not cure it now: later

  e.attempts = 2;  // this is the third and last
  a = NextAttempt(e, {Kind::kRetry, 0, "HTTP 500"}, 5000, p, 0.0);
  CHECK(a.status == OutboxStatus::kFailed);
  CHECK(a.attempts == 3);
  CHECK(a.error == "HTTP 500");
}

constexpr char kHookSecret[] = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";

AdminWebhooks OneWebhook() {
  AdminWebhooks webhooks;
  REQUIRE(AdminWebhooks::Open({{"ops", "http://hooks/ops", kHookSecret, {}}}, &webhooks).ok());
  return webhooks;
}

// Telegram (a static token, so no token calls), WeChat (a fetched one), and an
// admin webhook endpoint "ops" at http://hooks/ops.
struct Fixture {
  std::unique_ptr<storage::Store> store = storage::NewMemoryStore();
  ChannelMap channels;
  AdminWebhooks webhooks = OneWebhook();
  int64_t now = 1'000'000;
  std::vector<std::function<HttpResponse(const OutboundRequest&)>> answers;  // per call; then 200 ok
  int hook_status = 204;  // what the admin webhook's receiver answers
  FakeHttpClient http{[this](const OutboundRequest& r) {
    if (r.url.find("/cgi-bin/token") != std::string::npos) {
      return adapters::testing::Json(200, R"({"access_token":"T","expires_in":7200})");
    }
    if (r.url.rfind("http://hooks/", 0) == 0) return adapters::testing::Json(hook_status, "");
    if (!answers.empty()) {
      auto next = std::move(answers.front());
      answers.erase(answers.begin());
      return next(r);
    }
    return adapters::testing::Json(200, R"({"ok":true,"errcode":0})");
  }};
  adapters::TokenCache tokens{[this] { return now; }};
  OutboxDispatcher dispatcher{*store, channels, webhooks, &http, &tokens, OutboxPolicy{3, 1000, 8000, {}},
                              [this] { return now; }, [] { return 0.0; }};

  Fixture() {
    for (const auto& [platform, entry] :
         {std::pair<std::string, nlohmann::json>{"telegram", {{"bot_token", "1:abc"}, {"secret_token", "s"}, {"api_base", "http://tg"}}},
          {"wechat", {{"token", "tok"}, {"app_id", "wx1"}, {"app_secret", "sec"}, {"api_base", "http://wx"}}}}) {
      std::unique_ptr<adapters::Channel> channel;
      REQUIRE(adapters::MakeChannel(platform, "main", entry, adapters::SystemRandom(), &channel).ok());
      channels[{platform, "main"}] = std::move(channel);
    }
  }

  // Queues requests for a client with one turn, and tells the dispatcher, as the
  // server does once a turn that queued something is committed.
  void Queue(const std::string& platform, const std::string& user, const std::vector<std::string>& urls,
             const std::string& message_id = "") {
    QueueUnannounced(platform, user, urls, message_id);
    dispatcher.Queued();
  }
  // The same without telling the dispatcher.
  void QueueUnannounced(const std::string& platform, const std::string& user,
                        const std::vector<std::string>& urls, const std::string& message_id = "") {
    storage::TurnWrite t;
    t.key = {platform, "main", user};
    t.received_at_ms = now;
    t.message_id = message_id;
    t.answer_json = R"({"replies":[],"state":""})";
    for (const std::string& url : urls) {
      OutboundRequest r;
      r.url = url;
      r.body = "{}";
      r.auth = platform == "wechat" ? adapters::Auth::kAccessTokenQuery : adapters::Auth::kUrlPathToken;
      t.outbox.push_back({{platform, "main"}, EncodeOutboundRequest(r)});
    }
    REQUIRE(store->CommitTurn(t, nullptr).ok());
  }

  // Queues admin webhook events for the client with one turn of their channel.
  void QueueEvents(const std::string& platform, const std::string& user, const std::vector<std::string>& types) {
    storage::TurnWrite t;
    t.key = {platform, "main", user};
    t.received_at_ms = now;
    t.answer_json = R"({"replies":[],"state":""})";
    std::vector<AdminEvent> events;
    for (const std::string& type : types) events.push_back({type, now, "{}"});
    REQUIRE(webhooks.Requests(events, &t.outbox).ok());
    REQUIRE(store->CommitTurn(t, nullptr).ok());
    dispatcher.Queued();
  }

  // The URL, or "hook:<type>" for an admin webhook event.
  std::string UrlOf(const OutboxEntry& e) {
    if (e.channel == kAdminWebhookChannel) {
      return "hook:" + nlohmann::json::parse(e.request_json).at("type").get<std::string>();
    }
    OutboundRequest r;
    REQUIRE(DecodeOutboundRequest(e.request_json, &r).ok());
    return r.url;
  }
  // "url" of the claimed entry, or "none@<wake>" ("none@never").
  std::string Claim(std::optional<OutboxEntry>* claimed = nullptr) {
    int64_t wake = 0;
    auto e = dispatcher.Claim(&wake);
    if (claimed) *claimed = e;
    if (e) return UrlOf(*e);
    return "none@" + (wake == kNever ? std::string("never") : std::to_string(wake - now));
  }
};

TEST_CASE("outbox dispatcher: one client's entries one at a time and in order, clients in parallel") {
  Fixture f;
  CHECK(f.Claim() == "none@never");
  f.Queue("telegram", "42", {"http://tg/a1", "http://tg/a2"});
  f.Queue("telegram", "43", {"http://tg/b1"});
  f.Queue("telegram", "42", {"http://tg/a3"});

  std::optional<OutboxEntry> a1, b1;
  CHECK(f.Claim(&a1) == "http://tg/a1");
  CHECK(f.Claim(&b1) == "http://tg/b1");  // another client goes on meanwhile
  CHECK(f.Claim() == "none@never");       // a2 waits for a1 in flight

  CHECK(f.dispatcher.Deliver(*a1).status == OutboxStatus::kSent);
  std::optional<OutboxEntry> a2;
  CHECK(f.Claim(&a2) == "http://tg/a2");
  CHECK(f.dispatcher.Deliver(*a2).status == OutboxStatus::kSent);
  CHECK(f.dispatcher.Deliver(*b1).status == OutboxStatus::kSent);
  std::optional<OutboxEntry> a3;
  CHECK(f.Claim(&a3) == "http://tg/a3");
  CHECK(f.dispatcher.Deliver(*a3).status == OutboxStatus::kSent);
  CHECK(f.Claim() == "none@never");

  REQUIRE(f.http.sent.size() == 4);
  CHECK(f.http.sent[0].url == "http://tg/a1");
  CHECK(f.http.sent[1].url == "http://tg/a2");
  CHECK(f.http.sent[3].url == "http://tg/a3");
}

TEST_CASE("outbox dispatcher: a retried entry holds its client back until it is due") {
  Fixture f;
  f.Queue("telegram", "42", {"http://tg/a1", "http://tg/a2"});
  f.Queue("telegram", "43", {"http://tg/b1"});
  f.answers.push_back([](const OutboundRequest&) { return adapters::testing::Json(502, "bad gateway"); });

  std::optional<OutboxEntry> a1;
  CHECK(f.Claim(&a1) == "http://tg/a1");
  const auto attempt = f.dispatcher.Deliver(*a1);
  CHECK(attempt.status == OutboxStatus::kQueued);
  CHECK(attempt.error == "HTTP 502");
  CHECK(attempt.next_attempt_at_ms == f.now + 500);  // jitter 0: half of 1000 ms

  std::optional<OutboxEntry> b1;
  CHECK(f.Claim(&b1) == "http://tg/b1");  // not held back by 42's retry
  f.dispatcher.Deliver(*b1);
  CHECK(f.Claim() == "none@500");  // a2 must not overtake a1
  f.now += 499;
  CHECK(f.Claim() == "none@1");
  f.now += 1;
  CHECK(f.Claim(&a1) == "http://tg/a1");
  CHECK(a1->attempts == 1);
  CHECK(f.dispatcher.Deliver(*a1).status == OutboxStatus::kSent);
  CHECK(f.Claim() == "http://tg/a2");

  std::vector<OutboxEntry> entries;
  std::optional<int64_t> client;
  REQUIRE(f.store->FindClientId({"telegram", "main", "42"}, &client).ok());
  REQUIRE(f.store->ListOutbox(*client, &entries).ok());
  CHECK(entries[0].status == OutboxStatus::kSent);
  CHECK(entries[0].attempts == 2);
  CHECK(entries[0].last_error == "HTTP 502");
}

TEST_CASE("outbox dispatcher: with many entries backing off, a new one goes out at once and none overtakes") {
  Fixture f;
  constexpr int kClients = 300;  // more heads than one look reads
  auto url = [](int client, int n) { return "http://tg/c" + std::to_string(client) + "-" + std::to_string(n); };
  for (int i = 0; i < kClients; ++i) f.Queue("telegram", "c" + std::to_string(i), {url(i, 1), url(i, 2)});
  for (int i = 0; i < kClients; ++i) {
    f.answers.push_back([](const OutboundRequest&) { return adapters::testing::Json(502, "bad gateway"); });
  }
  for (int i = 0; i < kClients; ++i) {
    std::optional<OutboxEntry> head;
    REQUIRE(f.Claim(&head) == url(i, 1));
    REQUIRE(f.dispatcher.Deliver(*head).status == OutboxStatus::kQueued);
  }
  CHECK(f.Claim() == "none@500");  // every head backs off; the second entries wait behind them

  f.now += 100;
  f.Queue("telegram", "new", {"http://tg/n1"});
  std::optional<OutboxEntry> n1;
  CHECK(f.Claim(&n1) == "http://tg/n1");
  CHECK(f.dispatcher.Deliver(*n1).status == OutboxStatus::kSent);
  CHECK(f.Claim() == "none@400");

  f.now += 400;
  std::optional<OutboxEntry> e;
  while (f.Claim(&e) != "none@never") REQUIRE(f.dispatcher.Deliver(*e).status == OutboxStatus::kSent);
  // Each client's calls: the first entry, its retry, then the second entry.
  std::map<std::string, std::string> calls;
  for (const OutboundRequest& r : f.http.sent) {
    const std::string client = r.url.substr(0, r.url.rfind('-'));
    calls[client] += (calls[client].empty() ? "" : " ") + r.url.substr(r.url.rfind('-') + 1);
  }
  REQUIRE(calls.size() == kClients + 1);
  CHECK(calls["http://tg/n1"] == "http://tg/n1");
  for (int i = 0; i < kClients; ++i) CHECK(calls["http://tg/c" + std::to_string(i)] == "1 1 2");
}

TEST_CASE("outbox dispatcher: after a look found nothing due, the store is read again only when something changed") {
  Fixture f;
  f.Queue("telegram", "42", {"http://tg/a1", "http://tg/a2"});
  f.answers.push_back([](const OutboundRequest&) { return adapters::testing::Json(502, "bad gateway"); });
  std::optional<OutboxEntry> e;
  CHECK(f.Claim(&e) == "http://tg/a1");
  CHECK(f.dispatcher.Deliver(*e).status == OutboxStatus::kQueued);
  CHECK(f.Claim() == "none@500");

  // Written without telling the dispatcher: it does not read the store for it...
  f.QueueUnannounced("telegram", "43", {"http://tg/b1"});
  CHECK(f.Claim() == "none@500");
  f.now += 499;
  CHECK(f.Claim() == "none@1");
  SUBCASE("until it is told something was queued") {
    f.dispatcher.Queued();
    CHECK(f.Claim(&e) == "http://tg/b1");
  }
  SUBCASE("until the earliest entry it knows of is due") {
    f.now += 1;
    CHECK(f.Claim(&e) == "http://tg/b1");  // queued before a1's retry was due
    CHECK(f.Claim(&e) == "http://tg/a1");
  }
}

TEST_CASE("outbox dispatcher: with nothing to wait for, the store is read again a minute after the last read") {
  Fixture f;
  CHECK(f.Claim() == "none@never");
  f.QueueUnannounced("telegram", "42", {"http://tg/a1"});  // as an operator queues again by hand
  f.now += 59'999;
  CHECK(f.Claim() == "none@never");
  f.now += 1;
  CHECK(f.Claim() == "http://tg/a1");
}

TEST_CASE("outbox dispatcher: failures are kept with their error, and the next entry goes on") {
  Fixture f;
  SUBCASE("a permanent answer: given up at once") {
    f.Queue("telegram", "42", {"http://tg/a1", "http://tg/a2"});
    f.answers.push_back([](const OutboundRequest&) {
      return adapters::testing::Json(403, R"({"ok":false,"description":"Forbidden: bot was blocked by the user"})");
    });
    std::optional<OutboxEntry> a1;
    CHECK(f.Claim(&a1) == "http://tg/a1");
    const auto attempt = f.dispatcher.Deliver(*a1);
    CHECK(attempt.status == OutboxStatus::kFailed);
    CHECK(attempt.error == "HTTP 403: Forbidden: bot was blocked by the user");
    CHECK(f.Claim() == "http://tg/a2");
  }
  SUBCASE("transient answers until the last attempt") {
    f.Queue("telegram", "42", {"http://tg/a1", "http://tg/a2"});
    for (int i = 0; i < 3; ++i) {
      f.answers.push_back([](const OutboundRequest&) { return adapters::testing::Json(500, "oops"); });
    }
    std::optional<OutboxEntry> a1;
    for (int attempt = 1; attempt <= 3; ++attempt) {
      CAPTURE(attempt);
      f.now += 10000;
      REQUIRE(f.Claim(&a1) == "http://tg/a1");
      CHECK(f.dispatcher.Deliver(*a1).status == (attempt < 3 ? OutboxStatus::kQueued : OutboxStatus::kFailed));
    }
    CHECK(f.Claim() == "http://tg/a2");
  }
  SUBCASE("a request for an account no longer configured, and a malformed one") {
    f.Queue("wecom", "42", {"http://wecom/x"});
    storage::TurnWrite t;
    t.key = {"telegram", "main", "43"};
    t.answer_json = "{}";
    t.outbox = {{{"telegram", "main"}, "not json"}};
    REQUIRE(f.store->CommitTurn(t, nullptr).ok());
    std::optional<OutboxEntry> e;
    int64_t wake = 0;
    for (int i = 0; i < 2; ++i) {
      e = f.dispatcher.Claim(&wake);
      REQUIRE(e);
      const auto attempt = f.dispatcher.Deliver(*e);
      CHECK(attempt.status == OutboxStatus::kFailed);
      CHECK(attempt.error == (e->channel == "wecom" ? "channels.wecom.main is not configured"
                                                    : "outbox request: not a JSON object"));
    }
    CHECK(f.Claim() == "none@never");
  }
  CHECK(f.http.sent.size() <= 4);
}

TEST_CASE("outbox dispatcher: one token for the process, fetched once and added at delivery") {
  Fixture f;
  f.Queue("wechat", "o1", {"http://wx/cgi-bin/message/custom/send"});
  f.Queue("wechat", "o2", {"http://wx/cgi-bin/message/custom/send"});
  for (int i = 0; i < 2; ++i) {
    std::optional<OutboxEntry> e;
    REQUIRE(f.Claim(&e) == "http://wx/cgi-bin/message/custom/send");
    CHECK(f.dispatcher.Deliver(*e).status == OutboxStatus::kSent);
  }
  REQUIRE(f.http.sent.size() == 3);
  CHECK(f.http.sent[0].url.find("/cgi-bin/token?") != std::string::npos);
  CHECK(f.http.sent[1].url == "http://wx/cgi-bin/message/custom/send?access_token=T");
  CHECK(f.http.sent[2].url == "http://wx/cgi-bin/message/custom/send?access_token=T");
}

TEST_CASE("outbox: a request round-trips through its stored form, with no credential") {
  OutboundRequest r;
  r.method = "POST";
  r.url = "https://api.telegram.org/bot{token}/sendMessage";
  r.headers = {{"Content-Type", "application/json"}, {"X-Extra", "1"}};
  r.body = R"({"chat_id":42,"text":"你好 😀"})";
  r.auth = adapters::Auth::kUrlPathToken;
  const std::string stored = EncodeOutboundRequest(r);
  CHECK(stored.find("url_path_token") != std::string::npos);
  OutboundRequest back;
  REQUIRE(DecodeOutboundRequest(stored, &back).ok());
  CHECK(back.method == r.method);
  CHECK(back.url == r.url);
  CHECK(back.headers == r.headers);
  CHECK(back.body == r.body);
  CHECK(back.auth == r.auth);
  for (auto auth : {adapters::Auth::kNone, adapters::Auth::kAccessTokenQuery, adapters::Auth::kBearer,
                    adapters::Auth::kDingTalkHeader}) {
    r.auth = auth;
    REQUIRE(DecodeOutboundRequest(EncodeOutboundRequest(r), &back).ok());
    CHECK(back.auth == auth);
  }
  CHECK(DecodeOutboundRequest(R"({"method":"POST","url":"u","body":"","auth":"magic","headers":[]})", &back)
            .code() == Status::Code::kInvalidArgument);
  CHECK(DecodeOutboundRequest(R"({"method":"POST","url":"u","body":"","auth":"none","headers":[["a"]]})", &back)
            .code() == Status::Code::kInvalidArgument);
}

}  // namespace
}  // namespace careerbot::bot

namespace careerbot::bot {
namespace {

TEST_CASE("send rate: a token bucket of a second's worth of calls, refilled over time") {
  SendRate slow(20);  // DingTalk's 20 a minute: one call, then one every 3 s
  int64_t ready = 0;
  CHECK(slow.TryTake(0, &ready));
  CHECK_FALSE(slow.TryTake(0, &ready));
  CHECK(ready == 3000);
  CHECK_FALSE(slow.TryTake(2999, &ready));
  CHECK(slow.TryTake(3000, &ready));

  SendRate fast(1800);  // Telegram's 30 a second: a burst of 30
  int taken = 0;
  while (fast.TryTake(0, &ready)) ++taken;
  CHECK(taken == 30);
  CHECK(ready == 34);  // the next token after 1/30 s, rounded up
}

TEST_CASE("outbox dispatcher: an account over its send rate waits, other accounts go on") {
  Fixture f;
  OutboxDispatcher limited{*f.store, f.channels, f.webhooks, &f.http, &f.tokens,
                           OutboxPolicy{3, 1000, 8000, {{"telegram", 60}}}, [&f] { return f.now; },
                           [] { return 0.0; }};
  f.Queue("telegram", "42", {"http://tg/a1"});
  f.Queue("telegram", "43", {"http://tg/b1"});
  f.Queue("wechat", "o1", {"http://wx/c1"});
  auto claim = [&](std::optional<OutboxEntry>* out) {
    int64_t wake = 0;
    *out = limited.Claim(&wake);
    return *out ? f.UrlOf(**out) : "none@" + std::to_string(wake - f.now);
  };
  std::optional<OutboxEntry> e;
  CHECK(claim(&e) == "http://tg/a1");
  limited.Deliver(*e);
  CHECK(claim(&e) == "http://wx/c1");  // telegram/main has used its second's call
  limited.Deliver(*e);
  CHECK(claim(&e) == "none@1000");
  f.now += 999;
  CHECK(claim(&e) == "none@1");
  f.now += 1;
  CHECK(claim(&e) == "http://tg/b1");
}

}  // namespace
}  // namespace careerbot::bot

namespace careerbot::bot {
namespace {

std::string HeaderOf(const OutboundRequest& r, const std::string& name) {
  for (const auto& [n, v] : r.headers) {
    if (n == name) return v;
  }
  return "";
}

TEST_CASE("outbox dispatcher: a webhook receiver that is down holds back neither the client's replies nor others") {
  Fixture f;
  f.QueueEvents("telegram", "42", {"case.created", "complaint.filed"});
  f.Queue("telegram", "42", {"http://tg/a1", "http://tg/a2"});
  f.hook_status = 500;

  std::optional<OutboxEntry> hook, a1;
  CHECK(f.Claim(&hook) == "hook:case.created");
  CHECK(f.Claim(&a1) == "http://tg/a1");  // the same client, another destination: at once
  CHECK(f.Claim() == "none@never");       // complaint.filed waits for case.created
  const auto failed = f.dispatcher.Deliver(*hook);
  CHECK(failed.status == OutboxStatus::kQueued);
  CHECK(failed.error == "HTTP 500");
  CHECK(f.dispatcher.Deliver(*a1).status == OutboxStatus::kSent);
  std::optional<OutboxEntry> a2;
  CHECK(f.Claim(&a2) == "http://tg/a2");  // the replies go on while the receiver is down
  CHECK(f.dispatcher.Deliver(*a2).status == OutboxStatus::kSent);
  CHECK(f.Claim() == "none@500");  // the event is retried after its backoff, in order

  f.hook_status = 200;
  f.now += 500;
  CHECK(f.Claim(&hook) == "hook:case.created");
  CHECK(hook->attempts == 1);
  CHECK(f.dispatcher.Deliver(*hook).status == OutboxStatus::kSent);
  CHECK(f.Claim(&hook) == "hook:complaint.filed");
  CHECK(f.dispatcher.Deliver(*hook).status == OutboxStatus::kSent);
  CHECK(f.Claim() == "none@never");

  // The retry is the same event (webhook-id and body), signed for its own time.
  std::vector<OutboundRequest> hooks;
  for (const OutboundRequest& r : f.http.sent) {
    if (r.url == "http://hooks/ops") hooks.push_back(r);
  }
  REQUIRE(hooks.size() == 3);
  CHECK(HeaderOf(hooks[1], "webhook-id") == HeaderOf(hooks[0], "webhook-id"));
  CHECK(hooks[1].body == hooks[0].body);
  CHECK(HeaderOf(hooks[0], "webhook-timestamp") == "1000");
  CHECK(HeaderOf(hooks[1], "webhook-timestamp") == "1000");  // 1'000'500 ms: still second 1000
  CHECK(HeaderOf(hooks[2], "webhook-id") != HeaderOf(hooks[0], "webhook-id"));
  adapters::StandardWebhookKey key;
  REQUIRE(adapters::StandardWebhookKey::Parse(kHookSecret, &key).ok());
  for (const OutboundRequest& r : hooks) {
    CHECK(key.Verify(HeaderOf(r, "webhook-id"), HeaderOf(r, "webhook-timestamp"), HeaderOf(r, "webhook-signature"),
                     r.body, 1000, 300)
              .ok());
  }

  SUBCASE("and the reverse: failing replies do not hold back the events") {
    f.QueueEvents("telegram", "43", {"handoff.requested"});
    f.Queue("telegram", "43", {"http://tg/b1"});
    f.answers.push_back([](const OutboundRequest&) { return adapters::testing::Json(502, "bad gateway"); });
    std::optional<OutboxEntry> b1;
    CHECK(f.Claim(&hook) == "hook:handoff.requested");
    CHECK(f.Claim(&b1) == "http://tg/b1");
    CHECK(f.dispatcher.Deliver(*b1).status == OutboxStatus::kQueued);
    CHECK(f.dispatcher.Deliver(*hook).status == OutboxStatus::kSent);
  }
}

TEST_CASE("outbox dispatcher: a retry is signed at its own time") {
  Fixture f;
  f.QueueEvents("telegram", "42", {"distress.detected"});
  f.hook_status = 503;
  std::optional<OutboxEntry> hook;
  REQUIRE(f.Claim(&hook) == "hook:distress.detected");
  f.dispatcher.Deliver(*hook);
  f.now += 90'000;
  f.hook_status = 204;
  REQUIRE(f.Claim(&hook) == "hook:distress.detected");
  CHECK(f.dispatcher.Deliver(*hook).status == OutboxStatus::kSent);
  REQUIRE(f.http.sent.size() == 2);
  CHECK(HeaderOf(f.http.sent[0], "webhook-timestamp") == "1000");
  CHECK(HeaderOf(f.http.sent[1], "webhook-timestamp") == "1090");
  CHECK(HeaderOf(f.http.sent[1], "webhook-id") == HeaderOf(f.http.sent[0], "webhook-id"));
  CHECK(HeaderOf(f.http.sent[1], "webhook-signature") != HeaderOf(f.http.sent[0], "webhook-signature"));
}

TEST_CASE("outbox dispatcher: admin webhook deliveries in flight are limited, replies are not") {
  Fixture f;
  OutboxDispatcher limited{*f.store, f.channels, f.webhooks, &f.http, &f.tokens, OutboxPolicy{3, 1000, 8000, {}, 1},
                           [&f] { return f.now; }, [] { return 0.0; }};
  f.QueueEvents("telegram", "42", {"case.created"});
  f.QueueEvents("telegram", "43", {"case.created"});
  f.Queue("telegram", "44", {"http://tg/c1"});
  auto claim = [&](std::optional<OutboxEntry>* out) {
    int64_t wake = 0;
    *out = limited.Claim(&wake);
    return *out ? f.UrlOf(**out) : std::string("none");
  };
  std::optional<OutboxEntry> first, reply, second;
  CHECK(claim(&first) == "hook:case.created");
  CHECK(claim(&reply) == "http://tg/c1");  // the second event waits; the reply does not
  CHECK(claim(&second) == "none");
  limited.Deliver(*first);
  CHECK(claim(&second) == "hook:case.created");
  CHECK(second->client_id != first->client_id);

  SUBCASE("more events waiting than a look reads do not hide the replies behind them") {
    for (int i = 0; i < 300; ++i) f.QueueEvents("telegram", "c" + std::to_string(i), {"case.created"});
    f.now += 1;
    f.Queue("telegram", "44", {"http://tg/c2"});  // after every event in the order
    limited.Deliver(*reply);
    CHECK(claim(&reply) == "http://tg/c2");  // the second event is still in flight
    CHECK(claim(&first) == "none");
  }
}

}  // namespace
}  // namespace careerbot::bot
