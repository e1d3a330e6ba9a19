// TokenCache with a fake clock, and Sender with a fake HTTP client: caching,
// refresh before expiry, invalidation, one fetch for many threads.
#include "adapters/token_cache.h"

#include <doctest/doctest.h>

#include <atomic>
#include <chrono>
#include <thread>
#include <vector>

#include "adapters/sender.h"
#include "adapters/wechat.h"
#include "tests/adapters/channel_testing.h"

namespace careerbot::adapters {
namespace {

struct FakeClock {
  std::atomic<int64_t> now_ms{1'700'000'000'000};
  TokenCache::Clock fn() {
    return [this] { return now_ms.load(); };
  }
};

TEST_CASE("TokenCache: holds a token until the margin before it expires") {
  FakeClock clock;
  TokenCache cache(clock.fn(), /*margin_s=*/300);
  int fetches = 0;
  auto fetch = [&](std::string* t, int64_t* expires_in_s) {
    *t = "token-" + std::to_string(++fetches);
    *expires_in_s = 7200;
    return Status::Ok();
  };
  std::string t;
  REQUIRE(cache.Get("wechat:wx1", fetch, &t).ok());
  CHECK(t == "token-1");
  CHECK(*cache.Peek("wechat:wx1") == "token-1");

  clock.now_ms += (7200 - 300 - 1) * 1000LL;  // one second before the margin
  REQUIRE(cache.Get("wechat:wx1", fetch, &t).ok());
  CHECK(t == "token-1");
  CHECK(fetches == 1);

  clock.now_ms += 1000;  // at the margin: refreshed early, before the platform expires it
  CHECK(!cache.Peek("wechat:wx1"));
  REQUIRE(cache.Get("wechat:wx1", fetch, &t).ok());
  CHECK(t == "token-2");

  // Keys are separate.
  REQUIRE(cache.Get("feishu:cli_1", fetch, &t).ok());
  CHECK(t == "token-3");
}

TEST_CASE("TokenCache: invalidation, short lifetimes, failures") {
  FakeClock clock;
  TokenCache cache(clock.fn(), 300);
  int fetches = 0;
  int64_t lifetime = 7200;
  Status next = Status::Ok();
  auto fetch = [&](std::string* t, int64_t* expires_in_s) {
    if (!next.ok()) return next;
    *t = "token-" + std::to_string(++fetches);
    *expires_in_s = lifetime;
    return Status::Ok();
  };
  std::string t;
  REQUIRE(cache.Get("k", fetch, &t).ok());
  SUBCASE("invalidated: the next Get fetches") {
    cache.Invalidate("k", "token-1");
    REQUIRE(cache.Get("k", fetch, &t).ok());
    CHECK(t == "token-2");
    // An old token refused late does not throw away the new one.
    cache.Invalidate("k", "token-1");
    CHECK(*cache.Peek("k") == "token-2");
  }
  SUBCASE("a token shorter-lived than twice the margin is used for half its life") {
    cache.Invalidate("k", "token-1");
    lifetime = 400;
    REQUIRE(cache.Get("k", fetch, &t).ok());
    clock.now_ms += 199 * 1000;
    CHECK(cache.Peek("k"));
    clock.now_ms += 1000;
    CHECK(!cache.Peek("k"));
  }
  SUBCASE("a failed fetch is returned and not cached") {
    cache.Invalidate("k", "token-1");
    next = Status::Unavailable("down");
    CHECK(cache.Get("k", fetch, &t).code() == Status::Code::kUnavailable);
    next = Status::Ok();
    REQUIRE(cache.Get("k", fetch, &t).ok());
    CHECK(t == "token-2");
  }
}

TEST_CASE("TokenCache: many threads, one fetch") {
  // Every caller reads the clock when it looks at the (expired) cached token, before
  // it would fetch or wait for a fetch. The fetch returns only once all 8 callers
  // have looked (9 reads: the fetching thread looks twice), so without one fetch per
  // key at a time every caller would be fetching by then.
  constexpr int kThreads = 8;
  std::atomic<int64_t> now{1'700'000'000'000};
  std::atomic<int> clock_reads{0};
  TokenCache cache(
      [&] {
        ++clock_reads;
        return now.load();
      },
      300);
  std::string seeded;
  REQUIRE(cache.Get("k", [](std::string* t, int64_t* expires_in_s) {
    *t = "old";
    *expires_in_s = 7200;
    return Status::Ok();
  }, &seeded).ok());
  now += 7200 * 1000LL;  // "old" has expired
  clock_reads = 0;

  std::atomic<int> fetches{0};
  std::atomic<bool> all_looked{true};
  auto fetch = [&](std::string* t, int64_t* expires_in_s) {
    ++fetches;
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
    while (clock_reads.load() < kThreads + 1) {
      if (std::chrono::steady_clock::now() > deadline) {
        all_looked = false;
        break;
      }
      std::this_thread::yield();
    }
    *t = "shared";
    *expires_in_s = 7200;
    return Status::Ok();
  };
  std::vector<std::thread> threads;
  std::atomic<int> ok{0};
  for (int i = 0; i < kThreads; ++i) {
    threads.emplace_back([&] {
      std::string t;
      if (cache.Get("k", fetch, &t).ok() && t == "shared") ++ok;
    });
  }
  for (auto& th : threads) th.join();
  CHECK(all_looked);
  CHECK(ok == kThreads);
  CHECK(fetches == 1);
}

TEST_CASE("Sender: fetches the token, sends, refreshes once when it is refused") {
  WeChatConfig config;
  config.token = "spamtest";
  config.app_id = "wx1";
  config.app_secret = "sec";
  config.api_base = "http://127.0.0.1:9";
  std::unique_ptr<WeChatChannel> ch;
  REQUIRE(WeChatChannel::Create("main", config, testing::FixedRandom("x"), &ch).ok());
  FakeClock clock;
  TokenCache cache(clock.fn());
  int issued = 0;
  std::string valid = "none";
  testing::FakeHttpClient http([&](const OutboundRequest& r) {
    if (r.url.find("/cgi-bin/token?") != std::string::npos) {
      valid = "T";  // appended, not "T" + …: a GCC 12 -Warray-bounds false positive at -O2
      valid += std::to_string(++issued);
      return testing::Json(200, R"({"access_token":")" + valid + R"(","expires_in":7200})");
    }
    const bool ok = r.url.ends_with("access_token=" + valid);
    return testing::Json(200, ok ? R"({"errcode":0,"errmsg":"ok"})" : R"({"errcode":40001,"errmsg":"invalid credential"})");
  });
  Sender sender(*ch, &http, &cache);
  OutboundRequest msg;
  msg.url = "http://127.0.0.1:9/cgi-bin/message/custom/send";
  msg.body = "{}";
  msg.auth = Auth::kAccessTokenQuery;

  CHECK(sender.Deliver(msg).kind == ApiOutcome::Kind::kOk);
  CHECK(sender.Deliver(msg).kind == ApiOutcome::Kind::kOk);
  CHECK(issued == 1);  // cached
  REQUIRE(http.sent.size() == 3);
  CHECK(http.sent[1].url == "http://127.0.0.1:9/cgi-bin/message/custom/send?access_token=T1");
  CHECK(msg.url.find("access_token") == std::string::npos);  // the stored request keeps no secret

  SUBCASE("the platform invalidated the token (another instance refreshed): one refresh, one resend") {
    valid = "elsewhere";
    http.sent.clear();
    const ApiOutcome o = sender.Deliver(msg);
    CHECK(o.kind == ApiOutcome::Kind::kOk);
    CHECK(issued == 2);
    REQUIRE(http.sent.size() == 3);  // refused, token, resent
    CHECK(http.sent[2].url.ends_with("access_token=T2"));
  }
  SUBCASE("refused credentials are permanent") {
    cache.Invalidate(ch->token_key(), "T1");
    testing::FakeHttpClient refusing([](const OutboundRequest&) {
      return testing::Json(200, R"({"errcode":40125,"errmsg":"invalid appsecret"})");
    });
    Sender s2(*ch, &refusing, &cache);
    const ApiOutcome o = s2.Deliver(msg);
    CHECK(o.kind == ApiOutcome::Kind::kPermanent);
    CHECK(o.error == "access token: token endpoint: errcode 40125: invalid appsecret");
  }
  SUBCASE("no answer from the token endpoint: retry later") {
    cache.Invalidate(ch->token_key(), "T1");
    testing::FakeHttpClient down([](const OutboundRequest&) { return HttpResponse{}; });
    Sender s2(*ch, &down, &cache);
    CHECK(s2.Deliver(msg).kind == ApiOutcome::Kind::kRetry);
  }
}

}  // namespace
}  // namespace careerbot::adapters
