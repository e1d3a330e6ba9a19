// Encryption at rest against the real binary (issue 8, point 3): a whole
// conversation over the JSON channel leaves none of the client's personal
// strings in the database file or its write-ahead log while the admin API shows
// them; a wrong, missing or malformed key stops start-up with a clear message;
// rotate-key re-encrypts while the server takes traffic.
#include <doctest/doctest.h>

#include <atomic>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <memory>
#include <sstream>
#include <thread>

#include "bot/backup_lock.h"
#include "storage/field_cipher.h"
#include "storage/keyring.h"
#include "tests/bot/admin_testing.h"
#include "tests/bot/api_client.h"
#include "tests/support/database_probe.h"
#include "tests/support/server_process.h"
#include "tests/support/temp_dir.h"

namespace careerbot::testing {
namespace {

const std::string kName = "欧阳修远";
const std::string kComplaint = "顾问把我的简历转给了陌生的公司";
const std::string kContact = "ouyang.xiuyuan@example.cn";
const std::string kComment = "希望多讲讲古生物学方向的出路";

// Consent, a complaint, the needs survey under kName, the 48 items, and feedback.
void PlayConversation(ApiConversation& chat) {
  REQUIRE(chat.Send("你好").status == 200);
  REQUIRE(chat.Send("投诉").status == 200);
  REQUIRE(chat.Send("个人信息与隐私").status == 200);
  REQUIRE(chat.Send(kComplaint).status == 200);
  CHECK(chat.Send(kContact).texts().find("你的投诉已受理，编号 C-") != std::string::npos);
  std::vector<std::string> intake = ApiConversation::IntakeMessages();
  intake[2] = kName;
  for (size_t i = 1; i < intake.size(); ++i) REQUIRE(chat.Send(intake[i]).status == 200);
  ApiReply last;
  for (int i = 0; i < 48; ++i) last = chat.Send(i % 2 ? "4" : "2");
  REQUIRE(last.state() == "feedback.rating");
  REQUIRE(chat.Send("5").status == 200);
  REQUIRE(chat.Send("达成了").status == 200);
  CHECK(chat.Send(kComment).state() == "closed");
}

// The "error" of the server's startup_failed log line.
std::string StartupError(const CommandResult& r) {
  std::istringstream lines(r.err);
  for (std::string line; std::getline(lines, line);) {
    const nlohmann::json entry = nlohmann::json::parse(line, nullptr, false);
    if (!entry.is_discarded() && entry.value("event", "") == "startup_failed") return entry.at("error");
  }
  return "(no startup_failed line) " + r.err;
}

CommandResult Serve(const std::string& data_dir, const TempDir& scratch) {
  return RunCommand({"serve", "--listen", "127.0.0.1:0", "--data-dir", data_dir}, "", scratch.path());
}

void WriteText(const std::string& path, const std::string& text) { std::ofstream(path) << text; }

TEST_CASE("encryption: the raw files hold none of the client's personal strings; the admin API shows them") {
  TempDir dir;
  const std::string db = dir.File("careerbot.db");
  ServerProcess server(dir.path());
  CHECK(server.Log().find("\"event\":\"data_key_created\"") != std::string::npos);
  ApiConversation chat(server.port(), "client-private");
  PlayConversation(chat);

  // While the server runs: the file and its write-ahead log, as a copy would show them.
  for (const std::string& personal : {kName, kComplaint, kContact, kComment, std::string("上海")}) {
    CHECK_MESSAGE(!FilesContain(db, personal), personal);
  }
  CHECK(QueryInt(db, "SELECT count(*) FROM client_profile WHERE value LIKE 'enc1:k1:%'") ==
        QueryInt(db, "SELECT count(*) FROM client_profile"));
  CHECK(std::filesystem::exists(db + "-wal"));

  const StaffToken pro = AddStaff(dir.path(), "李老师", "professional", "consultant");
  AdminReply one = AdminGet(server.port(), "/admin/api/v1/cases/1", pro.token);
  REQUIRE(one.status == 200);
  CHECK(one.json.at("profile").at("name") == kName);
  CHECK(one.json.at("complaints").at(0).at("description") == kComplaint);
  CHECK(one.json.at("complaints").at(0).at("contact") == kContact);
  CHECK(one.json.at("feedback").at(0).at("comment") == kComment);
  CHECK(one.json.at("needs_surveys").at(0).at("survey").at("target_city") == "上海");

  CHECK(server.Stop(SIGTERM) == 0);
  for (const std::string& personal : {kName, kComplaint, kContact, kComment}) {
    CHECK_MESSAGE(!FilesContain(db, personal), personal);
  }
  // The key file: owner only.
  CHECK((std::filesystem::status(dir.File("data.key")).permissions() & std::filesystem::perms::all) ==
        (std::filesystem::perms::owner_read | std::filesystem::perms::owner_write));
}

TEST_CASE("encryption: a wrong, missing or malformed key stops start-up with a clear message") {
  TempDir dir, scratch;
  {
    ServerProcess server(dir.path());
    ApiConversation chat(server.port(), "client-key");
    REQUIRE(chat.Send("你好").status == 200);
    REQUIRE(chat.Send("同意").status == 200);
  }
  const std::string key_file = dir.File("data.key");
  std::string original;
  {
    std::ifstream in(key_file);
    std::stringstream text;
    text << in.rdbuf();
    original = text.str();
  }

  SUBCASE("another key under the same id") {
    WriteText(key_file, "k1:" + storage::EncodeBase64(std::string(32, 'x')) + "\n");
    CommandResult r = Serve(dir.path(), scratch);
    CHECK(r.exit_code == 1);
    CHECK(StartupError(r) == "the data key 'k1' of the key file " + key_file +
                                 " does not decrypt this database: it is not the key the database was "
                                 "encrypted with");
  }
  SUBCASE("a key file without the database's key") {
    WriteText(key_file, "k7:" + storage::EncodeBase64(std::string(32, 'x')) + "\n");
    CommandResult r = Serve(dir.path(), scratch);
    CHECK(r.exit_code == 1);
    CHECK(StartupError(r) ==
          "the database is encrypted with the data key 'k1', which is not in the key file " + key_file);
  }
  SUBCASE("no key file: none is made up") {
    std::filesystem::remove(key_file);
    CommandResult r = Serve(dir.path(), scratch);
    CHECK(r.exit_code == 1);
    CHECK(StartupError(r) == "the database is encrypted with the data key 'k1', but no key is configured: "
                             "CAREERBOT_DATA_KEY and storage.key_file are unset and " +
                                 key_file + " is missing");
    CHECK_FALSE(std::filesystem::exists(key_file));
  }
  SUBCASE("a key file of a bad shape") {
    WriteText(key_file, "k1:" + storage::EncodeBase64("sixteen bytes!!!") + "\n");
    CommandResult r = Serve(dir.path(), scratch);
    CHECK(r.exit_code == 1);
    CHECK(StartupError(r) == "the key file " + key_file + ": entry 1: the key of 'k1' is 16 bytes, not 32");
  }
  SUBCASE("storage.key_file names a file that is not there") {
    WriteText(scratch.File("c.json"), R"({"storage": {"key_file": ")" + scratch.File("none.key") + R"("}})");
    CommandResult r = RunCommand({"serve", "--config", scratch.File("c.json"), "--listen", "127.0.0.1:0",
                                  "--data-dir", dir.path()},
                                 "", scratch.path());
    CHECK(r.exit_code == 1);
    CHECK(StartupError(r) == "the key file " + scratch.File("none.key") + " does not exist or cannot be read");
  }
  SUBCASE("the key in CAREERBOT_DATA_KEY") {
    const std::string key_line = original.substr(original.find("\nk1:") + 1);
    setenv("CAREERBOT_DATA_KEY", key_line.substr(0, key_line.find('\n')).c_str(), 1);
    std::filesystem::remove(key_file);
    {
      ServerProcess server(dir.path());
      ApiConversation chat(server.port(), "client-key");
      CHECK(chat.Send("帮助").status == 200);
    }
    setenv("CAREERBOT_DATA_KEY", storage::EncodeBase64(std::string(32, 'x')).c_str(), 1);
    CommandResult r = Serve(dir.path(), scratch);
    unsetenv("CAREERBOT_DATA_KEY");
    CHECK(r.exit_code == 1);
    CHECK(StartupError(r) ==
          "the database is encrypted with the data key 'k1', which is not in CAREERBOT_DATA_KEY");
  }
}

TEST_CASE("encryption: rotate-key while the server takes traffic; the same conversations after") {
  TempDir dir, scratch;
  const std::string db = dir.File("careerbot.db");
  {
    // The traffic is one client as fast as it is answered, for the seconds the
    // rotation takes: the per-client rate limit (100 at once, then 10 a second)
    // would answer it 429, which is not what this test is about.
    std::ofstream config(dir.File("careerbot.json"));
    config << R"({"channels": {"api": {"per_client_per_minute": 0}}})";
  }
  ServerProcess server(dir.path(), {"--config", dir.File("careerbot.json")});
  ApiConversation chat(server.port(), "client-rotate");
  chat.ThroughIntake();
  for (int i = 0; i < 5; ++i) REQUIRE(chat.SendWithId("3", "item-" + std::to_string(i)).status == 200);

  std::atomic<bool> stop{false};
  std::atomic<int> answered{0}, failed{0};
  std::thread traffic([&] {
    std::unique_ptr<ApiConversation> other;
    for (int n = 0; !stop; ++n) {
      // A new client every 50 turns: under the per-client burst of 100, which a
      // rotation that takes a few seconds would otherwise exceed (429).
      if (n % 50 == 0) other = std::make_unique<ApiConversation>(server.port(), "client-traffic-" + std::to_string(n));
      const int status = other->Send(n % 2 ? "帮助" : "你好").status;
      (status == 200 ? answered : failed) += 1;
    }
  });
  CommandResult rotated = RunCommand({"rotate-key", "--data-dir", dir.path()}, "", scratch.path());
  const int during = answered.load();
  // A few turns after the rotation, sealed with the key the server now holds.
  while (answered < during + 5 && failed == 0) std::this_thread::yield();
  stop = true;
  traffic.join();
  REQUIRE_MESSAGE(rotated.exit_code == 0, rotated.err);
  CHECK(rotated.out.rfind("added the data key 'k2' to " + dir.File("data.key") + " as the current key\n", 0) == 0);
  CHECK(rotated.out.find("values under the data key 'k2'") != std::string::npos);
  CHECK(failed == 0);

  // The same conversation goes on, and an old message id is still a duplicate.
  ApiReply next = chat.SendWithId("4", "item-5");
  CHECK(next.json.at("replies").back().at("text") == "第 7/48 题：砌砖或铺瓷砖");
  CHECK(chat.SendWithId("3", "item-4").json.at("progress") == nlohmann::json::parse(R"({"done":5,"total":48})"));
  CHECK(server.Stop(SIGTERM) == 0);

  CHECK_FALSE(FilesContain(db, "enc1:k1:"));
  CHECK(QueryInt(db, "SELECT count(*) FROM messages WHERE text LIKE 'enc1:k2:%'") > 0);
  // The old key is no longer needed: the server starts and serves with k2 alone.
  std::shared_ptr<storage::Keyring> keyring;
  REQUIRE(storage::Keyring::FromFile(dir.File("data.key"), &keyring).ok());
  const std::vector<storage::DataKey> keys = keyring->Keys();
  REQUIRE(keys.size() == 2);
  CHECK(keys[0].id == "k2");
  REQUIRE(storage::WriteKeyFile(dir.File("data.key"), {keys[0]}).ok());
  ServerProcess again(dir.path());
  ApiConversation resumed(again.port(), "client-rotate");
  CHECK(resumed.SendWithId("4", "item-5").json.at("progress") == nlohmann::json::parse(R"({"done":6,"total":48})"));
  CommandResult verified = RunCommand({"verify-backup", db, "--data-dir", dir.path()}, "", scratch.path());
  CHECK_MESSAGE(verified.exit_code == 0, verified.err);
  CHECK(verified.out.find("\ndecryptable: ") != std::string::npos);
  CHECK(verified.out.find("under 'k2' (data key 'k2' checked)") != std::string::npos);
}

TEST_CASE("encryption: rotate-key with nothing serving re-encrypts every value; a chat holds the data directory") {
  TempDir dir, scratch;
  const std::string db = dir.File("careerbot.db");
  {
    ServerProcess server(dir.path());
    ApiConversation chat(server.port(), "client-offline");
    REQUIRE(chat.Send("你好").status == 200);
    REQUIRE(chat.Send("同意").status == 200);
    CHECK(server.Stop(SIGTERM) == 0);
  }
  REQUIRE(QueryInt(db, "SELECT count(*) FROM messages WHERE text LIKE 'enc1:k1:%'") == 5);
  // No server and no chat holds the data directory: no process can seal with k1
  // any more, and the one pass leaves nothing under it.
  CommandResult rotated = RunCommand({"rotate-key", "--data-dir", dir.path()}, "", scratch.path());
  REQUIRE_MESSAGE(rotated.exit_code == 0, rotated.err);
  CHECK(rotated.out.rfind("added the data key 'k2' to " + dir.File("data.key") + " as the current key\n", 0) == 0);
  CHECK_FALSE(FilesContain(db, "enc1:k1:"));
  CHECK(QueryInt(db, "SELECT count(*) FROM messages WHERE text LIKE 'enc1:k2:%'") == 5);

  // A chat takes the data directory's lock as a server does: not while a restore holds it.
  bot::DataDirLock restoring;
  REQUIRE(restoring.Acquire(dir.path(), bot::DataDirLock::Mode::kExclusive).ok());
  CommandResult chat = RunCommand({"chat", "--data-dir", dir.path()}, "你好\n", scratch.path());
  CHECK(chat.exit_code == 1);
  CHECK(chat.err == "careerbot: " + dir.File("careerbot.lock") +
                        " is locked: a restore is replacing the database; start again after it\n");
}

TEST_CASE("encryption: rotate-key with the keys in CAREERBOT_DATA_KEY, and its usage errors") {
  TempDir dir, scratch;
  const std::string db = dir.File("careerbot.db");
  const std::string old_key = storage::EncodeBase64(std::string(32, 'o'));
  setenv("CAREERBOT_DATA_KEY", old_key.c_str(), 1);
  {
    ServerProcess server(dir.path());
    ApiConversation chat(server.port(), "client-env");
    REQUIRE(chat.Send("你好").status == 200);
    REQUIRE(chat.Send("同意").status == 200);
  }
  CHECK_FALSE(std::filesystem::exists(dir.File("data.key")));
  CHECK(QueryInt(db, "SELECT count(*) FROM messages WHERE text LIKE 'enc1:env:%'") == 5);

  // First run: the variable cannot be changed from here; the new value is printed.
  CommandResult first = RunCommand({"rotate-key", "--data-dir", dir.path()}, "", scratch.path());
  REQUIRE_MESSAGE(first.exit_code == 0, first.err);
  const std::string marker = "   CAREERBOT_DATA_KEY=";
  const size_t at = first.out.find(marker);
  REQUIRE(at != std::string::npos);
  const std::string value = first.out.substr(at + marker.size(), first.out.find('\n', at) - at - marker.size());
  CHECK(value.rfind("k1:", 0) == 0);
  CHECK(value.substr(value.size() - old_key.size() - 5) == ",env:" + old_key);
  CHECK(QueryInt(db, "SELECT count(*) FROM messages WHERE text LIKE 'enc1:env:%'") == 5);  // nothing yet

  // Second run, with the new value: everything under k1.
  setenv("CAREERBOT_DATA_KEY", value.c_str(), 1);
  CommandResult second = RunCommand({"rotate-key", "--data-dir", dir.path()}, "", scratch.path());
  unsetenv("CAREERBOT_DATA_KEY");
  REQUIRE_MESSAGE(second.exit_code == 0, second.err);
  CHECK(second.out.rfind("re-encrypted ", 0) == 0);
  CHECK(second.out.find(" values under the data key 'k1'; ") != std::string::npos);
  CHECK_FALSE(FilesContain(db, "enc1:env:"));
  CHECK(QueryInt(db, "SELECT count(*) FROM messages WHERE text LIKE 'enc1:k1:%'") == 5);

  CommandResult extra = RunCommand({"rotate-key", "now", "--data-dir", dir.path()}, "", scratch.path());
  CHECK(extra.exit_code == 2);
  CHECK(extra.err == "careerbot: rotate-key takes no arguments (see careerbot --help)\n");
  CommandResult unknown = RunCommand({"rotate-key", "--key", "x"}, "", scratch.path());
  CHECK(unknown.exit_code == 2);
  CHECK(unknown.err == "careerbot: unknown option --key for rotate-key (see careerbot --help)\n");
  CommandResult none = RunCommand({"rotate-key", "--data-dir", scratch.File("empty")}, "", scratch.path());
  CHECK(none.exit_code == 1);
  CHECK(none.err == "careerbot: rotate-key: " + scratch.File("empty") + "/careerbot.db: no database\n");
}

}  // namespace
}  // namespace careerbot::testing
