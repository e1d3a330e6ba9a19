// The real server under faults (issue 9, point 7): SIGTERM under load drains the
// turns in flight and loses none; a platform API that is down (503, or no answer
// at all) makes the outbox back off while the turns stay fast; a database that is
// locked by another connection, full, or read-only (its file moved away) answers
// 503 with the error JSON, keeps nothing of the refused turn, and serves the same
// message once the cause is gone.
#include <doctest/doctest.h>
#include <netinet/in.h>
#include <sqlite3.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/stat.h>

#include <atomic>
#include <cstdio>
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <thread>

#include "tests/bot/api_client.h"
#include "tests/support/channel_requests.h"
#include "tests/support/database_probe.h"
#include "tests/support/fault_checks.h"
#include "tests/support/fake_platform.h"
#include "tests/support/server_process.h"
#include "tests/support/temp_dir.h"

namespace careerbot::testing {
namespace {

int64_t Inbound(const std::string& db, const std::string& user, const std::string& message_id) {
  return QueryInt(db, "SELECT count(*) FROM messages m JOIN channel_identities i ON i.client_id = m.client_id "
                      "WHERE i.external_user = '" + user + "' AND m.direction = 'in' AND m.message_id = '" +
                      message_id + "'");
}

int64_t RepliesTo(const std::string& db, const std::string& user, const std::string& message_id) {
  return QueryInt(db, "SELECT count(*) FROM messages o JOIN messages m ON o.in_reply_to = m.id "
                      "JOIN channel_identities i ON i.client_id = m.client_id WHERE i.external_user = '" + user +
                      "' AND m.message_id = '" + message_id + "'");
}

TEST_CASE("faults: SIGTERM under load answers or drops each turn whole, and loses none that was answered") {
  TempDir dir;
  const std::string db = dir.File("careerbot.db");
  auto server = std::make_unique<ServerProcess>(dir.path());
  constexpr int kClients = 32;
  struct ClientRun {
    int answered = 0;           // m1 … m<answered> were answered 200
    bool sent_unanswered = false;  // m<answered + 1> was sent and got no answer
    int other_status = 0;       // a status other than 200, if one came
  };
  std::vector<ClientRun> runs(kClients);
  std::mutex mu;
  std::condition_variable cv;
  int total = 0;
  std::vector<std::thread> threads;
  for (int i = 0; i < kClients; ++i) {
    threads.emplace_back([&, i] {
      httplib::Client client("127.0.0.1", server->port());
      client.set_read_timeout(30, 0);
      const auto& intake = ApiConversation::IntakeMessages();
      for (int n = 0;; ++n) {
        const std::string text = n < static_cast<int>(intake.size()) ? intake[n] : "1";
        const nlohmann::json body = {{"user", "drain-" + std::to_string(i)}, {"id", "m" + std::to_string(n + 1)},
                                     {"text", text}};
        auto res = client.Post("/api/v1/messages", body.dump(), "application/json");
        std::lock_guard lock(mu);
        if (!res) {
          runs[i].sent_unanswered = true;
          return;
        }
        if (res->status != 200) {
          runs[i].other_status = res->status;
          return;
        }
        ++runs[i].answered;
        ++total;
        cv.notify_all();
      }
    });
  }
  {
    std::unique_lock lock(mu);
    REQUIRE(cv.wait_for(lock, std::chrono::seconds(60), [&] { return total >= 300; }));
  }
  const int exit_code = server->Stop(SIGTERM);
  for (auto& t : threads) t.join();
  CHECK(exit_code == 0);
  const std::string log = server->Log();
  CHECK(log.find("\"event\":\"stopping\"") != std::string::npos);
  CHECK(log.find("\"event\":\"stopped\"") != std::string::npos);

  for (int i = 0; i < kClients; ++i) {
    CAPTURE(i);
    const std::string user = "drain-" + std::to_string(i);
    CHECK(runs[i].other_status == 0);
    // Every answered turn is stored, with its replies.
    CHECK(QueryInt(db, "SELECT count(*) FROM messages m JOIN channel_identities i ON i.client_id = m.client_id "
                       "WHERE i.external_user = '" + user + "' AND m.direction = 'in'") >= runs[i].answered);
    CHECK(Inbound(db, user, "m" + std::to_string(runs[i].answered)) == (runs[i].answered > 0 ? 1 : 0));
    // The unanswered one is there whole (committed, its answer lost with the
    // connection) or not at all; nothing after it.
    const std::string next = "m" + std::to_string(runs[i].answered + 1);
    const int64_t stored = Inbound(db, user, next);
    CHECK(stored <= 1);
    if (stored == 1) CHECK(RepliesTo(db, user, next) >= 1);
    CHECK(Inbound(db, user, "m" + std::to_string(runs[i].answered + 2)) == 0);
  }
}

// A WeChat account whose every reply goes out through the outbox (reply budget 0),
// its API at `api_base`; the JSON channel beside it.
std::unique_ptr<ServerProcess> WeChatServer(const TempDir& dir, const std::string& api_base,
                                            const nlohmann::json& extra = nlohmann::json::object()) {
  nlohmann::json settings = {{"channels", {{"reply_budget_ms", 0}}}};
  settings.merge_patch(extra);
  return std::make_unique<ServerProcess>(
      dir.path(), std::vector<std::string>{
                      "--config", WriteChannelConfig(dir, {{"wechat", {{"main", WeChatEntry(api_base)}}}}, settings)});
}

void SendWeChat(ServerProcess& server, const std::string& openid, const std::string& msg_id, const std::string& text) {
  const int64_t now = NowSeconds();
  auto res = server.Client().Post("/wechat/main?" + WxQuery(now, "n" + msg_id), WxTextXml(openid, msg_id, text, now),
                                  "text/xml");
  REQUIRE(res);
  REQUIRE(res->status == 200);
}

// Plays JSON turns until `done()` holds (for at most 30 s); every one must be
// answered 200 within `max_s`. Returns how many were played.
int TurnsUntil(ServerProcess& server, const std::function<bool()>& done, double max_s) {
  int turns = 0;
  std::unique_ptr<ApiConversation> client;
  const auto started = std::chrono::steady_clock::now();
  while (!done() && SecondsSince(started) < 30) {
    // A new client every 50 turns: under the per-client burst of 100.
    if (turns % 50 == 0) client = std::make_unique<ApiConversation>(server.port(), "meanwhile-" + std::to_string(turns));
    const auto sent = std::chrono::steady_clock::now();
    const ApiReply reply = client->Send(turns % 50 < 20 ? ApiConversation::IntakeMessages()[turns % 50] : "帮助");
    REQUIRE(reply.status == 200);
    CHECK(SecondsSince(sent) < max_s);
    ++turns;
  }
  return turns;
}

TEST_CASE("faults: a platform API answering 503 makes the outbox back off, and the turns stay fast") {
  TempDir dir;
  FakePlatform platform;
  platform.SetHandler([](const FakePlatform::Call&, const std::vector<FakePlatform::Call>&) {
    return FakePlatform::Answer{503, "service unavailable"};
  });
  auto server = WeChatServer(dir, platform.base(), {{"outbox", {{"backoff_initial_ms", 50}, {"backoff_max_ms", 5000},
                                                                {"max_attempts", 20}}}});
  SendWeChat(*server, "o-down", "8200000000000000001", "你好");
  const int turns = TurnsUntil(*server, [&] { return platform.Calls().size() >= 5; }, 1.0);
  CHECK(turns >= 1);
  REQUIRE(platform.WaitFor([](const auto& calls) { return calls.size() >= 5; }));
  const auto calls = platform.Calls();
  // Backoff 50, 100, 200, 400 ms, each jittered to 50-100 %: the fourth wait is
  // longer than the first could be.
  CHECK(calls[4].at_ms - calls[3].at_ms > calls[1].at_ms - calls[0].at_ms);
  CHECK(calls[4].at_ms - calls[3].at_ms >= 200);
  const std::string db = dir.File("careerbot.db");
  CHECK(QueryText(db, "SELECT status FROM outbox") == "queued");
}

TEST_CASE("faults: a platform API that never answers makes the outbox time out and back off, and turns stay fast") {
  // A listening socket nobody accepts on: connections complete, requests go
  // unanswered.
  const int silent = ::socket(AF_INET, SOCK_STREAM, 0);
  REQUIRE(silent >= 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t len = sizeof addr;
  REQUIRE(::bind(silent, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0);
  REQUIRE(::listen(silent, 16) == 0);
  REQUIRE(::getsockname(silent, reinterpret_cast<sockaddr*>(&addr), &len) == 0);
  const std::string api_base = "http://127.0.0.1:" + std::to_string(ntohs(addr.sin_port));

  TempDir dir;
  const std::string db = dir.File("careerbot.db");
  auto server = WeChatServer(dir, api_base, {{"outbox", {{"http_timeout_s", 1}, {"backoff_initial_ms", 50}}}});
  SendWeChat(*server, "o-silent", "8300000000000000001", "你好");
  // Each attempt waits its whole timeout (1 s); the turns meanwhile do not.
  const int turns = TurnsUntil(
      *server, [&] { return QueryInt(db, "SELECT coalesce(max(attempts), 0) FROM outbox") >= 2; }, 1.0);
  CHECK(turns >= 2);
  CHECK(QueryInt(db, "SELECT coalesce(max(attempts), 0) FROM outbox") >= 2);
  CHECK(QueryText(db, "SELECT status FROM outbox") == "queued");
  server.reset();
  ::close(silent);
}

// The store's state of one client, to show a refused turn changed nothing.
std::string ClientState(const std::string& db) {
  return QueryText(db, "SELECT (SELECT count(*) FROM messages) || ' messages, state ' || "
                       "(SELECT state FROM sessions) || ', updated ' || (SELECT updated_at FROM sessions)");
}

TEST_CASE("faults: a database locked by another connection answers 503, keeps nothing, and recovers") {
  TempDir dir;
  const std::string db = dir.File("careerbot.db");
  ServerProcess server(dir.path());
  ApiConversation client(server.port(), "locked-out");
  REQUIRE(client.SendWithId("你好", "m1").status == 200);
  const std::string before = ClientState(db);
  {
    WriteLock lock(db);
    const ApiReply refused = client.SendWithId("同意", "m2");
    CHECK(refused.status == 503);
    CHECK(ErrorCode(refused.body) == "unavailable");
    CHECK(refused.json.at("error").at("message").get<std::string>().find("database") != std::string::npos);
    CHECK(ClientState(db) == before);
    CHECK(server.Client().Get("/healthz")->status == 200);  // reads go on
  }
  const ApiReply again = client.SendWithId("同意", "m2");
  CHECK(again.status == 200);
  CHECK(Inbound(db, "locked-out", "m2") == 1);
  CHECK(ClientState(db) != before);
}

TEST_CASE("faults: a full disk (the file-size limit reached) answers 503, keeps nothing, and recovers") {
  TempDir dir;
  const std::string db = dir.File("careerbot.db");
  ServerProcess server(dir.path());
  ApiConversation client(server.port(), "disk-full");
  REQUIRE(client.SendWithId("你好", "m1").status == 200);
  const std::string before = ClientState(db);
  struct stat wal {};
  REQUIRE(::stat((db + "-wal").c_str(), &wal) == 0);
  // The log cannot grow past its size now: the next commit's write fails (EFBIG).
  rlimit full{static_cast<rlim_t>(wal.st_size), RLIM_INFINITY};
  REQUIRE(::prlimit(server.pid(), RLIMIT_FSIZE, &full, nullptr) == 0);

  const ApiReply refused = client.SendWithId("同意", "m2");
  CHECK(refused.status == 503);
  CHECK(ErrorCode(refused.body) == "unavailable");
  CHECK(refused.json.at("error").at("message").get<std::string>().find("full") != std::string::npos);
  CHECK(ClientState(db) == before);

  rlimit room{RLIM_INFINITY, RLIM_INFINITY};
  REQUIRE(::prlimit(server.pid(), RLIMIT_FSIZE, &room, nullptr) == 0);
  const ApiReply again = client.SendWithId("同意", "m2");
  CHECK(again.status == 200);
  CHECK(Inbound(db, "disk-full", "m2") == 1);
  CHECK(RepliesTo(db, "disk-full", "m2") >= 1);
}

TEST_CASE("faults: a read-only database (its file moved away) answers 503, keeps nothing, and recovers when back") {
  TempDir dir;
  const std::string db = dir.File("careerbot.db");
  const std::string away = dir.File("moved.db");
  ServerProcess server(dir.path());
  ApiConversation client(server.port(), "read-only");
  REQUIRE(client.SendWithId("你好", "m1").status == 200);
  const std::string before = ClientState(db);
  // Tests run as root, whom file modes do not stop: a file moved away while the
  // server has it open is the read-only case (SQLITE_READONLY_DBMOVED), which the
  // store checks itself, since in WAL mode SQLite would go on writing.
  REQUIRE(std::rename(db.c_str(), away.c_str()) == 0);

  const ApiReply refused = client.SendWithId("同意", "m2");
  CHECK(refused.status == 503);
  CHECK(ErrorCode(refused.body) == "unavailable");
  const std::string message = refused.json.at("error").at("message").get<std::string>();
  CAPTURE(message);
  CHECK(message.find("read-only") != std::string::npos);
  CHECK(message.find("moved") != std::string::npos);

  // Back at its path (with its log beside it again): nothing of m2 was kept.
  REQUIRE(std::rename(away.c_str(), db.c_str()) == 0);
  CHECK(ClientState(db) == before);
  const ApiReply again = client.SendWithId("同意", "m2");
  CHECK(again.status == 200);
  CHECK(Inbound(db, "read-only", "m2") == 1);
  CHECK(RepliesTo(db, "read-only", "m2") >= 1);
  CHECK(ClientState(db) != before);
}

}  // namespace
}  // namespace careerbot::testing
