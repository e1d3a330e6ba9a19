// The links to clients' copies of their data (bot/export_link.h) over the
// in-memory store: what a link opens, until when, and what it never opens.
#include <doctest/doctest.h>
#include <httplib.h>

#include <string>

#include "bot/config.h"
#include "bot/conversation_service.h"
#include "bot/export_link.h"
#include "bot/personal_link.h"
#include "bot/routes.h"
#include "dialog/dialog_engine.h"
#include "storage/memory_store.h"
#include "storage/store.h"
#include "tests/bot/admin_in_process.h"
#include "tests/support/knowledge_fixture.h"
#include "tests/support/serving_thread.h"

namespace careerbot::bot {
namespace {

int64_t NewClient(storage::Store& store, const std::string& user) {
  storage::TurnWrite t;
  t.key = {"api", "", user};
  t.received_at_ms = 1000;
  t.message_id = "m1";
  t.answer_json = R"({"replies":[]})";
  t.snapshot = {"intake.field", "{}"};
  int64_t id = 0;
  REQUIRE(store.CommitTurn(t, &id).ok());
  return id;
}

std::string TokenOf(const std::string& url) { return url.substr(url.rfind('/') + 1); }

TEST_CASE("export link: opens its client's copy until it expires, and nothing else") {
  std::unique_ptr<storage::Store> store = storage::NewMemoryStore();
  const int64_t client = NewClient(*store, "u1");
  const ExportLinkSettings settings{"https://careers.example.org", 2};
  const int64_t issued = 1'790'000'000'000;
  IssuedExportLink link;
  REQUIRE(IssueExportLink(*store, settings, client, issued, &link).ok());
  CHECK(link.url.rfind("https://careers.example.org/x/", 0) == 0);
  CHECK(link.expires_at_ms == issued + 2 * 3600 * 1000);
  const std::string token = TokenOf(link.url);
  CHECK(token.size() == 43);

  std::optional<int64_t> found;
  REQUIRE(FindExportLinkClient(*store, token, issued, &found).ok());
  CHECK(found == client);
  REQUIRE(FindExportLinkClient(*store, token, link.expires_at_ms - 1, &found).ok());
  CHECK(found == client);
  // Expired at its expiry, and after.
  REQUIRE(FindExportLinkClient(*store, token, link.expires_at_ms, &found).ok());
  CHECK(!found);
  REQUIRE(FindExportLinkClient(*store, token, link.expires_at_ms + 3600 * 1000, &found).ok());
  CHECK(!found);
  // Malformed or unknown tokens open nothing.
  for (const std::string& other : {std::string(""), token.substr(1), token + "A", std::string(43, '*'),
                                   std::string(43, 'A'), PersonalLinkHash(token)}) {
    CAPTURE(other);
    REQUIRE(FindExportLinkClient(*store, other, issued, &found).ok());
    CHECK(!found);
  }
  // Two links are two tokens.
  IssuedExportLink second;
  REQUIRE(IssueExportLink(*store, settings, client, issued, &second).ok());
  CHECK(TokenOf(second.url) != token);
  // An unknown client gets none.
  CHECK(IssueExportLink(*store, settings, client + 1, issued, &second).code() == Status::Code::kNotFound);
}

TEST_CASE("export link: settings from the configuration") {
  Config config;
  config.listen = "127.0.0.1:9000";
  CHECK(ExportLinkSettingsOf(config).public_base_url == "http://127.0.0.1:9000");
  CHECK(ExportLinkSettingsOf(config).ttl_hours == 24);
  config.reports.public_base_url = "https://careers.example.org";
  config.privacy.export_link_ttl_hours = 48;
  CHECK(ExportLinkSettingsOf(config).public_base_url == "https://careers.example.org");
  CHECK(ExportLinkSettingsOf(config).ttl_hours == 48);

  Config parsed;
  REQUIRE(ParseConfigJson(R"({"privacy": {"export_link_ttl_hours": 2}})", "t.json", &parsed).ok());
  CHECK(parsed.privacy.export_link_ttl_hours == 2);
  CHECK(ParseConfigJson(R"({"privacy": {"export_link_ttl_hours": 0}})", "t.json", &parsed).message() ==
        "t.json: privacy.export_link_ttl_hours: must be an integer from 1 to 720");
  CHECK(ParseConfigJson(R"({"privacy": {"export_link_ttl_hours": "24"}})", "t.json", &parsed).code() ==
        Status::Code::kInvalidArgument);
}

// GET /x/{token} served in this process with a fake clock: the link the
// conversation gave works until its expiry, then answers 404.
TEST_CASE("export link: the route honours the expiry, by the routes' clock") {
  std::unique_ptr<storage::Store> store = storage::NewMemoryStore();
  std::unique_ptr<dialog::DialogEngine> engine;
  REQUIRE(dialog::DialogEngine::Create(testing::ShippedKnowledge(), {}, &engine).ok());
  ConversationService conversations(*store, *engine);
  conversations.SetExportLinks({"http://careers.test", 1});
  testing::FakeClock clock;
  clock.now_ms = 1'790'000'000'000;
  Config config;
  RouteContext context{config, conversations, *store, nullptr, {}, nullptr, clock.Function(), {}};
  httplib::Server server;
  InstallExportLinkRoute(server, context);
  const int port = server.bind_to_any_port("127.0.0.1");
  REQUIRE(port > 0);
  testing::ServingThread serving(server);

  dialog::Inbound in;
  in.channel = "api";
  in.user = "u1";
  std::string url;
  for (const char* text : {"你好", "同意", "小明", "导出我的信息"}) {
    in.text = text;
    in.received_at_ms = clock.now_ms.load();
    dialog::TurnAnswer answer;
    REQUIRE(conversations.HandleTurn(in, &answer).ok());
    for (const auto& reply : answer.replies) {
      if (reply.link) url = reply.link->url;
    }
  }
  REQUIRE(url.rfind("http://careers.test/x/", 0) == 0);
  const std::string path = url.substr(url.find("/x/"));

  httplib::Client client("127.0.0.1", port);
  auto fresh = client.Get(path);
  REQUIRE(fresh);
  CHECK(fresh->status == 200);
  CHECK(nlohmann::json::parse(fresh->body).at("profile").at("name") == "小明");
  clock.now_ms += 3600 * 1000 - 1;
  auto last = client.Get(path);
  REQUIRE(last);
  CHECK(last->status == 200);
  clock.now_ms += 1;  // the hour is over
  auto expired = client.Get(path);
  REQUIRE(expired);
  CHECK(expired->status == 404);
  CHECK(nlohmann::json::parse(expired->body).at("error").at("code") == "not_found");
}

}  // namespace
}  // namespace careerbot::bot
