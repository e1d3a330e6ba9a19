// The website widget's routes on the real server: its files, its strings, signed
// visitors, CORS, rate limits, bad input (each refusal the error JSON, changing
// nothing), the history a reload shows, and a counsellor's words fetched while the
// visitor waits (GET updates).
#include <doctest/doctest.h>
#include <sys/stat.h>

#include <csignal>
#include <fstream>
#include <sstream>

#include "tests/bot/admin_testing.h"
#include "tests/support/database_probe.h"
#include "tests/support/server_process.h"
#include "tests/support/temp_dir.h"

namespace careerbot::testing {
namespace {

using nlohmann::json;

std::string WriteConfig(const TempDir& dir, const json& config) {
  const std::string path = dir.File("careerbot.json");
  std::ofstream(path) << config.dump();
  return path;
}

std::string ReadSource(const std::string& relative) {
  std::ifstream in(std::string(CAREERBOT_SOURCE_DIR) + "/" + relative, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

int64_t RowsWritten(const std::string& db) {
  return QueryInt(db, "SELECT (SELECT count(*) FROM clients) + (SELECT count(*) FROM messages) + "
                      "(SELECT count(*) FROM sessions)");
}

struct Reply {
  int status = 0;
  json body;
  httplib::Headers headers;
  std::string header(const std::string& name) const {
    auto it = headers.find(name);
    return it == headers.end() ? "" : it->second;
  }
};

// One visitor's browser, as far as the server can tell.
class Visitor {
 public:
  explicit Visitor(const ServerProcess& server) : client_(server.Client()) {}

  Reply NewVisitor(const httplib::Headers& headers = {}) {
    Reply r = Wrap(client_.Post("/widget/api/v1/visitors", headers, "{}", "application/json"));
    if (r.status == 200) token = r.body.at("visitor");
    return r;
  }
  Reply Send(const json& message, httplib::Headers headers = {}) {
    if (!token.empty()) headers.emplace("X-Careerbot-Visitor", token);
    return Wrap(client_.Post("/widget/api/v1/messages", headers, message.dump(), "application/json"));
  }
  Reply Raw(const std::string& body, const std::string& content_type, httplib::Headers headers = {}) {
    if (!token.empty()) headers.emplace("X-Careerbot-Visitor", token);
    return Wrap(client_.Post("/widget/api/v1/messages", headers, body, content_type.c_str()));
  }
  Reply History(httplib::Headers headers = {}) {
    if (!token.empty()) headers.emplace("X-Careerbot-Visitor", token);
    return Wrap(client_.Get("/widget/api/v1/history", headers));
  }
  Reply Updates(httplib::Headers headers = {}) {
    if (!token.empty()) headers.emplace("X-Careerbot-Visitor", token);
    return Wrap(client_.Get("/widget/api/v1/updates", headers));
  }
  Reply Get(const std::string& path, const httplib::Headers& headers = {}) { return Wrap(client_.Get(path.c_str(), headers)); }
  Reply Options(const std::string& path, const httplib::Headers& headers) {
    return Wrap(client_.Options(path.c_str(), headers));
  }

  std::string token;

 private:
  static Reply Wrap(const httplib::Result& res) {
    REQUIRE_MESSAGE(res, "no answer from the server");
    Reply r;
    r.status = res->status;
    r.headers = res->headers;
    r.body = json::parse(res->body, nullptr, false);
    if (r.body.is_discarded()) r.body = res->body;
    return r;
  }
  httplib::Client client_;
};

TEST_CASE("widget server: the files are embedded, typed and cached, the demo page embeds the script") {
  TempDir dir;
  ServerProcess server(dir.path());
  auto client = server.Client();
  auto js = client.Get("/widget/careerbot.js");
  REQUIRE(js);
  CHECK(js->status == 200);
  CHECK(js->get_header_value("Content-Type") == "text/javascript; charset=utf-8");
  CHECK(js->get_header_value("Cache-Control") == "public, max-age=300");
  CHECK(js->get_header_value("X-Content-Type-Options") == "nosniff");
  CHECK(js->body == ReadSource("adapters/widget/careerbot.js"));
  const std::string etag = js->get_header_value("ETag");
  CHECK(etag.size() == 34);
  auto again = client.Get("/widget/careerbot.js", {{"If-None-Match", etag}});
  REQUIRE(again);
  CHECK(again->status == 304);
  CHECK(again->body.empty());

  auto css = client.Get("/widget/careerbot.css");
  REQUIRE(css);
  CHECK(css->get_header_value("Content-Type") == "text/css; charset=utf-8");
  CHECK(css->body == ReadSource("adapters/widget/careerbot.css"));

  auto page = client.Get("/widget/");
  REQUIRE(page);
  CHECK(page->status == 200);
  CHECK(page->get_header_value("Content-Type") == "text/html; charset=utf-8");
  CHECK(page->body.find(R"(<script src="careerbot.js")") != std::string::npos);
  CHECK(page->get_header_value("Content-Security-Policy").find("script-src 'self'") != std::string::npos);
  auto bare = client.Get("/widget");
  REQUIRE(bare);
  CHECK(bare->status == 301);
  CHECK(bare->get_header_value("Location") == "/widget/");

  auto missing = client.Get("/widget/nothing.js");
  REQUIRE(missing);
  CHECK(missing->status == 404);
  CHECK(json::parse(missing->body).at("error").at("code") == "not_found");
}

TEST_CASE("widget server: the interface strings come from texts.json in both languages") {
  TempDir dir;
  ServerProcess server(dir.path());
  Visitor v(server);
  Reply r = v.Get("/widget/api/v1/strings");
  REQUIRE(r.status == 200);
  const json texts = json::parse(ReadSource("knowledge/data/texts.json"));
  for (const char* lang : {"zh", "en"}) {
    const json& table = r.body.at(lang);
    CHECK(table.size() == r.body.at("zh").size());
    for (const auto& [key, text] : table.items()) {
      CHECK(key.rfind("widget.", 0) == 0);
      CHECK(text == texts.at(key).at(lang));
    }
  }
  CHECK(r.body.at("en").at("widget.send") == texts.at("widget.send").at("en"));
  CHECK(r.body.at("zh").at("widget.progress").get<std::string>().find("{done}") != std::string::npos);
}

TEST_CASE("widget server: visitors are signed, a missing, altered or foreign token is 401 and changes nothing") {
  TempDir dir, other_dir;
  ServerProcess server(dir.path());
  const std::string db = dir.File("careerbot.db");
  Visitor v(server);
  REQUIRE(v.NewVisitor().status == 200);
  REQUIRE(v.Send({{"id", "m1"}, {"open", true}}).status == 200);
  const int64_t before = RowsWritten(db);
  const std::string good = v.token;

  SUBCASE("missing") { v.token.clear(); }
  SUBCASE("altered") { v.token = good.substr(0, good.size() - 1) + (good.back() == 'A' ? "B" : "A"); }
  SUBCASE("another visitor's id under this signature") {
    Visitor w(server);
    REQUIRE(w.NewVisitor().status == 200);
    v.token = w.token.substr(0, 26) + good.substr(26);
  }
  SUBCASE("signed by another server's key") {
    ServerProcess other(other_dir.path());
    Visitor w(other);
    REQUIRE(w.NewVisitor().status == 200);
    v.token = w.token;
  }
  Reply sent = v.Send({{"id", "m2"}, {"choice", "agree"}});
  CHECK(sent.status == 401);
  CHECK(sent.body.at("error").at("code") == "unauthenticated");
  CHECK(v.History().status == 401);
  CHECK(RowsWritten(db) == before);
  CHECK(QueryText(db, "SELECT state FROM sessions") == "consent.notice");
}

TEST_CASE("widget server: the generated key is kept 0600 and outlives a restart, a configured key is shared") {
  TempDir dir;
  std::string token;
  {
    ServerProcess server(dir.path());
    Visitor v(server);
    REQUIRE(v.NewVisitor().status == 200);
    token = v.token;
    REQUIRE(v.Send({{"id", "m1"}, {"open", true}}).status == 200);
  }
  struct stat st {};
  REQUIRE(stat(dir.File("widget.secret").c_str(), &st) == 0);
  CHECK((st.st_mode & 0777) == 0600);
  {
    ServerProcess server(dir.path());
    Visitor v(server);
    v.token = token;
    Reply history = v.History();
    CHECK(history.status == 200);
    CHECK(history.body.at("messages").size() >= 2);
  }
  TempDir a, b;
  const json shared = {{"widget", {{"secret", "a shared secret of two servers"}}}};
  ServerProcess first(a.path(), {"--config", WriteConfig(a, shared)});
  ServerProcess second(b.path(), {"--config", WriteConfig(b, shared)});
  Visitor on_first(first), on_second(second);
  REQUIRE(on_first.NewVisitor().status == 200);
  on_second.token = on_first.token;
  CHECK(on_second.History().status == 200);
  CHECK_FALSE(std::ifstream(a.File("widget.secret")).good());
}

TEST_CASE("widget server: CORS for the configured origins only") {
  TempDir dir;
  ServerProcess server(dir.path(), {"--config", WriteConfig(dir, {{"widget", {{"allowed_origins", {"https://shop.example"}}}}})});
  Visitor v(server);
  const std::string self = "http://127.0.0.1:" + std::to_string(server.port());

  SUBCASE("a preflight from an allowed origin") {
    Reply r = v.Options("/widget/api/v1/messages", {{"Origin", "https://shop.example"},
                                                    {"Access-Control-Request-Method", "POST"},
                                                    {"Access-Control-Request-Headers", "content-type,x-careerbot-visitor"}});
    CHECK(r.status == 204);
    CHECK(r.header("Access-Control-Allow-Origin") == "https://shop.example");
    CHECK(r.header("Access-Control-Allow-Methods").find("POST") != std::string::npos);
    CHECK(r.header("Access-Control-Allow-Headers") == "Content-Type, X-Careerbot-Visitor");
    CHECK(r.header("Vary") == "Origin");
  }
  SUBCASE("a preflight from another origin is 403") {
    Reply r = v.Options("/widget/api/v1/messages", {{"Origin", "https://evil.example"},
                                                    {"Access-Control-Request-Method", "POST"}});
    CHECK(r.status == 403);
    CHECK(r.body.at("error").at("code") == "permission_denied");
    CHECK(r.header("Access-Control-Allow-Origin").empty());
  }
  SUBCASE("requests of an allowed origin may read their answers") {
    Reply r = v.NewVisitor({{"Origin", "https://shop.example"}});
    CHECK(r.status == 200);
    CHECK(r.header("Access-Control-Allow-Origin") == "https://shop.example");
    CHECK(r.header("Access-Control-Expose-Headers") == "Retry-After");
    Reply sent = v.Send({{"id", "m1"}, {"open", true}}, {{"Origin", "https://shop.example"}});
    CHECK(sent.status == 200);
    CHECK(sent.header("Access-Control-Allow-Origin") == "https://shop.example");
  }
  SUBCASE("another origin is refused, and nothing is written") {
    REQUIRE(v.NewVisitor().status == 200);
    Reply sent = v.Send({{"id", "m1"}, {"open", true}}, {{"Origin", "https://evil.example"}});
    CHECK(sent.status == 403);
    CHECK(v.History({{"Origin", "https://evil.example"}}).status == 403);
    CHECK(v.Get("/widget/api/v1/strings", {{"Origin", "https://evil.example"}}).status == 403);
    CHECK(v.NewVisitor({{"Origin", "https://evil.example"}}).status == 403);
    CHECK(QueryInt(dir.File("careerbot.db"), "SELECT count(*) FROM messages") == 0);
  }
  SUBCASE("the server's own pages, and callers that are not browsers, need no CORS") {
    Reply r = v.NewVisitor({{"Origin", self}});
    CHECK(r.status == 200);
    CHECK(r.header("Access-Control-Allow-Origin").empty());
    CHECK(v.Send({{"id", "m1"}, {"open", true}}).status == 200);
  }
}

TEST_CASE("widget server: \"*\" lets any origin embed the widget") {
  TempDir dir;
  ServerProcess server(dir.path(), {"--config", WriteConfig(dir, {{"widget", {{"allowed_origins", {"*"}}}}})});
  Visitor v(server);
  Reply r = v.NewVisitor({{"Origin", "https://anywhere.example"}});
  CHECK(r.status == 200);
  CHECK(r.header("Access-Control-Allow-Origin") == "https://anywhere.example");
}

TEST_CASE("widget server: each visitor is rate limited (429 with Retry-After), and nothing is changed") {
  TempDir dir;
  ServerProcess server(dir.path(), {"--config", WriteConfig(dir, {{"widget", {{"rate_limit", {{"burst", 3},
      {"messages_per_minute", 1}, {"visitors_per_minute", 2}}}}}})});
  const std::string db = dir.File("careerbot.db");
  Visitor v(server);
  REQUIRE(v.NewVisitor().status == 200);
  REQUIRE(v.Send({{"id", "m1"}, {"open", true}}).status == 200);
  REQUIRE(v.Send({{"id", "m2"}, {"choice", "agree"}}).status == 200);
  REQUIRE(v.History().status == 200);
  const int64_t before = RowsWritten(db);
  Reply limited = v.Send({{"id", "m3"}, {"text", "小明"}});
  CHECK(limited.status == 429);
  CHECK(limited.body.at("error").at("code") == "rate_limited");
  CHECK(std::stoi(limited.header("Retry-After")) >= 1);
  CHECK(v.History().status == 429);
  CHECK(RowsWritten(db) == before);
  CHECK(QueryText(db, "SELECT state FROM sessions") == "intake.field");

  // Another visitor has a bucket of their own; new visitors per address are limited too.
  Visitor w(server);
  REQUIRE(w.NewVisitor().status == 200);
  CHECK(w.Send({{"id", "m1"}, {"open", true}}).status == 200);
  Reply third = Visitor(server).NewVisitor();
  CHECK(third.status == 429);
  CHECK(third.body.at("error").at("code") == "rate_limited");
}

TEST_CASE("widget server: bad input is the error JSON and changes nothing") {
  TempDir dir;
  ServerProcess server(dir.path());
  const std::string db = dir.File("careerbot.db");
  Visitor v(server);
  REQUIRE(v.NewVisitor().status == 200);
  REQUIRE(v.Send({{"id", "m1"}, {"open", true}}).status == 200);
  const int64_t before = RowsWritten(db);

  SUBCASE("not JSON") { CHECK(v.Raw("{\"id\": ", "application/json").status == 400); }
  SUBCASE("not JSON by its type") { CHECK(v.Raw(R"({"id":"m2","text":"同意"})", "text/plain").status == 400); }
  SUBCASE("no id") { CHECK(v.Send({{"text", "同意"}}).status == 400); }
  SUBCASE("text and choice at once") { CHECK(v.Send({{"id", "m2"}, {"text", "同意"}, {"choice", "agree"}}).status == 400); }
  SUBCASE("an unknown language") { CHECK(v.Send({{"id", "m2"}, {"text", "同意"}, {"lang", "fr"}}).status == 400); }
  SUBCASE("too long") {
    Reply r = v.Send({{"id", "m2"}, {"text", std::string(5000, 'x')}});
    CHECK(r.status == 400);
    CHECK(r.body.at("error").at("message").get<std::string>().find("\"text\"") != std::string::npos);
  }
  CHECK(RowsWritten(db) == before);
  CHECK(QueryText(db, "SELECT state FROM sessions") == "consent.notice");
}

TEST_CASE("widget server: a message id is answered once, the history shows the conversation again") {
  TempDir dir;
  ServerProcess server(dir.path());
  const std::string db = dir.File("careerbot.db");
  Visitor v(server);
  REQUIRE(v.NewVisitor().status == 200);
  Reply empty = v.History();
  REQUIRE(empty.status == 200);
  CHECK(empty.body.at("messages").empty());
  CHECK(empty.body.at("last").is_null());

  Reply opened = v.Send({{"id", "m1"}, {"open", true}});
  REQUIRE(opened.status == 200);
  CHECK(opened.body.at("state") == "consent.notice");
  CHECK(opened.body.at("lang") == "zh");
  Reply agreed = v.Send({{"id", "m2"}, {"choice", "agree"}});
  REQUIRE(agreed.status == 200);
  CHECK(agreed.body.at("state") == "intake.field");
  // The same id again: the same answer, no second turn.
  const int64_t turns = QueryInt(db, "SELECT count(*) FROM messages");
  Reply again = v.Send({{"id", "m2"}, {"choice", "agree"}});
  CHECK(again.body == agreed.body);
  CHECK(QueryInt(db, "SELECT count(*) FROM messages") == turns);
  REQUIRE(v.Send({{"id", "m3"}, {"text", "小明"}}).status == 200);
  Reply english = v.Send({{"id", "m4"}, {"text", "English"}});
  CHECK(english.body.at("lang") == "en");

  Reply history = v.History();
  REQUIRE(history.status == 200);
  std::vector<std::string> visitor_lines;
  for (const json& m : history.body.at("messages")) {
    if (m.at("from") == "visitor") visitor_lines.push_back(m.at("text"));
  }
  // The button is shown by its label; opening the chat shows nothing.
  CHECK(visitor_lines == std::vector<std::string>{"同意", "小明", "English"});
  // The first contact: the welcome, then the privacy notice with its two buttons.
  CHECK(history.body.at("messages").at(0).at("from") == "bot");
  CHECK_FALSE(history.body.at("messages").at(0).contains("choices"));
  CHECK(history.body.at("messages").at(1).at("from") == "bot");
  CHECK(history.body.at("messages").at(1).at("choices").size() == 2);
  json last = english.body;
  last.erase("lang");
  CHECK(history.body.at("last") == last);
  CHECK(history.body.at("lang") == "en");

  // Opening the chat again with a conversation kept reminds the visitor, in its language.
  Reply reopened = v.Send({{"id", "m5"}, {"open", true}});
  CHECK(reopened.status == 200);
  CHECK(reopened.body.at("state") == english.body.at("state"));
}

std::vector<std::string> ReplyTexts(const json& answer) {
  std::vector<std::string> out;
  for (const json& r : answer.at("replies")) out.push_back(r.at("text"));
  return out;
}

TEST_CASE("widget server: a counsellor's messages are fetched once while the visitor waits, and shown once") {
  TempDir dir;
  ServerProcess server(dir.path(), {"--config", WriteConfig(dir, {{"widget", {{"poll_interval_ms", 2500}}}})});
  const std::string db = dir.File("careerbot.db");
  const StaffToken wang = AddStaff(dir.path(), "王老师", "professional", "consultant");
  Visitor v(server);
  REQUIRE(v.NewVisitor().status == 200);

  // Without a conversation there is nothing to fetch, and nothing to poll for.
  Reply none = v.Updates();
  REQUIRE(none.status == 200);
  CHECK(none.body.at("replies").empty());
  CHECK_FALSE(none.body.contains("next_poll_ms"));
  CHECK(QueryInt(db, "SELECT count(*) FROM clients") == 0);

  Reply opened = v.Send({{"id", "m1"}, {"open", true}});
  REQUIRE(opened.status == 200);
  CHECK_FALSE(opened.body.contains("next_poll_ms"));
  REQUIRE(v.Send({{"id", "m2"}, {"choice", "agree"}}).status == 200);
  Reply asked = v.Send({{"id", "m3"}, {"text", "人工"}});
  REQUIRE(asked.status == 200);
  // Waiting for a counsellor: the widget is told to poll.
  CHECK(asked.body.at("next_poll_ms") == 2500);
  Reply waiting = v.Updates();
  CHECK(waiting.body.at("replies").empty());
  CHECK(waiting.body.at("state") == asked.body.at("state"));
  CHECK(waiting.body.at("next_poll_ms") == 2500);

  const std::string base = "/admin/api/v1/handoffs/1";
  REQUIRE(AdminRequest(server.port(), "POST", base + "/take", wang.token).status == 200);
  Reply joined = v.Updates();
  CHECK(ReplyTexts(joined.body) ==
        std::vector<std::string>{"咨询师王老师已加入对话。接下来你写的内容会直接发给咨询师，机器人暂不回复。"});
  CHECK(joined.body.at("state") == "handoff.counselling");
  REQUIRE(AdminRequest(server.port(), "POST", base + "/messages", wang.token, R"({"text":"你好，我是王老师。"})").status == 200);
  REQUIRE(AdminRequest(server.port(), "POST", base + "/messages", wang.token, R"({"text":"你想转到哪个行业？"})").status == 200);

  // Refusals change nothing: the messages are still held.
  const std::string snapshot = QueryText(db, "SELECT context FROM sessions");
  const int64_t rows = RowsWritten(db);
  Visitor stranger(server);
  CHECK(stranger.Updates().status == 401);
  stranger.token = v.token.substr(0, v.token.size() - 1) + (v.token.back() == 'A' ? "B" : "A");
  Reply forged = stranger.Updates();
  CHECK(forged.status == 401);
  CHECK(forged.body.at("error").at("code") == "unauthenticated");
  Reply foreign = v.Updates({{"Origin", "https://evil.example"}});
  CHECK(foreign.status == 403);
  CHECK(foreign.body.at("error").at("code") == "permission_denied");
  CHECK(QueryText(db, "SELECT context FROM sessions") == snapshot);
  CHECK(RowsWritten(db) == rows);

  Reply fetched = v.Updates();
  REQUIRE(fetched.status == 200);
  CHECK(ReplyTexts(fetched.body) ==
        std::vector<std::string>{"【咨询师王老师】你好，我是王老师。", "【咨询师王老师】你想转到哪个行业？"});
  CHECK(fetched.body.at("state") == "handoff.counselling");
  CHECK(fetched.body.at("next_poll_ms") == 2500);
  CHECK(fetched.header("Cache-Control") == "no-store");
  // Taken: neither a second fetch nor the visitor's next answer repeats them, and
  // fetching wrote no journal row (they were journaled when the counsellor wrote).
  CHECK(RowsWritten(db) == rows);
  CHECK(v.Updates().body.at("replies").empty());
  Reply next = v.Send({{"id", "m4"}, {"text", "想做数据分析"}});
  REQUIRE(next.status == 200);
  CHECK(next.body.at("replies").empty());

  Reply history = v.History();
  REQUIRE(history.status == 200);
  std::vector<std::string> lines;
  for (const json& m : history.body.at("messages")) {
    const std::string text = m.at("text");
    if (m.at("from") == "visitor" || text.rfind("【咨询师", 0) == 0 || text.rfind("咨询师", 0) == 0) {
      lines.push_back(m.at("from").get<std::string>() + ": " + text);
    }
  }
  CHECK(lines == std::vector<std::string>{
                     "visitor: 同意", "visitor: 人工",
                     "bot: 咨询师王老师已加入对话。接下来你写的内容会直接发给咨询师，机器人暂不回复。",
                     "bot: 【咨询师王老师】你好，我是王老师。", "bot: 【咨询师王老师】你想转到哪个行业？",
                     "visitor: 想做数据分析"});
  CHECK(history.body.at("next_poll_ms") == 2500);

  // The counsellor leaves: the fetch brings the goodbye and says to stop polling.
  REQUIRE(AdminRequest(server.port(), "POST", base + "/end", wang.token).status == 200);
  Reply ended = v.Updates();
  REQUIRE(ended.status == 200);
  REQUIRE_FALSE(ended.body.at("replies").empty());
  CHECK(ended.body.at("replies").at(0).at("text") == "咨询师已结束本次交流。我们从刚才的地方继续。");
  CHECK(ended.body.at("state") != "handoff.counselling");
  CHECK_FALSE(ended.body.contains("next_poll_ms"));
  CHECK_FALSE(v.History().body.contains("next_poll_ms"));

  // Nothing either side wrote, nor the visitor's token, is in the server's log.
  REQUIRE(server.Stop(SIGTERM) == 0);
  const std::string log = server.Log();
  for (const std::string& secret : {std::string("你想转到哪个行业"), std::string("想做数据分析"), v.token}) {
    CHECK_MESSAGE(log.find(secret) == std::string::npos, secret);
  }
}

TEST_CASE("widget server: polling spends neither the messages' rate limit nor the turn counters") {
  TempDir dir;
  ServerProcess server(dir.path(), {"--config", WriteConfig(dir, {{"widget", {{"rate_limit", {{"burst", 2},
      {"messages_per_minute", 1}}}}}})});
  Visitor v(server);
  REQUIRE(v.NewVisitor().status == 200);
  REQUIRE(v.Send({{"id", "m1"}, {"open", true}}).status == 200);
  REQUIRE(v.Send({{"id", "m2"}, {"choice", "agree"}}).status == 200);
  CHECK(v.Send({{"id", "m3"}, {"text", "人工"}}).status == 429);  // the messages' budget is spent
  for (int i = 0; i < 10; ++i) CHECK(v.Updates().status == 200);

  auto metrics = server.Client().Get("/metrics");
  REQUIRE(metrics);
  CHECK(metrics->body.find("careerbot_turns_total{channel=\"widget\",outcome=\"ok\"} 2\n") != std::string::npos);
  CHECK(metrics->body.find("careerbot_held_fetches_total{channel=\"widget\"} 10\n") != std::string::npos);
}

}  // namespace
}  // namespace careerbot::testing
