// Nothing lost (issue 8): the server is killed with SIGKILL again and again while
// many clients talk to it; every turn that got an answer is in the journal exactly
// once, and a message sent again after a crash (answered or not) never runs twice.
#include <doctest/doctest.h>

#include <atomic>
#include <condition_variable>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "tests/bot/api_client.h"
#include "tests/support/database_probe.h"
#include "tests/support/server_process.h"
#include "tests/support/temp_dir.h"

namespace careerbot::testing {
namespace {

constexpr int kClients = 12;
constexpr int kCrashes = 3;

// One client's messages: the intake, then answers to the assessment's items.
std::string MessageText(int j) {
  const auto& intake = ApiConversation::IntakeMessages();
  return j < static_cast<int>(intake.size()) ? intake[j] : std::to_string(1 + j % 5);
}

struct Client {
  std::string user;
  int next = 0;                       // the index of the next message to send
  std::map<int, std::string> answers;  // message index → the answer's body
};

// Counts answered turns across threads; the test thread waits on it.
struct Progress {
  std::mutex mu;
  std::condition_variable cv;
  int answered = 0;
  void Add() {
    std::lock_guard<std::mutex> lock(mu);
    ++answered;
    cv.notify_all();
  }
  void WaitFor(int n) {
    std::unique_lock<std::mutex> lock(mu);
    cv.wait(lock, [&] { return answered >= n; });
  }
};

// Sends the client's messages in order, one at a time, until the server stops
// answering. A message without an answer is sent again (same id) next time.
void Talk(int port, Client* client, Progress* progress) {
  httplib::Client http("127.0.0.1", port);
  http.set_read_timeout(30, 0);
  for (;;) {
    const std::string id = "m" + std::to_string(client->next);
    const nlohmann::json body = {{"user", client->user}, {"id", id}, {"text", MessageText(client->next)}};
    auto res = http.Post("/api/v1/messages", body.dump(), "application/json");
    if (!res || res->status != 200) return;
    client->answers[client->next] = res->body;
    ++client->next;
    progress->Add();
  }
}

TEST_CASE("crash: SIGKILL under load loses no answered turn and runs none twice") {
  TempDir dir;
  const std::string db = dir.File("careerbot.db");
  std::vector<Client> clients(kClients);
  for (int i = 0; i < kClients; ++i) clients[i].user = "crash-" + std::to_string(i);

  Progress progress;
  for (int crash = 1; crash <= kCrashes; ++crash) {
    ServerProcess server(dir.path());
    std::vector<std::thread> threads;
    for (Client& c : clients) threads.emplace_back(Talk, server.port(), &c, &progress);
    progress.WaitFor(crash * 150);
    server.Kill();  // wherever it is: between turns, in a commit, mid-answer
    for (auto& t : threads) t.join();
  }

  ServerProcess server(dir.path());
  int answered = 0;
  for (Client& c : clients) {
    CAPTURE(c.user);
    // Every answered message is in the journal exactly once, with the answer given.
    for (const auto& [j, body] : c.answers) {
      CAPTURE(j);
      const std::string where = "FROM messages m JOIN channel_identities i ON i.client_id = m.client_id "
                                "WHERE i.external_user = '" + c.user + "' AND m.direction = 'in' AND m.message_id = 'm" +
                                std::to_string(j) + "'";
      CHECK(QueryInt(db, "SELECT count(*) " + where) == 1);
      CHECK(nlohmann::json::parse(QueryDecrypted(db, "messages.answer_json", "SELECT m.answer_json " + where)) ==
            nlohmann::json::parse(body));
      ++answered;
    }
    // Nothing beyond what was sent: at most the one message in flight at the crash.
    const int64_t stored = QueryInt(db, "SELECT count(*) FROM messages m JOIN channel_identities i ON "
                                        "i.client_id = m.client_id WHERE i.external_user = '" + c.user +
                                        "' AND m.direction = 'in'");
    CHECK(stored >= static_cast<int64_t>(c.answers.size()));
    CHECK(stored <= static_cast<int64_t>(c.answers.size()) + 1);
    // Sent again after the crashes, an answered message gets the same answer,
    // and the conversation does not move.
    if (!c.answers.empty()) {
      ApiConversation again(server.port(), c.user);
      const auto& [last, body] = *c.answers.rbegin();
      ApiReply reply = again.SendWithId(MessageText(last), "m" + std::to_string(last));
      CHECK(reply.json == nlohmann::json::parse(body));
    }
  }
  CHECK(answered >= kCrashes * 150);
  // And the clients go on where they were.
  for (Client& c : clients) {
    const nlohmann::json body = {{"user", c.user}, {"id", "m" + std::to_string(c.next)}, {"text", MessageText(c.next)}};
    auto res = server.Client().Post("/api/v1/messages", body.dump(), "application/json");
    REQUIRE(res);
    CHECK(res->status == 200);
  }
}

}  // namespace
}  // namespace careerbot::testing
