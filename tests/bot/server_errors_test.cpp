// Every error answer of the JSON channel, each leaving the database as it was, and
// the server's shutdown on SIGTERM / SIGINT.
#include <doctest/doctest.h>

#include <atomic>
#include <fstream>
#include <set>

#include "adapters/standard_webhooks.h"
#include "tests/bot/api_client.h"
#include "tests/support/database_probe.h"
#include "tests/support/server_process.h"
#include "tests/support/temp_dir.h"

namespace careerbot::testing {
namespace {

const char kSecret[] = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";

std::string WriteConfig(const TempDir& dir, const std::string& json) {
  const std::string path = dir.File("careerbot.json");
  std::ofstream(path) << json;
  return path;
}

// Rows a turn would add to; an error must leave all of them unchanged.
int64_t RowsWritten(const std::string& db) {
  return QueryInt(db, "SELECT (SELECT count(*) FROM clients) + (SELECT count(*) FROM messages) + "
                      "(SELECT count(*) FROM sessions) + (SELECT count(*) FROM consents)");
}

int64_t NowSeconds() {
  return std::chrono::duration_cast<std::chrono::seconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

TEST_CASE("server: bad requests get the error JSON and change nothing") {
  TempDir dir;
  ServerProcess server(dir.path(), {"--config", WriteConfig(dir, R"({"http": {"max_body_bytes": 1024}})")});
  const std::string db = dir.File("careerbot.db");
  ApiConversation chat(server.port(), "client-bad");
  chat.Send("你好");  // one committed turn, so "unchanged" means something
  const int64_t before = RowsWritten(db);

  SUBCASE("malformed JSON is 400") {
    ApiReply r = chat.Post(R"({"user": "client-bad", "text": )");
    CHECK(r.status == 400);
    CHECK(r.json.at("error").at("code") == "invalid_argument");
  }
  SUBCASE("a missing user is 400 naming the field") {
    ApiReply r = chat.Post(R"({"text": "同意"})");
    CHECK(r.status == 400);
    CHECK(r.json.at("error").at("code") == "invalid_argument");
    CHECK(r.json.at("error").at("message").get<std::string>().find("\"user\"") != std::string::npos);
  }
  SUBCASE("a body over the configured limit is 413") {
    ApiReply r = chat.Post(nlohmann::json{{"user", "client-bad"}, {"text", std::string(2000, 'x')}}.dump());
    CHECK(r.status == 413);
    CHECK(r.json.at("error").at("code") == "too_large");
  }
  SUBCASE("a body that is not JSON by its Content-Type is 400") {
    auto res = server.Client().Post("/api/v1/messages", R"({"user":"client-bad","text":"同意"})", "text/plain");
    REQUIRE(res);
    CHECK(res->status == 400);
  }
  SUBCASE("an unknown route is 404") {
    auto res = server.Client().Get("/api/v1/nothing");
    REQUIRE(res);
    CHECK(res->status == 404);
    CHECK(nlohmann::json::parse(res->body).at("error").at("code") == "not_found");
  }
  CHECK(RowsWritten(db) == before);
  CHECK(QueryText(db, "SELECT state FROM sessions") == "consent.notice");
}

TEST_CASE("server: with a secret, requests must carry a valid Standard Webhooks signature") {
  TempDir dir;
  ServerProcess server(dir.path(),
                       {"--config", WriteConfig(dir, std::string(R"({"channels": {"api": {"secret": ")") +
                                                         kSecret + R"("}}})")});
  const std::string db = dir.File("careerbot.db");
  ApiConversation chat(server.port(), "client-signed");
  adapters::StandardWebhookKey key;
  REQUIRE(adapters::StandardWebhookKey::Parse(kSecret, &key).ok());
  const std::string body = R"({"user": "client-signed", "id": "s1", "text": "你好"})";
  auto headers = [&](const std::string& id, int64_t ts, const std::string& signature) {
    return httplib::Headers{{"webhook-id", id},
                            {"webhook-timestamp", std::to_string(ts)},
                            {"webhook-signature", signature}};
  };

  SUBCASE("unsigned, wrongly signed or stale requests are 401 and change nothing") {
    const int64_t now = NowSeconds();
    ApiReply unsigned_reply = chat.Post(body);
    CHECK(unsigned_reply.status == 401);
    CHECK(unsigned_reply.json.at("error").at("code") == "unauthenticated");
    CHECK(chat.Post(body, headers("msg-1", now, key.Sign("msg-1", now, body + " "))).status == 401);
    CHECK(chat.Post(body, headers("msg-1", now, key.Sign("msg-2", now, body))).status == 401);
    CHECK(chat.Post(body, headers("msg-1", now - 301, key.Sign("msg-1", now - 301, body))).status == 401);
    CHECK(chat.Post(body, headers("msg-1", now + 301, key.Sign("msg-1", now + 301, body))).status == 401);
    CHECK(RowsWritten(db) == 0);
  }
  SUBCASE("a correctly signed request is served, also among rotated signatures") {
    const int64_t now = NowSeconds();
    const std::string signatures = "v1,bm90IGl0 " + key.Sign("msg-1", now, body);
    ApiReply r = chat.Post(body, headers("msg-1", now, signatures));
    CHECK(r.status == 200);
    CHECK(r.state() == "consent.notice");
  }
}

TEST_CASE("server: SIGTERM and SIGINT stop it with exit code 0") {
  TempDir dir;
  SUBCASE("SIGTERM") {
    ServerProcess server(dir.path());
    CHECK(server.Stop(SIGTERM) == 0);
    CHECK(server.Log().find("\"event\":\"stopped\"") != std::string::npos);
  }
  SUBCASE("SIGINT") {
    ServerProcess server(dir.path());
    CHECK(server.Stop(SIGINT) == 0);
  }
}

TEST_CASE("server: SIGTERM under load loses no answered turn") {
  TempDir dir;
  ServerProcess server(dir.path());
  const std::string db = dir.File("careerbot.db");
  std::atomic<int> answered{0};
  std::mutex mutex;
  std::set<std::string> answered_ids;
  std::vector<std::thread> clients;
  for (int c = 0; c < 4; ++c) {
    clients.emplace_back([&, c] {
      httplib::Client client("127.0.0.1", server.port());
      const std::string user = "load-" + std::to_string(c);
      for (int i = 0; i < 2000; ++i) {
        std::string id = "t";
        id += std::to_string(i);
        const std::string body = nlohmann::json{{"user", user}, {"id", id}, {"text", "帮助"}}.dump();
        auto res = client.Post("/api/v1/messages", body, "application/json");
        if (!res) return;  // the server has stopped
        if (res->status != 200) return;
        std::lock_guard<std::mutex> lock(mutex);
        answered_ids.insert(user + "/" + id);
        ++answered;
      }
    });
  }
  // Stop once the load is really running: after a number of answered turns.
  while (answered.load() < 40) std::this_thread::yield();
  CHECK(server.Stop(SIGTERM) == 0);
  for (auto& t : clients) t.join();
  CHECK(answered.load() >= 40);
  for (const auto& key : answered_ids) {
    const std::string user = key.substr(0, key.find('/')), id = key.substr(key.find('/') + 1);
    CHECK_MESSAGE(QueryInt(db, "SELECT count(*) FROM messages m JOIN channel_identities c ON "
                               "c.client_id = m.client_id WHERE m.direction = 'in' AND c.external_user = '" +
                                   user + "' AND m.message_id = '" + id + "'") == 1,
                  key);
  }
}

TEST_CASE("server: a bad configuration stops start-up and names the field") {
  TempDir dir;
  SUBCASE("check-config names an out-of-range field") {
    auto r = RunCommand({"check-config", WriteConfig(dir, R"({"http": {"max_body_bytes": 12}})")}, "", dir.path());
    CHECK(r.exit_code == 1);
    CHECK(r.err == "careerbot: " + dir.File("careerbot.json") +
                       ": http.max_body_bytes: must be an integer from 1024 to 67108864\n");
  }
  SUBCASE("check-config names an unknown key") {
    auto r = RunCommand({"check-config", WriteConfig(dir, R"({"http": {"max_body_byte": 2048}})")}, "", dir.path());
    CHECK(r.exit_code == 1);
    CHECK(r.err == "careerbot: " + dir.File("careerbot.json") + ": http.max_body_byte: unknown key\n");
  }
  SUBCASE("check-config accepts the documented example") {
    auto r = RunCommand({"check-config", std::string(CAREERBOT_SOURCE_DIR) + "/config/careerbot.json"}, "",
                        dir.path());
    CHECK(r.exit_code == 0);
    CHECK(r.out.rfind("configuration OK", 0) == 0);
  }
  SUBCASE("a broken data file stops start-up and names the file and the key") {
    namespace fs = std::filesystem;
    const std::string knowledge = dir.File("knowledge");
    fs::copy(CAREERBOT_KNOWLEDGE_DIR, knowledge, fs::copy_options::recursive);
    auto texts = nlohmann::json::parse(std::ifstream(knowledge + "/texts.json"));
    texts.at("welcome").erase("en");
    std::ofstream(knowledge + "/texts.json") << texts.dump();
    auto r = RunCommand({"serve", "--config",
                         WriteConfig(dir, R"({"knowledge_dir": ")" + knowledge + R"("})"), "--data-dir",
                         dir.path()},
                        "", dir.path());
    CHECK(r.exit_code == 1);
    const auto log = nlohmann::json::parse(r.err.substr(0, r.err.find('\n')));
    CHECK(log.at("event") == "startup_failed");
    CHECK(log.at("error") == knowledge + "/texts.json: text \"welcome\": missing the \"en\" text");
  }
  SUBCASE("serve refuses to start") {
    auto r = RunCommand({"serve", "--config", WriteConfig(dir, R"({"listen": "nowhere"})"), "--data-dir",
                         dir.path()},
                        "", dir.path());
    CHECK(r.exit_code == 1);
    CHECK(r.err.find("listen: must be HOST:PORT") != std::string::npos);
  }
}

TEST_CASE("chat: the same conversation in the terminal") {
  TempDir dir;
  std::string input;
  for (size_t i = 1; i < ApiConversation::IntakeMessages().size(); ++i) input += ApiConversation::IntakeMessages()[i] + "\n";
  input += "很喜欢\n";
  auto r = RunCommand({"chat", "--data-dir", dir.path()}, input, dir.path());
  CHECK(r.exit_code == 0);
  CHECK(r.out.find("你同意吗？\n  1. 同意\n  2. 不同意\n") != std::string::npos);
  CHECK(r.out.find("小明，你今年多大？") != std::string::npos);
  CHECK(r.out.find("第 1/48 题：在发货前检验零部件的质量\n  1. 不喜欢\n") != std::string::npos);
  CHECK(r.out.find("第 2/48 题：研究人体的结构") != std::string::npos);
  SUBCASE("and a second session continues where the first stopped") {
    auto again = RunCommand({"chat", "--data-dir", dir.path()}, "", dir.path());
    CHECK(again.exit_code == 0);
    CHECK(again.out.rfind("欢迎回来！我们从上次停下的地方继续。\n\n第 2/48 题：研究人体的结构", 0) == 0);
  }
}

}  // namespace
}  // namespace careerbot::testing
