// The client's own copy of their data against the real server: "导出我的信息" /
// "export my data" in the conversation gives a link, GET /x/{token} answers the
// document `careerbot export` gives, both are audited, the database keeps no
// token, and the link dies when the client's data is erased.
#include <doctest/doctest.h>

#include <fstream>

#include "tests/bot/admin_testing.h"
#include "tests/bot/api_client.h"
#include "tests/support/database_probe.h"

namespace careerbot::testing {
namespace {

// The reply that carries the link, or a null JSON.
nlohmann::json LinkReply(const ApiReply& reply) {
  for (const auto& r : reply.json.at("replies")) {
    if (r.contains("link")) return r;
  }
  return nullptr;
}

// The path of a link's address on the test server (the address names the listen
// address the server was configured with, port 0).
std::string PathOf(const std::string& url) { return url.substr(url.find("/x/")); }

nlohmann::json WithoutTime(nlohmann::json doc) {
  doc.erase("exported_at_ms");
  return doc;
}

TEST_CASE("export link: the client downloads everything kept about them, once erased nothing") {
  TempDir dir, scratch;
  const std::string db = dir.File("careerbot.db");
  ServerProcess server(dir.path());
  ApiConversation chat(server.port(), "export-me");

  // Before consent nothing is kept: no link, the same question again.
  REQUIRE(chat.Send("你好").status == 200);
  const ApiReply early = chat.Send("导出我的信息");
  REQUIRE(early.status == 200);
  CHECK(LinkReply(early).is_null());
  CHECK(early.texts().find("在你同意隐私告知之前，我们不会保存你的个人信息，所以现在没有可以导出的内容。") !=
        std::string::npos);
  CHECK(early.state() == "consent.notice");
  CHECK(QueryInt(db, "SELECT count(*) FROM personal_links") == 0);

  // Through the intake to the first item, one answer given.
  for (size_t i = 1; i < ApiConversation::IntakeMessages().size(); ++i) {
    REQUIRE(chat.Send(ApiConversation::IntakeMessages()[i]).status == 200);
  }
  const ApiReply answered = chat.Send("4");
  REQUIRE(answered.status == 200);
  const std::string state = answered.state();

  const ApiReply asked = chat.SendWithId("我要导出我的信息", "export-1");
  REQUIRE(asked.status == 200);
  CHECK(asked.state() == state);  // the client goes on where they were
  const nlohmann::json with_link = LinkReply(asked);
  REQUIRE(with_link.is_object());
  CHECK(with_link.at("text").get<std::string>().find("链接 24 小时内有效") != std::string::npos);
  CHECK(with_link.at("link").at("title") == "下载我的信息（JSON）");
  const std::string url = with_link.at("link").at("url");
  CHECK(url.rfind("http://127.0.0.1:0/x/", 0) == 0);
  const std::string token = url.substr(url.rfind('/') + 1);
  CHECK(token.size() == 43);
  // The item is asked again after the link.
  CHECK(asked.json.at("replies").back().at("text").get<std::string>().find("第 2/48 题") != std::string::npos);

  // The database keeps the token's hash, never the token (nor the link in the
  // answer kept for a redelivery, nor in the journal).
  CHECK_FALSE(FilesContain(db, token));
  CHECK(QueryInt(db, "SELECT count(*) FROM personal_links WHERE purpose = 'export' AND length(token_hash) = 64 "
                     "AND expires_at - issued_at = 24 * 3600 * 1000") == 1);
  const ApiReply redelivered = chat.SendWithId("我要导出我的信息", "export-1");
  REQUIRE(redelivered.status == 200);
  CHECK(LinkReply(redelivered).is_null());
  CHECK(redelivered.texts() == asked.texts());
  CHECK(QueryInt(db, "SELECT count(*) FROM personal_links") == 1);

  auto http = server.Client();
  auto got = http.Get(PathOf(url));
  REQUIRE(got);
  CHECK(got->status == 200);
  CHECK(got->get_header_value("Content-Type") == "application/json");
  CHECK(got->get_header_value("Content-Disposition") == "attachment; filename=\"careerbot-my-data.json\"");
  CHECK(got->get_header_value("Cache-Control") == "no-store");
  const nlohmann::json doc = nlohmann::json::parse(got->body);
  CHECK(doc.at("export") == "careerbot.client");
  CHECK(doc.at("profile").at("name") == "小明");
  REQUIRE(doc.at("answers").size() == 1);
  CHECK(doc.at("answers")[0].at("value") == 4);
  CHECK(doc.at("answers")[0].at("attempt") == 1);
  CHECK(doc.at("answers")[0].at("instrument") == QueryText(db, "SELECT instrument FROM assessment_answers"));
  CHECK(doc.at("answers")[0].at("item") == QueryText(db, "SELECT item FROM assessment_answers"));
  // The very document the operator's `careerbot export` gives.
  CommandResult cli = RunCommand({"export", "--client", "1", "--data-dir", dir.path()}, "", scratch.path());
  REQUIRE_MESSAGE(cli.exit_code == 0, cli.err);
  CHECK(WithoutTime(nlohmann::json::parse(cli.out)) == WithoutTime(doc));

  // Issuing and downloading are audited, without the token or personal data.
  CHECK(QueryInt(db, "SELECT count(*) FROM audit_log WHERE action = 'export_link.issue' AND client_id = 1 "
                     "AND staff_id IS NULL AND remote_addr = 'client' AND object = 'export_link'") == 1);
  CHECK(QueryInt(db, "SELECT count(*) FROM audit_log WHERE action = 'export_link.download' AND client_id = 1 "
                     "AND staff_id IS NULL AND remote_addr = 'client' AND object = 'export_link'") == 1);

  // Unknown and malformed tokens: 404 with the error JSON.
  for (const std::string& path : {"/x/" + std::string(43, 'A'), std::string("/x/short"), std::string("/x/")}) {
    CAPTURE(path);
    auto missing = http.Get(path);
    REQUIRE(missing);
    CHECK(missing->status == 404);
    CHECK(nlohmann::json::parse(missing->body).at("error").at("code") == "not_found");
  }

  // Erased: the link dies with the data.
  REQUIRE(chat.Send("删除我的信息").status == 200);
  REQUIRE(chat.Send("确定删除").status == 200);
  CHECK(QueryInt(db, "SELECT count(*) FROM personal_links") == 0);
  auto gone = http.Get(PathOf(url));
  REQUIRE(gone);
  CHECK(gone->status == 404);
  CHECK(nlohmann::json::parse(gone->body).at("error").at("code") == "not_found");
  CHECK(QueryInt(db, "SELECT count(*) FROM audit_log WHERE action = 'export_link.download'") == 1);
  // The whole log, read to its end once the server stopped, never shows the token.
  REQUIRE(server.Stop(SIGTERM) == 0);
  CHECK(server.Log().find(token) == std::string::npos);
}

TEST_CASE("export link: in English, at the configured lifetime; the notice names the configured retention") {
  TempDir dir;
  const std::string config = dir.File("careerbot.json");
  {
    std::ofstream out(config);
    out << R"({"privacy": {"export_link_ttl_hours": 2, "unfinished_retention_days": 7},
               "reports": {"public_base_url": "https://careers.example.org/"}})";
  }
  ServerProcess server(dir.path(), {"--config", config});
  ApiConversation chat(server.port(), "export-en");
  const ApiReply notice = chat.Post(R"({"user": "export-en", "id": "e1", "text": "hello", "lang": "en"})");
  REQUIRE(notice.status == 200);
  // The privacy notice names the configured retention.
  CHECK(notice.texts().find("• If you have not accepted the service agreement and send nothing for 7 days, your "
                            "personal information is deleted automatically.\n") != std::string::npos);
  REQUIRE(chat.Send("yes").status == 200);
  REQUIRE(chat.Send("Ming").status == 200);
  const ApiReply asked = chat.Send("export my data");
  REQUIRE(asked.status == 200);
  CHECK(asked.state() == "intake.field");
  const nlohmann::json with_link = LinkReply(asked);
  REQUIRE(with_link.is_object());
  CHECK(with_link.at("text").get<std::string>().find("The link works for 2 hours") != std::string::npos);
  CHECK(with_link.at("link").at("title") == "Download my information (JSON)");
  const std::string url = with_link.at("link").at("url");
  CHECK(url.rfind("https://careers.example.org/x/", 0) == 0);
  CHECK(QueryInt(dir.File("careerbot.db"), "SELECT count(*) FROM personal_links WHERE "
                                           "expires_at - issued_at = 2 * 3600 * 1000") == 1);
  auto got = server.Client().Get(PathOf(url));
  REQUIRE(got);
  CHECK(got->status == 200);
  CHECK(nlohmann::json::parse(got->body).at("profile").at("name") == "Ming");
}

}  // namespace
}  // namespace careerbot::testing
